"""Demo events (idempotent by slug): a Springfield advocacy day with buses from five regions, a bilingual
training, a quarterly Chicago 400 conference and a record-clearing clinic (with their partner hosts), with a few
RSVPs and a waitlist.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from campaigns.models import Campaign, Goal
from coalition.demo import fill_spanish
from coalition.models import Organization, Region
from events.models import RSVP, Bus, Event, EventHost, PickupPoint, Venue
from members.models import Person

CHICAGO = ZoneInfo("America/Chicago")

# (name, region slug, street, city, near school/park/day care, on public transit)
PICKUPS = [
    ("Chicago, Westside church lot", "chicago", "3500 W Madison St", "Chicago", False, True),
    ("Rockford, Booker Washington Center", "northern", "524 Kent St", "Rockford", False, False),
    ("Peoria, Proctor Center lot", "central", "309 S Dusenbery St", "Peoria", True, False),
    ("Metro East, East St. Louis library lot", "metro-east", "5300 State St", "East St. Louis", False, True),
    ("Carbondale, Eurma Hayes Center", "southern", "441 E Willow St", "Carbondale", False, False),
]


# The public events in Spanish, by public address: title and description.
SPANISH_EVENTS = {
    "springfield-advocacy-day": {
        "title": "Día de cabildeo en Springfield: Acabar con los castigos permanentes",
        "description": "Conozca a sus legisladores en el Capitolio. Los autobuses salen temprano de cinco regiones; "
                       "el almuerzo está incluido.",
    },
    "know-your-rights-training": {"title": "Taller Conozca sus derechos",
                                  "description": "En inglés y en español."},
    "chicago-400-quarterly-conference": {"title": "Conferencia trimestral de Chicago 400"},
    "record-clearing-clinic": {
        "title": "Clínica Limpie su récord",
        "description": "Ayuda gratuita para limpiar su récord con organizaciones de asistencia legal. No es "
                       "asesoría legal.",
    },
}

def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date(), time(hour, minute), tzinfo=CHICAGO)


def _region(slug: str) -> Region | None:
    return Region.objects.filter(slug=slug).first()


def seed(people: dict[str, Person] | None = None, campaigns: dict[str, Campaign] | None = None,
         **_: Any) -> dict[str, Any]:
    """Events relative to now (created once; their slugs are the natural keys)."""
    now = timezone.now().astimezone(CHICAGO)
    capitol, _c = Venue.objects.get_or_create(
        name="Illinois State Capitol", defaults={"street_address": "401 S 2nd St", "city": "Springfield",
                                                 "postal_code": "62701", "region": _region("central")})
    library, _c = Venue.objects.get_or_create(
        name="Legler Branch Library", defaults={"street_address": "115 S Pulaski Rd", "city": "Chicago",
                                                "postal_code": "60624", "region": _region("chicago"),
                                                "near_school_park_daycare": True, "on_public_transit": True})
    hall, _c = Venue.objects.get_or_create(
        name="Chicago Temple fellowship hall", defaults={"street_address": "77 W Washington St", "city": "Chicago",
                                                         "region": _region("chicago"), "on_public_transit": True})
    day = now + timedelta(weeks=4)
    while day.weekday() != 2:  # a Wednesday, when the General Assembly sits
        day += timedelta(days=1)
    advocacy, created = Event.objects.get_or_create(slug="springfield-advocacy-day", defaults={
        "title": "Springfield Advocacy Day: End Permanent Punishments", "kind": Event.Kind.ADVOCACY_DAY,
        "region": None, "starts_at": _at(day, 10), "ends_at": _at(day, 16), "venue": capitol, "capacity": 250,
        "rsvp_deadline": _at(day - timedelta(days=3), 17), "is_public": True,
        "description": "Meet your legislators at the Capitol. Buses leave early from five regions; lunch is provided.",
        "access_info": "The Capitol has step-free entrances on 2nd Street. Tell us about any access need."})
    buses = {}
    for name, slug, street, city, near, transit in PICKUPS:
        region = _region(slug)
        if region is None:
            continue
        point, _c = PickupPoint.objects.get_or_create(name=name, city=city, defaults={
            "region": region, "street_address": street, "near_school_park_daycare": near,
            "on_public_transit": transit})
        leaves = {"chicago": 5, "northern": 5, "central": 7, "metro-east": 6, "southern": 5}.get(slug, 6)
        bus, _c = Bus.objects.get_or_create(event=advocacy, pickup_point=point,
                                            defaults={"departs_at": _at(day, leaves, 30), "seats": 50})
        buses[slug] = bus
    training_day = now + timedelta(weeks=2)
    Event.objects.get_or_create(slug="know-your-rights-training", defaults={
        "title": "Know Your Rights training / Taller Conozca sus derechos", "kind": Event.Kind.TRAINING,
        "region": _region("chicago"), "starts_at": _at(training_day, 18), "ends_at": _at(training_day, 20),
        "venue": library, "capacity": 3, "is_public": True,
        "description": "In English and Spanish. En inglés y en español.",
        "access_info": "Step-free entrance; Spanish interpretation."})
    conference_day = now + timedelta(weeks=6)
    Event.objects.get_or_create(slug="chicago-400-quarterly-conference", defaults={
        "title": "Chicago 400 quarterly conference", "kind": Event.Kind.CONFERENCE, "region": _region("chicago"),
        "starts_at": _at(conference_day, 10), "ends_at": _at(conference_day, 14), "venue": hall, "capacity": 120,
        "is_public": True})
    clinic_day = now + timedelta(weeks=3)
    Event.objects.get_or_create(slug="record-clearing-clinic", defaults={
        "title": "Clear Your Record clinic", "kind": Event.Kind.CLINIC, "region": _region("chicago"),
        "starts_at": _at(clinic_day, 11), "ends_at": _at(clinic_day, 15), "venue": library, "capacity": 40,
        "is_public": True, "description": "Free record-clearing help with legal-aid partners. Not legal advice."})
    # Partner organizations host the clinic and the conference (names only on the public pages).
    for slug, name, role in (("record-clearing-clinic", "Cabrini-Green Legal Aid", EventHost.Role.HOST),
                             ("record-clearing-clinic", "Legal Aid Chicago", EventHost.Role.CO_HOST),
                             ("chicago-400-quarterly-conference", "Safer Foundation", EventHost.Role.CO_HOST)):
        organization = Organization.objects.filter(name=name).first()
        if organization is not None:
            EventHost.objects.get_or_create(event=Event.objects.get(slug=slug), organization=organization,
                                            defaults={"role": role})
    if created and people:
        training = Event.objects.get(slug="know-your-rights-training")
        rows = [(advocacy, "Wendell Harlan", buses.get("central"), RSVP.Status.GOING),
                (advocacy, "Imani Brooks", buses.get("central"), RSVP.Status.GOING),
                (advocacy, "Marcus Bell", buses.get("chicago"), RSVP.Status.GOING),
                (advocacy, "Carmen Ibarra", buses.get("southern"), RSVP.Status.GOING),
                (training, "Dolores Reyes", None, RSVP.Status.GOING),
                (training, "Yesenia Castillo", None, RSVP.Status.GOING),
                (training, "Ramón Aguilar", None, RSVP.Status.GOING),
                (training, "Andre Whitfield", None, RSVP.Status.WAITLISTED)]
        for event, name, seat_on, status in rows:
            person = people.get(name)
            if person is None:
                continue
            RSVP.objects.get_or_create(event=event, person=person, defaults={
                "status": status, "bus": seat_on, "source": RSVP.Source.PROXY, "language": person.preferred_language,
                "waitlisted_at": timezone.now() if status == RSVP.Status.WAITLISTED else None})
    fill_spanish(Event, "slug", SPANISH_EVENTS)
    if campaigns and "Clean Slate" in campaigns:
        seed_lobby_day(advocacy, campaigns["Clean Slate"])
    return {"events": {"advocacy_day": advocacy}}


def seed_lobby_day(advocacy: Event, campaign: Campaign) -> None:
    """The Springfield advocacy day belongs to the Clean Slate campaign, with a goal counted from its RSVPs."""
    if advocacy.campaign_id is None:
        advocacy.campaign = campaign
        advocacy.save(update_fields=["campaign"])
    Goal.objects.get_or_create(campaign=campaign, description="150 RSVPs to Lobby Day",
                               defaults={"metric": "event_rsvps_going", "target": 150})
