"""Demo people (invented), spread over the regions, and the member account's own record."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

from coalition.models import County, Organization, User
from members.consent import consent_change_record, texting_phone
from members.models import ConsentChange, FollowUp, Interaction, Person, PersonPhone, SensitiveFacts, Tag

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


def first_or_create(model: type[Model], defaults: dict[str, Any] | None = None, **lookup: Any) -> tuple[Any, bool]:
    """The oldest row matching `lookup`, else a new one. Not get_or_create: once the demo is used, more rows
    match (a second 1:1 logged, a namesake added, a milestone reached twice) and the seed must still run."""
    found = model._default_manager.filter(**lookup).order_by("pk").first()
    if found is not None:
        return found, False
    return model._default_manager.create(**lookup, **(defaults or {})), True


def _seed_people(users: dict[str, User] | None = None, **_: Any) -> dict[str, Any]:
    """Invented people, keyed by first and last name, and the member account linked to its person."""
    counties = {c.fips: c for c in County.objects.select_related("region")}
    organizers = {u.email: u for u in User.objects.filter(role=User.Role.ORGANIZER)}
    people = {}
    for first, last, preferred, language, fips, organizer_email in PEOPLE:
        county = counties[fips]
        person, _created = first_or_create(
            Person,
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
    _seed_details(people, counties, organizers)
    return {"people": people}


# Fictional numbers (555-01xx), by person; the first is the primary.
PHONES = {
    "Dolores Reyes": ["+13125550142"], "Marcus Bell": ["+13125550117", "+17735550190"],
    "Andre Whitfield": ["+17735550123"], "Yesenia Castillo": ["+13125550168"], "Terrence Mayfield": ["+17735550131"],
    "Gloria Nwosu": ["+13125550155"], "Ramón Aguilar": ["+17735550176"], "Keisha Porter": ["+16305550109"],
    "Wendell Harlan": ["+12175550134"], "Imani Brooks": ["+13095550188"], "Travis Kettering": ["+13095550161"],
    "Rosa Delgado": ["+13095550112"], "Jerome Tate": ["+16185550147"],
}
TAGS = {"Dolores Reyes": ["Chicago 400", "Speaker"], "Marcus Bell": ["Clean Slate"],
        "Andre Whitfield": ["Clean Slate", "Driver"], "Gloria Nwosu": ["Chicago 400"],
        "Wendell Harlan": ["Fully Free"], "Imani Brooks": ["Clean Slate"]}
# Days since the last contact; people not listed have never been contacted (they show as gone quiet).
CONTACT_DAYS_AGO = {"Dolores Reyes": 3, "Marcus Bell": 10, "Andre Whitfield": 45, "Gloria Nwosu": 1,
                    "Wendell Harlan": 5, "Imani Brooks": 60}


def _seed_details(people: dict[str, Person], counties: dict[str, County], organizers: dict[str, User]) -> None:
    """Phones, consent, tags, contacts and follow-ups, sensitive facts, and the hard cases. Idempotent."""
    now = timezone.now()
    today = timezone.localdate()
    chicago = organizers.get("chicago.organizer@demo.coalition.test")
    for name, numbers in PHONES.items():
        for index, number in enumerate(numbers):
            if not PersonPhone.objects.filter(person=people[name], number=number).exists():
                PersonPhone(person=people[name], number=number, is_primary=index == 0,
                            valid_since=today - timedelta(days=400)).save()
    for name, tag_names in TAGS.items():
        people[name].tags.add(*(Tag.objects.get_or_create(name=t)[0] for t in tag_names))
    for person in Person.objects.filter(
        pk__in=[people[n].pk for n in ("Dolores Reyes", "Marcus Bell", "Gloria Nwosu")], sms_consent_at__isnull=True
    ):
        consent_change_record(person=person, channel="sms", given=True, method=ConsentChange.Method.ORGANIZER,
                              how="Sign-in sheet, Chicago 400 conference", phone=texting_phone(person),
                              actor=person.assigned_organizer, at=now - timedelta(days=200))
        consent_change_record(person=person, channel="phone", given=True, method=ConsentChange.Method.ORGANIZER,
                              how="Told the organizer in person", actor=person.assigned_organizer,
                              at=now - timedelta(days=200))
    for name, days in CONTACT_DAYS_AGO.items():
        person = people[name]
        logged_by = person.assigned_organizer or chicago
        when = now - timedelta(days=days)
        # The demo contact's own key finds it again, however many contacts were logged with the person since.
        Interaction.objects.get_or_create(
            idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-interaction-{name}"),
            defaults={"person": person, "logged_by": logged_by, "happened_at": when,
                      "kind": Interaction.Kind.ONE_ON_ONE if days > 5 else Interaction.Kind.CHECK_IN,
                      "channel": Interaction.Channel.IN_PERSON,
                      "notes": "Talked about the Clean Slate rollout and the next Springfield day."},
        )
        Person.objects.filter(pk=person.pk, last_contact_at__isnull=True).update(last_contact_at=when)
    if chicago is not None:
        for name, due_in, note in (("Marcus Bell", 0, "Call about the bus seat"),
                                   ("Andre Whitfield", -3, "Check in after the court date"),
                                   ("Yesenia Castillo", 4, "Bring the Spanish flyers")):
            first_or_create(FollowUp, person=people[name], owner=chicago, note=note,
                             defaults={"due_on": today + timedelta(days=due_in)})
    for name, fields in (
        ("Dolores Reyes", {"lived_experience": "directly", "registry_status": "current", "housing_unstable": True,
                           "reporting_day": 1}),
        ("Andre Whitfield", {"lived_experience": "directly", "supervision_status": "parole"}),
        ("Gloria Nwosu", {"lived_experience": "family"}),
        ("Wendell Harlan", {"lived_experience": "directly", "supervision_status": "probation"}),
    ):
        SensitiveFacts.objects.get_or_create(person=people[name], defaults=fields)
    cook = counties["17031"]
    shelter, _created = first_or_create(
        Person, first_name="Eddie", last_name="", reach_through=Person.ReachThrough.SHELTER,
        defaults={"reach_through_name": "Pacific Garden Mission, front desk", "county": cook, "region": cook.region,
                  "reach_through_note": "Leave a message for Eddie at the front desk; he checks in most evenings.",
                  "assigned_organizer": chicago},
    )
    people["Eddie"] = shelter
    people["Harold Simms"] = first_or_create(
        Person, first_name="Harold", last_name="Simms",
        defaults={"county": cook, "region": cook.region, "no_online_identity": True,
                  "reach_through": Person.ReachThrough.PARTNER,
                  "reach_through_organization": Organization.objects.filter(name="Safer Foundation").first(),
                  "reach_through_note": "Reach him through his Safer Foundation case manager."},
    )[0]
    # A likely duplicate pair: the same man met twice, with the same phone number.
    twin, _created = first_or_create(
        Person, first_name="Marc", last_name="Bell",
        defaults={"county": cook, "region": cook.region, "source": Person.Source.EVENT,
                  "email": "marc.bell@example.org"},
    )
    if not twin.phones.exists():
        PersonPhone(person=twin, number="+13125550117", is_primary=True).save()
    people["Marc Bell"] = twin


def seed(users: dict[str, User] | None = None, **context: Any) -> dict[str, Any]:
    """The people seeder (leadership.demo and stories.demo build on its people). Idempotent."""
    return _seed_people(users=users, **context)
