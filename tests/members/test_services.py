"""People services directly: placement by county, consent, phones, sensitive facts, contacts, merge."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.access import OutOfReach
from coalition.models import AuditEntry, County
from members import services
from members.models import FollowUp, Interaction, Person, RecordClearingReferral, SensitiveFacts, Tag
from tests.coalition.factories import OrganizationFactory
from tests.members.factories import PersonFactory, add_phone

pytestmark = pytest.mark.django_db


def test_person_with_only_a_first_name_and_a_reach_through_is_valid(organizer_chicago):
    person = services.person_create(actor=organizer_chicago, first_name="Eddie", reach_through="shelter",
                                    reach_through_name="Pacific Garden Mission", county=None)
    assert person.pk and person.email == "" and person.street_address == ""
    # Outside any region, it stays with the organizer who added it, so it does not vanish from their turf.
    assert person.assigned_organizer == organizer_chicago


def test_county_sets_the_region(staff, region_central):
    sangamon = County.objects.get(fips="17167")
    person = services.person_create(actor=staff, first_name="Ana", county=sangamon)
    assert person.region == sangamon.region == region_central
    cook = County.objects.get(fips="17031")
    services.person_update(actor=staff, person=person, county=cook)
    person.refresh_from_db()
    assert person.region == cook.region


def test_organizer_cannot_change_another_regions_person(organizer_central, region_chicago):
    person = PersonFactory()
    with pytest.raises(OutOfReach):
        services.person_update(actor=organizer_central, person=person, last_name="X")
    with pytest.raises(OutOfReach):
        services.person_create(actor=None, first_name="Nobody")


def test_consent_change_is_written_with_its_time_and_withdraw_is_one_call(organizer_chicago):
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.consent_set(actor=organizer_chicago, person=person, channel="sms", given=True, how="")
    services.consent_set(actor=organizer_chicago, person=person, channel="sms", given=True, how="Sign-in sheet")
    person.refresh_from_db()
    assert person.sms_consent and person.sms_consent_at is not None and person.sms_consent_how == "Sign-in sheet"
    given_at = person.sms_consent_at
    services.consent_withdraw(actor=organizer_chicago, person=person, channel="sms")
    person.refresh_from_db()
    assert not person.sms_consent and person.sms_consent_at >= given_at
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="update").count() == 2
    services.consent_withdraw(actor=organizer_chicago, person=person, channel="sms")  # idempotent
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="update").count() == 2


def test_phones_primary_and_stopped_working(organizer_chicago):
    person = PersonFactory()
    first = services.phone_add(actor=organizer_chicago, person=person, number="+13125550101")
    second = services.phone_add(actor=organizer_chicago, person=person, number="(773) 555-0102")
    assert first.is_primary and not second.is_primary and second.digits == "7735550102"
    services.phone_make_primary(actor=organizer_chicago, phone=second)
    first.refresh_from_db()
    assert not first.is_primary
    services.phone_mark_stopped(actor=organizer_chicago, phone=second)
    first.refresh_from_db()
    assert first.is_primary and second.stopped_working_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.phone_add(actor=organizer_chicago, person=person, number="+13125550101")
    with pytest.raises(ValidationError):
        services.phone_make_primary(actor=organizer_chicago, phone=second)


def test_sensitive_facts_changes_are_audited_and_guarded(organizer_chicago, organizer_central, staff):
    person = PersonFactory()
    services.sensitive_facts_update(actor=organizer_chicago, person=person, registry_status="current")
    entry = AuditEntry.objects.get(action="update", object_id=str(person.pk))
    assert entry.detail == {"fields": ["registry_status"]} and "current" not in str(entry.detail)
    assigned = PersonFactory(assigned_organizer=organizer_central)
    # Assigned but not in their region: the organizer sees the person, not their sensitive facts.
    with pytest.raises(OutOfReach):
        services.sensitive_facts_update(actor=organizer_central, person=assigned, housing_unstable=True)
    services.sensitive_facts_viewed(actor=staff, person=person)
    assert AuditEntry.objects.filter(action="view", object_id=str(person.pk)).count() == 1


def test_log_contact_twice_with_the_same_key_logs_once(organizer_chicago):
    person = PersonFactory()
    key = uuid.uuid4()
    due = timezone.localdate() + timedelta(days=2)
    first, created = services.interaction_log(actor=organizer_chicago, person=person, idempotency_key=key,
                                              channel="in_person", kind="one_on_one", self_interest="Housing",
                                              ask="Come to Springfield", answer="Yes", follow_up_on=due)
    again, created_again = services.interaction_log(actor=organizer_chicago, person=person, idempotency_key=key,
                                                    channel="in_person", kind="one_on_one", follow_up_on=due)
    assert created and not created_again and first.pk == again.pk
    assert Interaction.objects.count() == 1 and FollowUp.objects.count() == 1
    person.refresh_from_db()
    assert person.last_contact_at == first.happened_at
    follow_up = FollowUp.objects.get()
    assert follow_up.owner == organizer_chicago and follow_up.interaction == first and follow_up.due_on == due


def test_an_older_contact_does_not_move_last_contact_back(organizer_chicago):
    person = PersonFactory()
    services.interaction_log(actor=organizer_chicago, person=person, idempotency_key=uuid.uuid4(),
                             channel="phone", kind="check_in")
    person.refresh_from_db()
    latest = person.last_contact_at
    services.interaction_log(actor=organizer_chicago, person=person, idempotency_key=uuid.uuid4(), channel="phone",
                             kind="check_in", happened_at=timezone.now() - timedelta(days=3))
    person.refresh_from_db()
    assert person.last_contact_at == latest


def test_non_one_on_one_drops_the_one_on_one_fields(organizer_chicago):
    person = PersonFactory()
    interaction, _ = services.interaction_log(actor=organizer_chicago, person=person, idempotency_key=uuid.uuid4(),
                                              channel="text", kind="check_in", ask="ignored")
    assert interaction.ask == ""


def test_log_contact_outside_turf_is_out_of_reach(organizer_central):
    with pytest.raises(OutOfReach):
        services.interaction_log(actor=organizer_central, person=PersonFactory(), idempotency_key=uuid.uuid4(),
                                 channel="phone", kind="check_in")


def test_follow_up_done_is_idempotent(organizer_chicago):
    follow_up = FollowUp.objects.create(person=PersonFactory(), owner=organizer_chicago,
                                        due_on=timezone.localdate())
    services.follow_up_done(actor=organizer_chicago, follow_up=follow_up)
    done_at = follow_up.done_at
    services.follow_up_done(actor=organizer_chicago, follow_up=follow_up)
    assert follow_up.done_at == done_at is not None


def _counts(*people: Person) -> dict[str, int]:
    ids = [p.pk for p in people]
    return {
        "interactions": Interaction.objects.filter(person_id__in=ids).count(),
        "follow_ups": FollowUp.objects.filter(person_id__in=ids).count(),
        "referrals": RecordClearingReferral.objects.filter(person_id__in=ids).count(),
        "tags": len({t for p in people for t in p.tags.values_list("pk", flat=True)}),
    }


def test_merge_keeps_every_related_row(staff, organizer_chicago):
    keep = PersonFactory(first_name="Marcus", last_name="Bell", email="")
    drop = PersonFactory(first_name="Marc", last_name="Bell", email="marc@example.org")
    add_phone(keep, "+13125550117", is_primary=True)
    add_phone(drop, "+13125550117", is_primary=True)  # the same number on both
    add_phone(drop, "+17735550190", is_primary=False)
    keep.tags.add(Tag.objects.create(name="Clean Slate"))
    drop.tags.add(Tag.objects.create(name="Driver"), Tag.objects.get(name="Clean Slate"))
    for person in (keep, drop):
        services.interaction_log(actor=organizer_chicago, person=person, idempotency_key=uuid.uuid4(),
                                 channel="phone", kind="check_in", follow_up_on=timezone.localdate())
    partner = OrganizationFactory(name="Legal Aid Chicago (test)")
    RecordClearingReferral.objects.create(person=drop, partner=partner, referred_on=timezone.localdate(),
                                          consent_given=True)
    SensitiveFacts.objects.create(person=drop, registry_status="former")
    services.consent_set(actor=staff, person=drop, channel="sms", given=True, how="Text STARTED")
    before = _counts(keep, drop)

    kept = services.person_merge(actor=staff, keep=keep, drop=drop)

    assert not Person.objects.filter(pk=drop.pk).exists()
    assert _counts(kept) == before
    assert sorted(kept.phones.values_list("digits", flat=True)) == ["3125550117", "7735550190"]
    assert kept.phones.filter(is_primary=True).count() == 1
    assert kept.email == "marc@example.org" and kept.sms_consent and kept.sms_consent_how == "Text STARTED"
    assert kept.sensitive_facts.registry_status == "former"
    assert AuditEntry.objects.filter(action="merge", object_id=str(kept.pk)).exists()


def test_merge_later_withdrawal_wins(staff):
    keep, drop = PersonFactory(), PersonFactory()
    services.consent_set(actor=staff, person=keep, channel="email", given=True, how="Form")
    services.consent_withdraw(actor=staff, person=drop, channel="email")
    kept = services.person_merge(actor=staff, keep=keep, drop=drop)
    assert not kept.email_consent


def test_merge_needs_both_on_turf(organizer_central, region_central):
    keep = PersonFactory(county=County.objects.get(fips="17167"))
    drop = PersonFactory()
    with pytest.raises(OutOfReach):
        services.person_merge(actor=organizer_central, keep=keep, drop=drop)
