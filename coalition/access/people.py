"""The policy for tags and bulk tagging, record-clearing referrals and clinic reports, voting-bloc answers, and
requests to be forgotten."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from coalition.access import (
    is_admin,
    is_member,
    is_organizer,
    is_own_record,
    is_staff_or_admin,
    may_change_contact,
    may_change_person,
    may_change_sensitive,
    may_work_with_people,
    signed_in,
)

if TYPE_CHECKING:
    from coalition.access import Actor
    from members.models import BulkTagJob, ForgetRequest, Person, RecordClearingReferral, Tag


def may_manage_tags(actor: Actor | None) -> bool:
    """Creating, renaming, merging and retiring tags: staff and admins."""
    return is_staff_or_admin(actor)


def may_read_tags(actor: Actor | None) -> bool:
    """The tags page: everyone who works with people (organizers read it)."""
    return may_work_with_people(actor)


def tag_scope(actor: Actor | None) -> QuerySet[Tag]:
    """Every tag, retired ones included (the tags page, history): for everyone who works with people."""
    from members.models import Tag

    return Tag.objects.all() if may_work_with_people(actor) else Tag.objects.none()


def tag_choice_scope(actor: Actor | None) -> QuerySet[Tag]:
    """The tags a picker or a filter offers: the ones not retired."""
    return tag_scope(actor).filter(retired_at__isnull=True)


def may_tag_people(actor: Actor | None) -> bool:
    """Tagging people from the people list, one or many: whoever works with people, within their reach."""
    return may_work_with_people(actor)


def bulk_tag_job_scope(actor: Actor | None) -> QuerySet[BulkTagJob]:
    """Bulk taggings: staff and admins see all of them; an organizer their own."""
    from members.models import BulkTagJob

    user = signed_in(actor)
    if is_staff_or_admin(user):
        return BulkTagJob.objects.all()
    if is_organizer(user):
        return BulkTagJob.objects.filter(created_by=user)
    return BulkTagJob.objects.none()


def referral_scope(actor: Actor | None) -> QuerySet[RecordClearingReferral]:
    """Record-clearing referrals are sensitive facts: staff and admins see all; a regional organizer those of
    their region's people (not people merely assigned to them elsewhere); a member their own."""
    from members.models import RecordClearingReferral

    qs = RecordClearingReferral.objects.all()
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return qs
    if is_organizer(user):
        return qs.filter(person__region_id=user.region_id) if user.region_id else qs.none()
    if is_member(user) and user.person_id:
        return qs.filter(person_id=user.person_id)
    return qs.none()


def may_record_referral(actor: Actor | None, person: Person) -> bool:
    """Recording or changing a referral: staff, admins and the person's regional organizer."""
    return may_change_sensitive(actor, person) and may_change_person(actor, person)


def may_read_clinic_reports(actor: Actor | None) -> bool:
    """A clinic's report (counts of the referrals the reader may see, no names): whoever works with people."""
    return may_work_with_people(actor)


def may_record_voting_answer(actor: Actor | None, person: Person) -> bool:
    """A person's voting-bloc answers: the member themself, or whoever may change the record (writing down what
    the person told them, with how)."""
    return may_change_contact(actor, person)


def voting_answer_is_own(actor: Actor | None, person: Person) -> bool:
    """The person gives the answer themself (their own page), rather than an organizer writing it down."""
    return is_own_record(actor, person)


def may_give_own_copy(actor: Actor | None, person: Person) -> bool:
    """A copy of everything kept about a person: the member themselves, and staff and admins for a person who asks
    in person (organizers may not: the copy holds sensitive facts)."""
    return is_own_record(actor, person) or is_staff_or_admin(actor)


def may_record_forget_request(actor: Actor | None) -> bool:
    """Writing down that a person asked to be forgotten (who asked, when, how): staff and admins."""
    return is_staff_or_admin(actor)


def may_carry_out_forget(actor: Actor | None) -> bool:
    """Carrying a request to be forgotten out, which cannot be undone: admins only."""
    return is_admin(actor)


def forget_request_scope(actor: Actor | None) -> QuerySet[ForgetRequest]:
    """Requests to be forgotten: staff and admins see them all (they name a person only by record number)."""
    from members.models import ForgetRequest

    if not may_record_forget_request(actor):
        return ForgetRequest.objects.none()
    return ForgetRequest.objects.all()
