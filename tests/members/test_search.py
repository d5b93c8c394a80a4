"""The people list at scale: the top-N search, deep pages, the organizer's turf in pieces, cached dropdowns, and
the paginated duplicate scan. Each new path gives the answers of the straightforward one."""

from __future__ import annotations

import itertools
import random

import pytest
from django.db import connection
from django.urls import reverse

from coalition import access
from coalition.models import County
from members import selectors
from members.filters import search_people, search_people_top
from members.models import Person, Tag
from tests.coalition.factories import UserFactory
from tests.members.factories import PersonFactory, add_phone

pytestmark = pytest.mark.django_db

FIRST = ["Ana", "Anna", "Andres", "Lola", "Dolores", "Jon", "John", "Johnny", "Maria", "Mario", "Marisol", "Rosa"]
LAST = ["Rowe", "Rowan", "Reyes", "Ruiz", "Anders", "Lolan", "Marsh"]


def _crowd(n: int, seed: int = 7, **fields):  # type: ignore[no-untyped-def]
    """n people with overlapping names, emails and phones, so every rank and reason has members."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        person = PersonFactory(first_name=first, last_name=last, preferred_name=rng.choice(["", "", "Lo", "Jo"]),
                               email=rng.choice(["", f"{first.lower()}{i}@example.org", "shared@example.org"]),
                               **fields)
        add_phone(person, f"+1312555{rng.choice([i, i, 1234]):04d}")
        people.append(person)
    return people


# Search ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["ro", "Rowe", "an", "ann", "lo", "jo mar", "555", "5551234", "312-555-1234",
                                   "shared@", "ana1@example.org", "zz"])
def test_top_search_is_the_first_n_of_the_full_ranked_search(staff, query):
    _crowd(60)
    scope = access.people_work_scope(staff)
    expected = list(search_people(scope, query).values_list("id", flat=True)[:20])
    assert search_people_top(scope, query, 20) == expected


def test_search_shows_the_first_20_and_says_to_type_more(client, staff):
    for n in range(23):
        PersonFactory(first_name=f"Person{n:02d}", last_name="Rowe")
    PersonFactory(first_name="Rowena", last_name="Adams")  # a prefix too: by last name among the prefixes
    PersonFactory(first_name="Arrow", last_name="Aaron")  # contains only: after every prefix match
    client.force_login(staff)
    response = client.get(reverse("members:person_list"), {"q": "row"})
    page = response.context["page"]
    assert len(page.object_list) == 20 and page.more
    assert [str(p) for p in page.object_list[:2]] == ["Rowena Adams", "Person00 Rowe"]
    assert "Showing the first 20 matches; type more to narrow." in response.content.decode()
    narrowed = client.get(reverse("members:person_list"), {"q": "rowena"}).context["page"]
    assert [str(p) for p in narrowed.object_list] == ["Rowena Adams"] and not narrowed.more


@pytest.mark.parametrize("rows", [1, 20])
def test_search_page_queries_are_constant(client, organizer_chicago, django_assert_num_queries, rows):
    for n in range(rows):
        person = PersonFactory(first_name=f"Person{n}", last_name="Rowe", assigned_organizer=organizer_chicago)
        add_phone(person, f"+1312555{n:04d}")
        person.tags.add(Tag.objects.get_or_create(name="Clean Slate")[0])
    client.force_login(organizer_chicago)
    client.get(reverse("members:person_list"), {"q": "rowe"})
    # session, user, the ranked ids, people, tags, phones: no count, no dropdown queries
    with django_assert_num_queries(6):
        response = client.get(reverse("members:person_list"), {"q": "rowe"})
    assert len(response.context["page"].object_list) == rows


def test_organizer_search_stays_on_turf(client, organizer_chicago, region_central):
    central = County.objects.filter(region=region_central).first()
    PersonFactory(first_name="Lola", last_name="Here")
    PersonFactory(first_name="Lola", last_name="There", county=central)
    PersonFactory(first_name="Lola", last_name="Mine", county=central, assigned_organizer=organizer_chicago)
    client.force_login(organizer_chicago)
    found = client.get(reverse("members:person_list"), {"q": "lola"}).context["page"].object_list
    assert [str(p) for p in found] == ["Lola Here", "Lola Mine"]


# The list ------------------------------------------------------------------------------------------------

def test_turf_pieces_are_exactly_the_turf(organizer_chicago, region_central, staff, partner_rep):
    central = County.objects.filter(region=region_central).first()
    PersonFactory.create_batch(3)
    PersonFactory.create_batch(2, county=central)
    PersonFactory(county=central, assigned_organizer=organizer_chicago)
    PersonFactory(assigned_organizer=organizer_chicago)
    PersonFactory(county=None, region=None, assigned_organizer=organizer_chicago)
    PersonFactory(county=None, region=None)
    member = UserFactory(role="member", person=PersonFactory())
    for actor in (organizer_chicago, staff, partner_rep, member):
        parts = access.people_work_scope_parts(actor)
        ids = [pk for part in parts for pk in part.values_list("id", flat=True)]
        assert len(ids) == len(set(ids)), "the pieces overlap"
        assert set(ids) == set(access.people_work_scope(actor).values_list("id", flat=True))


def _names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.last_name} {p.first_name}" for p in page.object_list]


def test_pages_follow_the_name_order_and_a_too_large_page_is_the_last(client, organizer_chicago, region_central):
    central = County.objects.filter(region=region_central).first()
    for n in range(40):
        PersonFactory(first_name=f"P{n:02d}", last_name=f"Name{n % 7}")
    for n in range(15):  # assigned to the organizer outside their region: merged into the same order
        PersonFactory(first_name=f"A{n:02d}", last_name=f"Name{n % 5}", county=central,
                      assigned_organizer=organizer_chicago)
    everyone = [f"{p.last_name} {p.first_name}" for p in access.people_work_scope(organizer_chicago)
                .order_by("last_name", "first_name", "id")]
    client.force_login(organizer_chicago)
    first = client.get(reverse("members:person_list")).context["page"]
    second = client.get(reverse("members:person_list"), {"page": 2}).context["page"]
    last = client.get(reverse("members:person_list"), {"page": 999999}).context["page"]
    assert _names(first) == everyone[:25] and _names(second) == everyone[25:50]
    assert _names(last) == everyone[50:] and last.number == 3 and not last.has_next
    assert first.count == 55 and not first.approximate


@pytest.mark.postgres
def test_a_large_list_says_about_and_its_last_page_reads_backwards(client, staff, monkeypatch):
    for n in range(60):
        PersonFactory(first_name=f"P{n:02d}", last_name=f"Name{n % 9}")
    connection.cursor().execute("ANALYZE members_person")
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 10)
    everyone = [f"{p.last_name} {p.first_name}" for p in Person.objects.order_by("last_name", "first_name", "id")]
    client.force_login(staff)
    response = client.get(reverse("members:person_list"), {"page": 999999})
    page = response.context["page"]
    assert page.approximate and not page.has_next
    assert _names(page) == everyone[-25:]
    assert "About" in response.content.decode()
    second = client.get(reverse("members:person_list"), {"page": 2}).context["page"]
    assert _names(second) == everyone[25:50]


def test_dropdowns_come_from_the_cache_but_a_new_tag_still_filters(client, staff):
    tagged = PersonFactory(first_name="Tagged")
    PersonFactory(first_name="Other")
    client.force_login(staff)
    client.get(reverse("members:person_list"))  # fills the cached choices without the new tag
    tag = Tag.objects.create(name="Brand new")
    tagged.tags.add(tag)
    found = client.get(reverse("members:person_list"), {"tag": tag.pk}).context["page"].object_list
    assert list(found) == [tagged]
    html = client.get(reverse("members:person_list"), {"region": "chicago"}).content.decode()
    assert '<option value="chicago" selected>' in html


# Duplicates ----------------------------------------------------------------------------------------------

def _reference_pairs(actor) -> list[tuple[int, int, list[str]]]:  # type: ignore[no-untyped-def]
    """Every pair, the slow and obvious way: compare everyone with everyone."""
    people = list(access.people_work_scope(actor).prefetch_related("phones"))
    pairs = []
    for a, b in itertools.combinations(sorted(people, key=lambda p: p.pk), 2):
        why = []
        if {p.digits for p in a.phones.all()} & {p.digits for p in b.phones.all()}:
            why.append("phone")
        if a.email and a.email.lower() == b.email.lower():
            why.append("email")
        if (a.county_id and a.county_id == b.county_id and a.last_name.lower() == b.last_name.lower()
                and selectors.names_similar(a.__dict__, b.__dict__)):
            why.append("name")
        if why:
            pairs.append((a.pk, b.pk, sorted(why)))
    return pairs


def test_duplicate_pages_are_the_reference_pairs_in_order(staff, organizer_chicago, region_central):
    central = County.objects.filter(region=region_central).first()
    _crowd(45)
    _crowd(15, seed=8, county=central)
    PersonFactory(first_name="Christopher", last_name="Rowe")
    PersonFactory(first_name="Chris", last_name="ROWE")
    for actor in (staff, organizer_chicago):
        expected = _reference_pairs(actor)
        assert len(expected) > 12
        got, number = [], 1
        while True:
            page = selectors.duplicate_pairs(actor=actor, page=number, per_page=5)
            got += [(p["a"].pk, p["b"].pk, p["reasons"]) for p in page.object_list]
            if not page.has_next:
                break
            number += 1
        assert got == expected
    assert selectors.duplicate_pairs(actor=staff, page=999, per_page=5).object_list == []


def test_duplicates_page_shows_50_pairs_and_a_next_page(client, staff):
    for n in range(52):
        a = PersonFactory(first_name=f"Twin{n}", last_name=f"Pair{n}")
        b = PersonFactory(first_name=f"Other{n}", last_name=f"Else{n}")
        add_phone(a, f"+1773555{n:04d}")
        add_phone(b, f"+1773555{n:04d}")
    client.force_login(staff)
    response = client.get(reverse("members:duplicate_list"))
    assert len(response.context["page"].object_list) == 50
    assert 'rel="next"' in response.content.decode() and "Page 1" in response.content.decode()
    second = client.get(reverse("members:duplicate_list"), {"page": 2}).context["page"]
    assert len(second.object_list) == 2 and not second.has_next


@pytest.mark.parametrize(("a", "b", "similar"), [
    ("Jon", "John", False), ("Ana", "Anna", True), ("Maria", "Mario", True), ("Chris", "Christopher", True),
    ("Katarzyna", "Katarzina", True), ("Mark", "Mary", False), ("Lola", "Dolores", False), ("J", "James", True),
])
def test_name_similarity(a, b, similar):
    row = {"first_name": a, "preferred_name": ""}
    other = {"first_name": b, "preferred_name": ""}
    assert selectors.names_similar(row, other) is similar


@pytest.mark.postgres
def test_python_trigram_similarity_is_pg_trgm():
    words = ["Jon", "John", "Ana", "Anna", "Maria", "Mario", "Katarzyna", "Katarzina", "O'Brien", "Obrien",
             "Mary Ann", "Marianne", "DeShawn", "Deshaun", "X", "Ng"]
    with connection.cursor() as cursor:
        for a, b in itertools.product(words, repeat=2):
            cursor.execute("SELECT similarity(LOWER(%s), LOWER(%s))", [a, b])
            assert abs(cursor.fetchone()[0] - selectors.trigram_similarity(a.lower(), b.lower())) < 1e-6, (a, b)
