"""Record-clearing referrals: consent first, reach of sensitive facts, status steps with their dates, every look
and change audited; clinic intake from the check-in page; a clinic's report with counts and no names."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition.access import OutOfReach
from coalition.models import AuditEntry, County, Organization
from events.models import Event
from members import services
from members.models import RecordClearingReferral
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_aid(db):  # type: ignore[no-untyped-def]
    return Organization.objects.create(name="Cabrini Green Legal Aid", kind=Organization.Kind.LEGAL_AID)


def _central(**fields):  # type: ignore[no-untyped-def]
    return PersonFactory(county=County.objects.get(fips="17167"), **fields)


def test_a_referral_needs_the_persons_consent(organizer_chicago, legal_aid):
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.referral_create(actor=organizer_chicago, person=person, partner=legal_aid, consent_given=False)
    assert "consent_given" in error.value.message_dict
    assert not RecordClearingReferral.objects.exists()
    referral, created = services.referral_create(actor=organizer_chicago, person=person, partner=legal_aid,
                                                 consent_given=True)
    assert created and referral.referred_on == timezone.localdate() and referral.referred_by == organizer_chicago
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE)
    assert entry.detail["referral"] == referral.pk and entry.object_id == str(person.pk)


def test_only_those_who_see_sensitive_facts_record_referrals(organizer_central, organizer_chicago, partner_rep,
                                                             legal_aid):
    chicago = PersonFactory(assigned_organizer=organizer_central)  # assigned, but not of their region
    for actor in (organizer_central, partner_rep):
        with pytest.raises(OutOfReach):
            services.referral_create(actor=actor, person=chicago, partner=legal_aid, consent_given=True)
    with pytest.raises(OutOfReach):
        services.referral_create(actor=organizer_chicago, person=_central(), partner=legal_aid, consent_given=True)


def test_a_double_submit_records_one_referral(organizer_chicago, legal_aid):
    person, key = PersonFactory(), uuid.uuid4()
    first = services.referral_create(actor=organizer_chicago, person=person, partner=legal_aid, consent_given=True,
                                     idempotency_key=key)
    again = services.referral_create(actor=organizer_chicago, person=person, partner=legal_aid, consent_given=True,
                                     idempotency_key=key)
    assert first[0].pk == again[0].pk and again[1] is False
    assert RecordClearingReferral.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).count() == 1


def test_moving_a_referral_along_fills_each_steps_date_and_audits_field_names(staff, legal_aid):
    referral, _created = services.referral_create(actor=staff, person=PersonFactory(), partner=legal_aid,
                                                  consent_given=True, referred_on=timezone.localdate() - timedelta(5))
    services.referral_update(actor=staff, referral=referral, status="contacted")
    referral.refresh_from_db()
    assert referral.status == "contacted" and referral.contacted_on == timezone.localdate()
    services.referral_update(actor=staff, referral=referral, status="granted", outcome="Sealed")
    referral.refresh_from_db()
    assert referral.decided_on == timezone.localdate() and referral.outcome == "Sealed"
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).first()
    assert set(entry.detail["fields"]) == {"status", "outcome", "decided_on"}
    assert "Sealed" not in str(entry.detail)


def test_bad_dates_are_refused_and_nothing_is_saved(client, staff, legal_aid):
    referral, _created = services.referral_create(actor=staff, person=PersonFactory(), partner=legal_aid,
                                                  consent_given=True, referred_on=timezone.localdate())
    client.force_login(staff)
    response = client.post(reverse("members:referral_update", args=[referral.pk]), {
        "status": "filed", "partner": legal_aid.pk, "referred_on": timezone.localdate().isoformat(),
        "filed_on": (timezone.localdate() - timedelta(days=3)).isoformat(), "outcome": "typed"})
    assert response.status_code == 200
    assert "before the referral was made" in response.content.decode()
    assert "typed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "referred" and referral.filed_on is None


def test_the_referrals_list_shows_only_what_the_reader_may_see_and_audits_each_person(
        client, organizer_chicago, organizer_central, legal_aid, staff):
    chicago = PersonFactory(first_name="Wanda")
    services.referral_create(actor=staff, person=chicago, partner=legal_aid, consent_given=True)
    services.referral_create(actor=staff, person=_central(first_name="Zed"), partner=legal_aid, consent_given=True)
    AuditEntry.objects.all().delete()
    client.force_login(organizer_chicago)
    page = client.get(reverse("members:referral_list")).content.decode()
    assert "Wanda" in page and "Zed" not in page
    viewed = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert viewed.object_id == str(chicago.pk) and viewed.actor == organizer_chicago
    client.force_login(organizer_central)
    page = client.get(reverse("members:referral_list")).content.decode()
    assert "Wanda" not in page and "Zed" in page


@pytest.mark.parametrize("rows", [1, 20])
def test_referral_list_queries_are_constant(client, staff, legal_aid, django_assert_num_queries, rows):
    clinic = EventFactory(kind=Event.Kind.CLINIC)
    for n in range(rows):
        RecordClearingReferral.objects.create(person=PersonFactory(), partner=legal_aid, consent_given=True,
                                              referred_on=timezone.localdate(), event=clinic if n % 2 else None)
    client.force_login(staff)
    client.get(reverse("members:referral_list"))
    # session, user, count, the page with people, partners and clinics, the audit entries in one insert
    with django_assert_num_queries(5):
        response = client.get(reverse("members:referral_list"))
    assert len(response.context["page"].object_list) == rows


def test_clinic_intake_from_the_check_in_page(client, organizer_chicago, legal_aid):
    clinic = EventFactory(kind=Event.Kind.CLINIC, title="Clear Your Record clinic")
    rsvp = RSVPFactory(event=clinic, person=PersonFactory(first_name="Ines"), checked_in_at=timezone.now())
    other = EventFactory(kind=Event.Kind.TRAINING)
    RSVPFactory(event=other, person=rsvp.person, checked_in_at=timezone.now())
    client.force_login(organizer_chicago)
    page = client.get(reverse("events:checkin", args=[clinic.pk])).content.decode()
    link = reverse("members:referral_create", args=[rsvp.person_id]) + f"?event={clinic.pk}"
    assert link in page
    assert "to legal aid" not in client.get(reverse("events:checkin", args=[other.pk])).content.decode()
    form = client.get(link)
    key = form.context["form"]["idempotency_key"].value()
    response = client.post(link, {"partner": legal_aid.pk, "consent_given": "on", "idempotency_key": key})
    assert response.status_code == 302 and response.url == reverse("events:checkin", args=[clinic.pk])
    referral = RecordClearingReferral.objects.get()
    assert referral.event == clinic and referral.person == rsvp.person
    # Another event than a clinic is not a clinic to refer from.
    assert client.get(reverse("members:referral_create", args=[rsvp.person_id]) + f"?event={other.pk}"
                      ).status_code == 404


def test_the_referral_form_says_what_is_wrong_and_keeps_what_was_typed(client, organizer_chicago, legal_aid):
    person = PersonFactory()
    client.force_login(organizer_chicago)
    url = reverse("members:referral_create", args=[person.pk])
    key = client.get(url).context["form"]["idempotency_key"].value()
    response = client.post(url, {"partner": legal_aid.pk, "outcome": "Wants a call back", "idempotency_key": key})
    assert response.status_code == 200
    assert response.context["form"].errors["consent_given"]
    assert "Wants a call back" in response.content.decode()
    assert not RecordClearingReferral.objects.exists()


def test_a_clinics_report_counts_by_partner_and_status_without_names(client, staff, organizer_central, legal_aid):
    other_partner = Organization.objects.create(name="Land of Lincoln Legal Aid", kind=Organization.Kind.LEGAL_AID)
    clinic = EventFactory(kind=Event.Kind.CLINIC)
    for partner, status in ((legal_aid, "referred"), (legal_aid, "referred"), (legal_aid, "granted"),
                            (other_partner, "contacted")):
        RecordClearingReferral.objects.create(person=PersonFactory(first_name="Hidden"), partner=partner,
                                              status=status, consent_given=True, referred_on=timezone.localdate(),
                                              event=clinic)
    RecordClearingReferral.objects.create(person=PersonFactory(), partner=legal_aid, consent_given=True,
                                          referred_on=timezone.localdate())  # not at a clinic
    client.force_login(staff)
    response = client.get(reverse("members:clinic_report"), {"event": clinic.pk})
    report = response.context["report"]
    statuses = [value for value, _label in report.statuses]
    rows = {partner: dict(zip(statuses, cells, strict=True)) for partner, cells, _total in report.rows}
    assert rows["Cabrini Green Legal Aid"]["referred"] == 2 and rows["Cabrini Green Legal Aid"]["granted"] == 1
    assert rows["Land of Lincoln Legal Aid"]["contacted"] == 1
    assert report.total == 4
    assert "Hidden" not in response.content.decode()
    # An organizer of another region counts only the referrals they may see: none of these Chicago people.
    client.force_login(organizer_central)
    assert client.get(reverse("members:clinic_report"), {"event": clinic.pk}).context["report"].total == 0
    bad = client.get(reverse("members:clinic_report"), {"start": "2026-05-02", "end": "2026-05-01"})
    assert bad.context["report"] is None and bad.context["form"].errors["end"]


@pytest.mark.django_db(transaction=True)
def test_the_status_migration_keeps_every_referral_and_makes_in_progress_contacted() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("members", "0012_stories_move_out")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        person = old.get_model("members", "Person").objects.create(first_name="Old", last_name="Row")
        partner = old.get_model("coalition", "Organization").objects.create(name="Legal Aid Chicago",
                                                                            kind="legal_aid")
        referral_model = old.get_model("members", "RecordClearingReferral")
        ids = {status: referral_model.objects.create(person=person, partner=partner, status=status,
                                                     referred_on="2026-03-01", consent_given=True).pk
               for status in ("referred", "in_progress", "filed", "closed")}
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    statuses = dict(RecordClearingReferral.objects.values_list("pk", "status"))
    assert statuses == {ids["referred"]: "referred", ids["in_progress"]: "contacted", ids["filed"]: "filed",
                        ids["closed"]: "closed"}
