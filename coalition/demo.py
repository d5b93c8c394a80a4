"""Demo data for the coalition itself: the real partner organizations (public), and the demo accounts.

People in the demo are invented. Every seeder is idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from coalition.models import Organization, Region, User
from coalition.reference import load_regions_and_counties

DEMO_PASSWORD = "organize-illinois-2026"  # noqa: S105 - documented demo password, demo data only

# (name, short name, kind, region slug or None for statewide, website)
ORGANIZATIONS = [
    ("Illinois Coalition to End Permanent Punishments", "ICEPP", "grassroots", None, ""),
    ("Chicago 400 Alliance", "Chicago 400", "grassroots", "chicago", ""),
    ("Cannabis Equity Illinois Coalition", "CEIC", "policy", None, ""),
    ("Collective Freedom Project", "", "grassroots", None, ""),
    ("CAASE", "CAASE", "policy", "chicago", "https://www.caase.org/"),
    ("CAARPR", "CAARPR", "grassroots", "chicago", ""),
    ("Shriver Center on Poverty Law", "Shriver Center", "policy", "chicago", "https://www.povertylaw.org/"),
    ("Safer Foundation", "Safer", "service", "chicago", "https://saferfoundation.org/"),
    ("Above and Beyond Family Recovery Center", "Above and Beyond", "service", "chicago", ""),
    ("Legal Council for Health Justice", "Legal Council", "legal_aid", "chicago", ""),
    ("Kolbe House Jail Ministry", "Kolbe House", "faith", "chicago", ""),
    ("TASC", "TASC", "service", None, "https://www.tasc.org/"),
    ("Law Office of the Cook County Public Defender", "Cook County PD", "public", "chicago", ""),
    ("Cabrini-Green Legal Aid", "CGLA", "legal_aid", "chicago", "https://www.cgla.net/"),
    ("Legal Aid Chicago", "", "legal_aid", "chicago", "https://www.legalaidchicago.org/"),
    ("Land of Lincoln Legal Aid", "", "legal_aid", "southern", "https://www.lincolnlegal.org/"),
    ("Illinois Legal Aid Online", "ILAO", "legal_aid", None, "https://www.illinoislegalaid.org/"),
    ("Prairie State Legal Aid", "", "legal_aid", "northern", "https://www.pslegal.org/"),
    ("New Leaf Illinois", "", "legal_aid", None, ""),
]

# The default regions' names in Spanish, by short name.
SPANISH_REGIONS = {"chicago": "Chicago", "collar-counties": "Condados suburbanos", "northern": "Norte",
                   "central": "Centro", "metro-east": "Metro East", "southern": "Sur"}

# The partner representative speaks for this organization, which sits at the Chicago 400 Alliance table.
PARTNER_ORGANIZATION = "Safer Foundation"

# (email, first, last, role, region slug)
ACCOUNTS = [
    ("admin@demo.coalition.test", "Avery", "Admin", User.Role.ADMIN, None),
    ("staff@demo.coalition.test", "Sam", "Okafor", User.Role.STAFF, None),
    ("chicago.organizer@demo.coalition.test", "Tasha", "Greene", User.Role.ORGANIZER, "chicago"),
    ("central.organizer@demo.coalition.test", "Luis", "Hernández", User.Role.ORGANIZER, "central"),
    ("partner@demo.coalition.test", "Priya", "Raman", User.Role.PARTNER, None),
    ("member@demo.coalition.test", "Dolores", "Reyes", User.Role.MEMBER, None),
]


def seed_organizations() -> dict[str, Organization]:
    regions = {r.slug: r for r in Region.objects.all()}
    found = {}
    for name, short_name, kind, region_slug, website in ORGANIZATIONS:
        organization, _ = Organization.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "region": regions.get(region_slug) if region_slug else None,
                "website": website,
            },
        )
        found[name] = organization
    return found


def seed_accounts(organizations: dict[str, Organization]) -> dict[str, User]:
    regions = {r.slug: r for r in Region.objects.all()}
    users = {}
    for email, first, last, role, region_slug in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email,
                first_name=first,
                last_name=last,
                role=role,
                region=regions.get(region_slug) if region_slug else None,
                organization=organizations[PARTNER_ORGANIZATION] if role == User.Role.PARTNER else None,
                preferred_language="es" if email.startswith("member@") else "en",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[email] = user
    return users


def fill_spanish(model: type[models.Model], key: str, rows: dict[Any, dict[str, str]]) -> None:
    """Give the rows found by `key` their Spanish words (`{"name": ...}` sets `name_es`) where none is written
    yet: what an admin wrote stays. Idempotent. Used by the seeders."""
    for value, words in rows.items():
        for field, spanish in words.items():
            model._default_manager.filter(**{key: value, f"{field}_es": ""}).update(**{f"{field}_es": spanish})


def seed(**_: object) -> dict[str, object]:
    """The regions (with their Spanish names), organizations and the six demo accounts."""
    load_regions_and_counties()
    fill_spanish(Region, "slug", {slug: {"name": name} for slug, name in SPANISH_REGIONS.items()})
    organizations = seed_organizations()
    users = seed_accounts(organizations)
    return {"organizations": organizations, "users": users}
