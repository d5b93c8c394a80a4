"""Demo people (invented), spread over the regions, and the member account's own record."""

from __future__ import annotations

from typing import Any

from coalition.models import County, User
from members.models import Person
from members.reference import load_default_stages

# (first, last, preferred name, language, county FIPS, organizer email or "")
PEOPLE = [
    ("Dolores", "Reyes", "Lola", "es", "17031", "chicago.organizer@demo.coalition.test"),
    ("Marcus", "Bell", "", "en", "17031", "chicago.organizer@demo.coalition.test"),
    ("Andre", "Whitfield", "Dre", "en", "17031", "chicago.organizer@demo.coalition.test"),
    ("Yesenia", "Castillo", "", "es", "17031", "chicago.organizer@demo.coalition.test"),
    ("Terrence", "Mayfield", "", "en", "17031", ""),
    ("Gloria", "Nwosu", "", "en", "17031", "chicago.organizer@demo.coalition.test"),
    ("Ramón", "Aguilar", "", "es", "17031", ""),
    ("Keisha", "Porter", "", "en", "17043", ""),
    ("Darnell", "Fuller", "", "en", "17197", ""),
    ("Beatriz", "Salgado", "Bea", "es", "17089", ""),
    ("Curtis", "Lindqvist", "", "en", "17201", ""),
    ("Shonda", "Pickett", "", "en", "17161", ""),
    ("Wendell", "Harlan", "", "en", "17167", "central.organizer@demo.coalition.test"),
    ("Imani", "Brooks", "", "en", "17143", "central.organizer@demo.coalition.test"),
    ("Travis", "Kettering", "", "en", "17019", "central.organizer@demo.coalition.test"),
    ("Rosa", "Delgado", "", "es", "17113", ""),
    ("Jerome", "Tate", "", "en", "17163", ""),
    ("Lakeisha", "Vaughn", "", "en", "17119", ""),
    ("Dale", "Pruitt", "", "en", "17077", ""),
    ("Carmen", "Ibarra", "", "es", "17199", ""),
]


def seed(users: dict[str, User] | None = None, **_: Any) -> dict[str, Any]:
    """Invented people, keyed by first and last name, and the member account linked to its person."""
    load_default_stages()
    counties = {c.fips: c for c in County.objects.select_related("region")}
    organizers = {u.email: u for u in User.objects.filter(role=User.Role.ORGANIZER)}
    people = {}
    for first, last, preferred, language, fips, organizer_email in PEOPLE:
        county = counties[fips]
        person, _created = Person.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "preferred_name": preferred,
                "preferred_language": language,
                "county": county,
                "region": county.region,
                "assigned_organizer": organizers.get(organizer_email),
            },
        )
        people[f"{first} {last}"] = person
    member = User.objects.filter(email="member@demo.coalition.test", person__isnull=True).first()
    if member is not None:
        member.person = people["Dolores Reyes"]
        member.save(update_fields=["person"])
    return {"people": people}
