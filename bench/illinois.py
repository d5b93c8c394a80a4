"""Invented but realistic Illinois people: names, county weights by population, phones by area code.

Nothing here is a real person. County populations are rounded 2020 Census counts; counties not listed
weigh as a small rural county. Area codes follow where the county is (Chicago 312/773/872, suburbs
708/847/224/630/331, Rockford 815/779, Peoria 309, Springfield 217/447, Metro East and south 618/730).
"""

from __future__ import annotations

import random

FIRST_NAMES = [
    "James", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Christopher",
    "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Andre", "Darnell", "DeShawn", "Terrell",
    "Jamal", "Marcus", "Tyrone", "Malik", "Andres", "Jose", "Luis", "Carlos", "Juan", "Miguel", "Jesus",
    "Alejandro", "Ricardo", "Javier", "Francisco", "Piotr", "Tomasz", "Krzysztof", "Stanislaw", "Mohammed",
    "Ahmed", "Omar", "Tuan", "Minh", "Kevin", "Brian", "Jason", "Eric", "Ryan", "Jacob", "Nathan", "Samuel",
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
    "Lisa", "Nancy", "Betty", "Sandra", "Ashley", "Dorothy", "Kimberly", "Donna", "Michelle", "Carol",
    "Tamika", "Keisha", "LaToya", "Shanice", "Aaliyah", "Imani", "Ebony", "Latrice", "Maria", "Guadalupe",
    "Rosa", "Ana", "Carmen", "Veronica", "Yesenia", "Dolores", "Alejandra", "Marisol", "Agnieszka",
    "Katarzyna", "Fatima", "Aisha", "Mai", "Linh", "Grace", "Hannah", "Emily", "Olivia", "Sophia", "Ruth",
    "Gloria", "Denise", "Yolanda", "Bernice", "Loretta", "Alicia", "Monique", "Tiffany", "Crystal", "Angela",
]
NICKNAMES = {
    "James": "Jim", "Robert": "Bobby", "Michael": "Mike", "William": "Bill", "Richard": "Rick",
    "Joseph": "Joe", "Thomas": "Tom", "Christopher": "Chris", "Daniel": "Danny", "Anthony": "Tony",
    "Francisco": "Paco", "Alejandro": "Alex", "Guadalupe": "Lupe", "Dolores": "Lola", "Elizabeth": "Liz",
    "Patricia": "Patty", "Jennifer": "Jen", "Kimberly": "Kim", "Stanislaw": "Stan", "Katarzyna": "Kasia",
}
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez",
    "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart",
    "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
    "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks",
    "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo",
    "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Kowalski", "Nowak", "Wisniewski",
    "Wojcik", "Kaminski", "Lewandowski", "Zielinski", "Washington", "Jefferson", "Freeman", "Bell",
    "Coleman", "Butler", "Simmons", "Bryant", "Alexander", "Russell", "Griffin", "Hayes", "Ford", "Graham",
    "Wallace", "Woods", "Cole", "West", "Jordan", "Owens", "Reynolds", "Fisher", "Ellis", "Harrison",
    "Gibson", "McDonald", "Marshall", "Murray", "Salazar", "Vargas", "Castro", "Romero", "Herrera", "Medina",
    "Aguilar", "Vega", "Delgado", "Pena", "Rios", "Avila", "Khan", "Ali", "Ahmed", "Tran", "Pham", "O'Brien",
    "Sullivan", "Byrne", "Kowalczyk", "Dabrowski", "Mazur", "Krawczyk", "Novak", "Horvath", "Schmidt",
]
PRONOUNS = ["", "", "", "she/her", "he/him", "they/them"]
EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "comcast.net"]
TAGS = [
    "Clean Slate", "Fully Free", "Chicago 400", "Clear Your Record", "Voting bloc", "Springfield trip",
    "Storyteller", "Volunteer", "Bus captain", "Spanish speaker", "Clinic intake", "Youth", "Faith",
    "Re-entry", "Housing", "Family member", "Phone bank", "Canvasser", "Media ready", "Trainer",
]

