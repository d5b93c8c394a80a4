"""Demo people (invented), spread over the regions, and the member account's own record."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

from coalition.models import County, Organization, User
from members.consent import consent_change_record, texting_phone
from members.models import ConsentChange, FollowUp, Interaction, Person, PersonPhone, SensitiveFacts, Stage, Tag
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


def _first_or_create(model: type[Model], defaults: dict[str, Any] | None = None, **lookup: Any) -> tuple[Any, bool]:
    """The oldest row matching `lookup`, else a new one. Not get_or_create: once the demo is used, more rows
    match (a second 1:1 logged, a namesake added, a milestone reached twice) and the seed must still run."""
    found = model._default_manager.filter(**lookup).order_by("pk").first()
    if found is not None:
        return found, False
    return model._default_manager.create(**lookup, **(defaults or {})), True


def _seed_people(users: dict[str, User] | None = None, **_: Any) -> dict[str, Any]:
    """Invented people, keyed by first and last name, and the member account linked to its person."""
    load_default_stages()
    counties = {c.fips: c for c in County.objects.select_related("region")}
    organizers = {u.email: u for u in User.objects.filter(role=User.Role.ORGANIZER)}
    people = {}
    for first, last, preferred, language, fips, organizer_email in PEOPLE:
        county = counties[fips]
        person, _created = _first_or_create(
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
# Ladder stage by order (1 Contact ... 6 Organizer): every stage has someone.
STAGES = {"Dolores Reyes": 5, "Marcus Bell": 3, "Andre Whitfield": 4, "Yesenia Castillo": 2, "Terrence Mayfield": 1,
          "Gloria Nwosu": 6, "Ramón Aguilar": 1, "Keisha Porter": 2, "Wendell Harlan": 3, "Imani Brooks": 4,
          "Travis Kettering": 2, "Rosa Delgado": 1}
# Days since the last contact; people not listed have never been contacted (they show as gone quiet).
CONTACT_DAYS_AGO = {"Dolores Reyes": 3, "Marcus Bell": 10, "Andre Whitfield": 45, "Gloria Nwosu": 1,
                    "Wendell Harlan": 5, "Imani Brooks": 60}


def _seed_details(people: dict[str, Person], counties: dict[str, County], organizers: dict[str, User]) -> None:
    """Phones, consent, tags, stages, contacts and follow-ups, sensitive facts, and the hard cases. Idempotent."""
    now = timezone.now()
    today = timezone.localdate()
    stages = {stage.order: stage for stage in Stage.objects.all()}
    chicago = organizers.get("chicago.organizer@demo.coalition.test")
    for name, numbers in PHONES.items():
        for index, number in enumerate(numbers):
            if not PersonPhone.objects.filter(person=people[name], number=number).exists():
                PersonPhone(person=people[name], number=number, is_primary=index == 0,
                            valid_since=today - timedelta(days=400)).save()
    for name, tag_names in TAGS.items():
        people[name].tags.add(*(Tag.objects.get_or_create(name=t)[0] for t in tag_names))
    for name, order in STAGES.items():
        Person.objects.filter(pk=people[name].pk, stage__isnull=True).update(stage=stages.get(order))
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
            _first_or_create(FollowUp, person=people[name], owner=chicago, note=note,
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
    shelter, _created = _first_or_create(
        Person, first_name="Eddie", last_name="", reach_through=Person.ReachThrough.SHELTER,
        defaults={"reach_through_name": "Pacific Garden Mission, front desk", "county": cook, "region": cook.region,
                  "reach_through_note": "Leave a message for Eddie at the front desk; he checks in most evenings.",
                  "assigned_organizer": chicago, "stage": stages.get(1)},
    )
    people["Eddie"] = shelter
    people["Harold Simms"] = _first_or_create(
        Person, first_name="Harold", last_name="Simms",
        defaults={"county": cook, "region": cook.region, "no_online_identity": True, "stage": stages.get(2),
                  "reach_through": Person.ReachThrough.PARTNER,
                  "reach_through_organization": Organization.objects.filter(name="Safer Foundation").first(),
                  "reach_through_note": "Reach him through his Safer Foundation case manager."},
    )[0]
    # A likely duplicate pair: the same man met twice, with the same phone number.
    twin, _created = _first_or_create(
        Person, first_name="Marc", last_name="Bell",
        defaults={"county": cook, "region": cook.region, "source": Person.Source.EVENT,
                  "email": "marc.bell@example.org"},
    )
    if not twin.phones.exists():
        PersonPhone(person=twin, number="+13125550117", is_primary=True).save()
    people["Marc Bell"] = twin


# Leadership development: appended to the people seeder ---------------------------------------------------

# (person, stage order, days since last contact)
LADDER = [
    ("Terrence Mayfield", 1, 5), ("Ramón Aguilar", 2, 3), ("Dolores Reyes", 3, 2), ("Yesenia Castillo", 3, 4),
    ("Andre Whitfield", 4, 40), ("Marcus Bell", 5, 1), ("Gloria Nwosu", 6, 2), ("Keisha Porter", 2, 8),
    ("Darnell Fuller", 3, 12), ("Wendell Harlan", 4, 3), ("Imani Brooks", 5, 45), ("Travis Kettering", 1, 9),
]


def seed_leadership(people: dict[str, Person], organizer: User | None) -> None:
    """Stages, moves, trainings, milestones, criteria, an overdue mentorship and waiting suggestions."""
    import datetime

    from django.utils import timezone

    from members.models import (
        AdvancementSuggestion,
        Mentorship,
        Milestone,
        MilestoneKind,
        Stage,
        StageCriterion,
        StageCriterionTraining,
        StageMove,
        Training,
        TrainingCompletion,
    )
    from members.reference import load_default_trainings
    from members.services import quiet_flags_update

    load_default_trainings()
    stages = {s.order: s for s in Stage.objects.all()}
    trainings = {t.name: t for t in Training.objects.all()}
    now = timezone.now()
    today = timezone.localdate()
    for name, order, days in LADDER:
        person = people[name]
        if person.stage_id is None:
            Person.objects.filter(pk=person.pk).update(stage=stages[order], last_contact_at=now - datetime.timedelta(
                days=days))
            if order > 1:
                StageMove.objects.create(person=person, from_stage=stages[order - 1], to_stage=stages[order],
                                         moved_by=organizer, reason="Demo: took on a new role.",
                                         at=now - datetime.timedelta(days=min(days, today.day - 1)))
            person.refresh_from_db()
    for stage_order, training, kind in ((4, "Know Your Rights", MilestoneKind.SPOKE),
                                        (5, "Legislative Advocacy 101", MilestoneKind.TESTIFIED)):
        criterion, _created = StageCriterion.objects.get_or_create(stage=stages[stage_order],
                                                                   defaults={"milestone_kinds": [kind]})
        StageCriterionTraining.objects.get_or_create(criterion=criterion, training=trainings[training])
    for name, training in (("Dolores Reyes", "Know Your Rights"), ("Andre Whitfield", "Know Your Rights"),
                           ("Andre Whitfield", "Storytelling for Media"), ("Marcus Bell", "Legislative Advocacy 101"),
                           ("Yesenia Castillo", "Know Your Rights")):
        TrainingCompletion.objects.get_or_create(person=people[name], training=trainings[training],
                                                 defaults={"completed_on": today - datetime.timedelta(days=30)})
    for name, kind in (("Andre Whitfield", MilestoneKind.SPOKE), ("Marcus Bell", MilestoneKind.TESTIFIED),
                       ("Yesenia Castillo", MilestoneKind.SPOKE), ("Dolores Reyes", MilestoneKind.LED_MEETING)):
        _first_or_create(Milestone, person=people[name], kind=kind, source_type=None,
                         defaults={"happened_on": today - datetime.timedelta(days=20), "recorded_by": organizer})
    Mentorship.objects.get_or_create(
        mentor=people["Marcus Bell"], mentee=people["Andre Whitfield"], ended_on=None,
        defaults={"cadence_days": 14, "started_on": today - datetime.timedelta(days=45), "created_by": organizer},
    )
    for name, to_order in (("Yesenia Castillo", 4), ("Andre Whitfield", 5), ("Darnell Fuller", 4)):
        AdvancementSuggestion.objects.get_or_create(
            person=people[name], to_stage=stages[to_order], status=AdvancementSuggestion.Status.PENDING,
            defaults={"from_stage": stages[to_order - 1], "reason": "Meets the criteria (demo)."},
        )
    quiet_flags_update()




def seed(users: dict[str, User] | None = None, **context: Any) -> dict[str, Any]:
    """The people seeder, then the leadership demo data on top of it (stories.demo adds the stories). Idempotent."""
    result = _seed_people(users=users, **context)
    organizer = User.objects.filter(email="chicago.organizer@demo.coalition.test").first()
    seed_leadership(result["people"], organizer)
    return result
