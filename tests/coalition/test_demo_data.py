"""The demo data and the reference data: 102 counties with real FIPS codes; seeding twice changes nothing,
even after the app was used; never under production settings unless told to; a deployment's first admin."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.demo import DEMO_PASSWORD
from coalition.models import County, Organization, Region, User
from members.models import Person

pytestmark = pytest.mark.django_db


def test_every_illinois_county_is_loaded_with_its_fips_code(regions) -> None:  # type: ignore[no-untyped-def]
    assert County.objects.count() == 102
    fips = list(County.objects.order_by("fips").values_list("fips", flat=True))
    assert fips[0] == "17001" and fips[-1] == "17203"
    assert all(int(code[2:]) % 2 == 1 for code in fips)  # Census county codes are odd numbers
    assert County.objects.get(fips="17031").name == "Cook"
    assert County.objects.get(fips="17031").region.slug == "chicago"
    assert County.objects.get(fips="17167").name == "Sangamon"
    assert set(Region.objects.values_list("name", flat=True)) == {
        "Chicago", "Collar Counties", "Northern", "Central", "Metro East", "Southern",
    }


def snapshot() -> tuple[object, ...]:
    return (
        list(User.objects.order_by("email").values_list("email", "role", "password", "region__slug", "person_id")),
        list(Organization.objects.order_by("name").values_list("name", "kind", "region__slug")),
        list(Person.objects.order_by("id").values_list("first_name", "last_name", "region__slug")),
    )


def test_seed_is_idempotent_and_makes_the_demo_accounts() -> None:
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    roles = dict(User.objects.values_list("email", "role"))
    assert roles == {
        "admin@demo.coalition.test": "admin",
        "staff@demo.coalition.test": "staff",
        "chicago.organizer@demo.coalition.test": "organizer",
        "central.organizer@demo.coalition.test": "organizer",
        "partner@demo.coalition.test": "partner",
        "member@demo.coalition.test": "member",
    }
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(email="chicago.organizer@demo.coalition.test").region.slug == "chicago"
    assert User.objects.get(email="partner@demo.coalition.test").organization.name == "Safer Foundation"
    assert User.objects.get(email="member@demo.coalition.test").person is not None
    for name in ("CAASE", "CAARPR", "Shriver Center on Poverty Law", "TASC", "Kolbe House Jail Ministry",
                 "Law Office of the Cook County Public Defender", "Legal Council for Health Justice",
                 "Above and Beyond Family Recovery Center", "Safer Foundation"):
        assert Organization.objects.filter(name=name).exists(), name


def test_the_seed_refuses_production_settings_and_says_why(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo")
    assert DEMO_PASSWORD in str(refused.value) and "--i-know-this-is-production" in str(refused.value)
    assert "createsuperuser" in str(refused.value)
    assert not User.objects.exists() and not Person.objects.exists()


def test_the_seed_runs_under_production_settings_only_when_told_to(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    err = StringIO()
    call_command("seed_demo", "--i-know-this-is-production", stdout=StringIO(), stderr=err)
    assert User.objects.filter(email="admin@demo.coalition.test", role=User.Role.ADMIN).exists()
    assert DEMO_PASSWORD in err.getvalue()


def test_a_production_instance_refuses_the_seed_before_it_touches_the_database() -> None:
    from tests.coalition.test_health_and_settings import PRODUCTION_ENV, manage

    # PRODUCTION_ENV names a database nobody created: the refusal comes first.
    result = manage("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode == 1
    assert "Refusing to load the demo data" in result.stderr and DEMO_PASSWORD in result.stderr


def test_the_first_admin_of_a_deployment_comes_from_createsuperuser(monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    from allauth.mfa.models import Authenticator

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-first-admin-passphrase")
    call_command("createsuperuser", "--noinput", "--email", "Director@Coalition.example", stdout=StringIO())
    admin = User.objects.get()
    assert admin.email == "director@coalition.example" and admin.role == User.Role.ADMIN
    assert admin.is_superuser and admin.is_staff and admin.check_password("a-long-first-admin-passphrase")
    # Under production's MFA rule the new admin is sent to set up a second factor before anything else.
    settings.REQUIRE_MFA = True
    client = Client()
    client.post("/accounts/login/", {"login": admin.email, "password": "a-long-first-admin-passphrase"})
    assert client.get("/audit/")["Location"] == reverse("mfa_activate_totp")
    assert not Authenticator.objects.exists()


def test_the_readme_deploys_with_a_first_admin_never_the_demo() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    deploy = readme[readme.index("## Deploying"):]
    commands = deploy[deploy.index("```sh") : deploy.index("```", deploy.index("```sh") + 5)]
    assert "createadmin" in commands  # the first admin: manage.py createadmin (tests/coalition/test_createadmin.py)
    assert "seed" not in commands


def test_the_seed_runs_again_after_the_demo_was_used() -> None:
    import uuid

    from leadership import services as ladder
    from leadership.models import Milestone, MilestoneKind
    from members import services as people
    from members.models import FollowUp, Interaction
    from stories import services as stories
    from stories.models import Story

    call_command("seed_demo")
    organizer = User.objects.get(email="chicago.organizer@demo.coalition.test")
    lola = Person.objects.get(first_name="Dolores", last_name="Reyes")
    andre = Person.objects.get(first_name="Andre", last_name="Whitfield")
    marcus = Person.objects.get(first_name="Marcus", last_name="Bell")
    today = timezone.localdate()
    # What an organizer does in a week with the demo: the same kinds of contact the seed logged, logged twice,
    # the same follow-up note, a second "spoke" milestone, a namesake added, a story with the same title.
    for person in (lola, andre, marcus):
        for kind in (Interaction.Kind.CHECK_IN, Interaction.Kind.ONE_ON_ONE):
            for _twice in range(2):
                people.interaction_log(actor=organizer, person=person, idempotency_key=uuid.uuid4(),
                                       channel=Interaction.Channel.PHONE, kind=kind, follow_up_on=today,
                                       follow_up_note="Call about the bus seat")
    ladder.milestone_record(actor=organizer, person=andre, kind=MilestoneKind.SPOKE, happened_on=today)
    people.person_create(actor=organizer, first_name="Marcus", last_name="Bell", county=marcus.county)
    stories.story_create(actor=organizer, person=andre, title="Twenty years after", text="Told again, shorter.",
                         consent_level="internal")
    people.person_update(actor=organizer, person=lola, story_sharing="internal")  # Lola changed her mind
    models = (Person, Interaction, FollowUp, Milestone, Story, User, Organization)
    used = {model.__name__: model.objects.count() for model in models}
    call_command("seed_demo")
    call_command("seed_demo")
    assert {model.__name__: model.objects.count() for model in models} == used
    assert Person.objects.get(pk=lola.pk).story_sharing == "internal"