POPULATION = {
    "Cook": 5_275_000, "DuPage": 932_000, "Lake": 714_000, "Will": 696_000, "Kane": 516_000, "McHenry": 310_000,
    "Winnebago": 285_000, "Madison": 265_000, "St. Clair": 257_000, "Champaign": 205_000, "Sangamon": 196_000,
    "Peoria": 181_000, "McLean": 170_000, "Rock Island": 144_000, "Kendall": 131_000, "Tazewell": 131_000,
    "LaSalle": 110_000, "Kankakee": 107_000, "Macon": 103_000, "DeKalb": 100_000, "Vermilion": 74_000,
    "Williamson": 67_000, "Adams": 65_000, "Whiteside": 55_000, "Boone": 53_000, "Jackson": 52_000,
    "Grundy": 52_000, "Ogle": 51_000, "Henry": 49_000, "Knox": 49_000, "Coles": 47_000, "Stephenson": 44_000,
    "Macoupin": 44_000, "Franklin": 37_000, "Marion": 37_000, "Clinton": 37_000, "Livingston": 35_000,
    "Effingham": 34_000, "Lee": 34_000, "Morgan": 33_000, "Monroe": 34_000, "Jefferson": 37_000,
    "Fulton": 33_000, "Bureau": 33_000, "Woodford": 38_000, "Randolph": 31_000, "Christian": 34_000,
}
RURAL_POPULATION = 15_000

AREA_CODES_BY_REGION = {
    "chicago": ["312", "773", "872", "708", "847"],
    "collar-counties": ["630", "331", "847", "224", "815", "779"],
    "northern": ["815", "779"],
    "central": ["217", "447", "309"],
    "metro-east": ["618", "730"],
    "southern": ["618", "730"],
}
AREA_CODES_BY_COUNTY = {
    "Cook": ["312", "773", "872", "773", "312", "708", "847", "224"],
    "Peoria": ["309"], "Tazewell": ["309"], "McLean": ["309"], "Knox": ["309"], "Woodford": ["309"],
    "Fulton": ["309"], "McDonough": ["309"], "Rock Island": ["309"], "Henry": ["309"], "Mercer": ["309"],
    "Sangamon": ["217", "447"], "Champaign": ["217", "447"], "Macon": ["217"], "Adams": ["217"],
    "Winnebago": ["815", "779"], "DuPage": ["630", "331"], "Kane": ["630", "331", "847"], "Lake": ["847", "224"],
}
CITY_BY_COUNTY = {
    "Cook": "Chicago", "Winnebago": "Rockford", "Peoria": "Peoria", "Sangamon": "Springfield",
    "Jackson": "Carbondale", "St. Clair": "East St. Louis", "Madison": "Alton", "Champaign": "Champaign",
    "McLean": "Bloomington", "DuPage": "Aurora", "Kane": "Elgin", "Lake": "Waukegan", "Will": "Joliet",
    "Rock Island": "Rock Island", "Macon": "Decatur", "Kankakee": "Kankakee",
}


def county_weight(name: str) -> int:
    return POPULATION.get(name, RURAL_POPULATION)


def area_codes(county_name: str, region_slug: str) -> list[str]:
    return AREA_CODES_BY_COUNTY.get(county_name) or AREA_CODES_BY_REGION.get(region_slug, ["217"])


def phone_number(rng: random.Random, area_code: str) -> str:
    """An E.164 number in the area code: the exchange is a valid NXX (no N11, no 555, no 950/958/959/976)."""
    while True:
        exchange = rng.randint(200, 999)
        if exchange % 100 != 11 and exchange not in (555, 950, 958, 959, 976):
            break
    return f"+1{area_code}{exchange}{rng.randint(0, 9999):04d}"
