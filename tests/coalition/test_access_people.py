"""The policy for tags, bulk tagging, referrals and the voting bloc, role by role (docs/access.md)."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from coalition import access
from coalition.models import County, Organization
from members.models import BulkTagJob, RecordClearingReferral, Tag
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_tags_are_kept_by_staff_and_read_by_people_workers(staff, coalition_admin, organizer_chicago, partner_rep,
                                                           member):
    Tag.objects.create(name="Used")
    Tag.objects.create(name="Gone", retired_at="2026-01-01T00:00Z")
    assert access.may_manage_tags(staff) and access.may_manage_tags(coalition_admin)
    for actor in (organizer_chicago, partner_rep, member, AnonymousUser()):
        assert not access.may_manage_tags(actor)
    assert access.may_read_tags(organizer_chicago) and not access.may_read_tags(partner_rep)
    assert access.tag_scope(organizer_chicago).count() == 2
    assert list(access.tag_choice_scope(organizer_chicago).values_list("name", flat=True)) == ["Used"]
    for actor in (partner_rep, member, AnonymousUser()):
        assert not access.tag_scope(actor).exists()


def test_a_bulk_tagging_is_its_askers_and_staffs(staff, organizer_chicago, organizer_central, member):
    tag = Tag.objects.create(name="T")
    job = BulkTagJob.objects.create(created_by=organizer_chicago, tag=tag, action="add",
                                    idempotency_key=uuid.uuid4())
    assert list(access.bulk_tag_job_scope(organizer_chicago)) == [job]
    assert list(access.bulk_tag_job_scope(staff)) == [job]
    assert not access.bulk_tag_job_scope(organizer_central).exists()
    assert not access.bulk_tag_job_scope(member).exists()


def test_referrals_follow_the_sensitive_facts_rule(staff, coalition_admin, organizer_chicago, organizer_central,
                                                   partner_rep, member):
    partner = Organization.objects.create(name="Legal aid", kind=Organization.Kind.LEGAL_AID)
    chicago = PersonFactory(assigned_organizer=organizer_central)
    central = PersonFactory(county=County.objects.get(fips="17167"))
    own = RecordClearingReferral.objects.create(person=member.person, partner=partner, consent_given=True,
                                                referred_on="2026-02-01")
    of_chicago = RecordClearingReferral.objects.create(person=chicago, partner=partner, consent_given=True,
                                                       referred_on="2026-02-01")
    of_central = RecordClearingReferral.objects.create(person=central, partner=partner, consent_given=True,
                                                       referred_on="2026-02-01")
    assert set(access.referral_scope(staff)) == {own, of_chicago, of_central}
    assert set(access.referral_scope(coalition_admin)) == {own, of_chicago, of_central}
    # The Chicago organizer sees their region's, the member among them; the Central organizer only Central's,
    # not the Chicago person merely assigned to them.
    assert set(access.referral_scope(organizer_chicago)) == {own, of_chicago}
    assert set(access.referral_scope(organizer_central)) == {of_central}
    assert set(access.referral_scope(member)) == {own}
    assert not access.referral_scope(partner_rep).exists()
    assert access.may_record_referral(organizer_chicago, chicago)
    assert not access.may_record_referral(organizer_central, chicago)
    assert not access.may_record_referral(member, member.person)
    assert access.may_read_clinic_reports(organizer_central) and not access.may_read_clinic_reports(partner_rep)


def test_voting_answers_are_the_persons_or_written_down_by_who_may_change_the_record(
        organizer_chicago, organizer_central, partner_rep, member):
    chicago = PersonFactory()
    assert access.may_record_voting_answer(member, member.person)
    assert access.voting_answer_is_own(member, member.person)
    assert not access.may_record_voting_answer(member, chicago)
    assert access.may_record_voting_answer(organizer_chicago, chicago)
    assert not access.voting_answer_is_own(organizer_chicago, chicago)
    assert not access.may_record_voting_answer(organizer_central, chicago)
    assert not access.may_record_voting_answer(partner_rep, chicago)
