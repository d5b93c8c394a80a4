"""Permission-matrix rows for the people pages: the Chicago person exists only for staff, admins and the
Chicago organizer; partners and members see none of these pages."""

from __future__ import annotations

from typing import Any

from coalition.undo import undo_token
from members.models import FollowUp, ForgetRequest, ImportJob, PersonPhone
from members.phone_views import STOPPED
from tests.matrix import LOGIN, PEOPLE_WORKERS, Row, only
from tests.members.factories import PersonFactory

CHICAGO = ("admin", "staff", "organizer_chicago")


def world(base: dict[str, Any]) -> dict[str, Any]:
    """A Chicago person with a phone and a follow-up, a near twin, and an import by the Chicago organizer."""
    accounts = base["accounts"]
    person = PersonFactory(first_name="Quentin", last_name="Marsh")
    twin = PersonFactory(first_name="Quinton", last_name="Marsh")
    phone = PersonPhone(person=person, number="+13125550199", is_primary=True)
    phone.save()
    PersonPhone(person=person, number="+13125550198").save()
    follow_up = FollowUp.objects.create(person=person, owner=accounts["organizer_chicago"], due_on="2026-01-01")
    job = ImportJob.objects.create(created_by=accounts["organizer_chicago"], file_name="sheet.csv",
                                   encoding="utf-8", content="First name\nAna\n", mapping={"first_name": "First name"})
    member_phone = PersonPhone(person=accounts["member"].person, number="+17735550123", is_primary=True)
    member_phone.save()
    forget_request = ForgetRequest.objects.create(person=twin, how=ForgetRequest.How.PHONE, asked_on="2026-05-01",
                                                  requested_by=accounts["staff"])
    made = {"person": person, "twin": twin, "phone": phone, "follow_up": follow_up, "import_job": job,
            "member_phone": member_phone, "forget_request": forget_request}
    return {**made, **_tags_world(accounts, person), **_lists_world(accounts, person)}


def _token(w: dict[str, Any], role: str, phone: PersonPhone) -> str:
    return undo_token(user=w["accounts"][role], action=STOPPED, pk=phone.pk, state={})


def person(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["person"].pk}


def _post(kwargs: Any, status: int = 302, roles: tuple[str, ...] = CHICAGO) -> Row:
    expect = only(*roles, status=status)
    expect["anon"] = LOGIN
    return Row(method="post", kwargs=kwargs, expect=expect)


ROWS: dict[str, Row] = {
    "members:person_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:person_create": Row(expect=only(*PEOPLE_WORKERS)),
    "members:person_export": Row(expect=only(*PEOPLE_WORKERS)),
    # The person picker's search answers every people worker, each inside their own turf.
    "members:person_pick": Row(expect=only(*PEOPLE_WORKERS), query="field=person&person_search=Marsh"),
    "members:person_detail": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:person_update": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:person_consent": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:consent_withdraw": _post(lambda w: {"pk": w["person"].pk, "channel": "sms"}),
    "members:phone_add": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:phone_stopped": _post(lambda w: {"pk": w["person"].pk, "phone_pk": w["phone"].pk}),
    # An undo token is its maker's: the Chicago organizer's answers them (refused: nothing to undo, back to the
    # page); everyone else gets 404.
    "members:phone_stopped_undo": Row(
        method="post", kwargs=lambda w: {"pk": w["person"].pk, "phone_pk": w["phone"].pk},
        data=lambda w: {"token": _token(w, "organizer_chicago", w["phone"])},
        expect=only("organizer_chicago", status=302)),
    "members:phone_primary": _post(lambda w: {"pk": w["person"].pk, "phone_pk": w["phone"].pk}),
    "members:sensitive_update": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:person_copy": Row(kwargs=person, expect=only("admin", "staff")),
    "members:interaction_create": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:follow_up_done": _post(lambda w: {"pk": w["follow_up"].pk}),
    "members:import_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:import_create": Row(expect=only(*PEOPLE_WORKERS)),
    "members:import_detail": Row(kwargs=lambda w: {"pk": w["import_job"].pk}, expect=only(*CHICAGO)),
    "members:import_start": _post(lambda w: {"pk": w["import_job"].pk}),
    "members:import_progress": Row(kwargs=lambda w: {"pk": w["import_job"].pk}, expect=only(*CHICAGO)),
    "members:import_failed_csv": Row(kwargs=lambda w: {"pk": w["import_job"].pk}, expect=only(*CHICAGO)),
    "members:duplicate_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:person_merge": Row(kwargs=lambda w: {"pk": w["person"].pk, "other_pk": w["twin"].pk},
                                expect=only(*CHICAGO)),
    # Forgetting: staff and admins write a request down; only an admin sees the confirmation that carries it out.
    "members:forget_request_list": Row(expect=only("admin", "staff")),
    "members:forget_request_create": Row(kwargs=person, expect=only("admin", "staff")),
    "members:forget_confirm": Row(kwargs=lambda w: {"pk": w["forget_request"].pk}, expect=only("admin")),
}


ROWS.update({
    # A member's own contact details and phones; nobody else has a "me" page.
    "members:contact_mine": Row(expect=only("member")),
    "members:my_copy": Row(expect=only("member")),
    "members:phone_mine_stopped": Row(
        method="post", kwargs=lambda w: {"phone_pk": w["member_phone"].pk}, expect=only("member", status=302)
    ),
    "members:phone_mine_stopped_undo": Row(
        method="post", kwargs=lambda w: {"phone_pk": w["member_phone"].pk},
        data=lambda w: {"token": _token(w, "member", w["member_phone"])}, expect=only("member", status=302)),
})


def _tags_world(accounts: dict[str, Any], person: Any) -> dict[str, Any]:
    """A tag on the Chicago person, a bulk tagging the Chicago organizer asked for, a legal-aid partner and a
    referral of the Chicago person."""
    from coalition.models import Organization
    from members.models import BulkTagJob, RecordClearingReferral, Tag

    tag = Tag.objects.create(name="Matrix tag")
    person.tags.add(tag)
    job = BulkTagJob.objects.create(created_by=accounts["organizer_chicago"], tag=tag, action="add",
                                    person_ids=[person.pk], total=1, status=BulkTagJob.Status.DONE,
                                    idempotency_key="6f1d2a8e-0000-4000-8000-000000000001")
    partner = Organization.objects.create(name="Matrix Legal Aid", kind=Organization.Kind.LEGAL_AID)
    referral = RecordClearingReferral.objects.create(person=person, partner=partner, referred_on="2026-05-01",
                                                     consent_given=True)
    return {"tag": tag, "bulk_job": job, "legal_aid": partner, "referral": referral}


def _tag(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["tag"].pk}


ROWS.update({
    # Tags: everyone who works with people reads the page; staff and admins keep the tags.
    "members:tag_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:tag_create": Row(expect=only("admin", "staff")),
    "members:tag_update": Row(kwargs=_tag, expect=only("admin", "staff")),
    "members:tag_merge": Row(kwargs=_tag, expect=only("admin", "staff")),
    "members:tag_retire": _post(_tag, roles=("admin", "staff")),
    # Bulk tagging: the review and start pages answer every people worker (a form without a tag shows its error);
    # a job is its asker's, and staff's.
    "members:bulk_tag_review": Row(expect=only(*PEOPLE_WORKERS), query="bulk-who=ticked"),
    "members:bulk_tag_start": Row(method="post", expect=only(*PEOPLE_WORKERS),
                                  data=lambda w: {"bulk-who": "ticked", "bulk-person": [w["person"].pk]}),
    "members:bulk_tag_detail": Row(kwargs=lambda w: {"pk": w["bulk_job"].pk}, expect=only(*CHICAGO)),
    # Referrals are sensitive facts: the list and the report answer every people worker with what they may see;
    # one referral, and recording one, only those who may see the person's sensitive facts.
    "members:referral_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:clinic_report": Row(expect=only(*PEOPLE_WORKERS)),
    "members:referral_update": Row(kwargs=lambda w: {"pk": w["referral"].pk}, expect=only(*CHICAGO)),
    "members:referral_create": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:voting_update": Row(kwargs=person, expect=only(*CHICAGO)),
})


def _lists_world(accounts: dict[str, Any], person: Any) -> dict[str, Any]:
    """A fixed list the Chicago organizer keeps, shared with Chicago's organizers (so staff see it too, and the
    Central organizer does not), with the Chicago person on it."""
    from members.models import ListMembership, SavedList

    saved_list = SavedList.objects.create(name="Matrix list", kind=SavedList.Kind.FIXED,
                                          owner=accounts["organizer_chicago"], sharing=SavedList.Sharing.REGION,
                                          shared_region=accounts["organizer_chicago"].region)
    ListMembership.objects.create(saved_list=saved_list, person=person)
    return {"saved_list": saved_list}


def _list(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["saved_list"].pk}


ROWS.update({
    # Lists: every people worker keeps their own; a shared list answers those it is shared with (and staff); its
    # people are cut by each reader's reach. The audience page is staff's.
    "members:saved_list_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:saved_list_create": Row(expect=only(*PEOPLE_WORKERS)),
    "members:saved_list_add": Row(expect=only(*PEOPLE_WORKERS), query="bulk-person=1"),
    "members:saved_list_detail": Row(kwargs=_list, expect=only(*CHICAGO)),
    "members:saved_list_update": Row(kwargs=_list, expect=only(*CHICAGO)),
    "members:saved_list_archive": _post(_list),
    "members:saved_list_delete": Row(kwargs=_list, expect=only(*CHICAGO)),
    "members:saved_list_export": Row(kwargs=_list, expect=only(*CHICAGO)),
    "members:saved_list_remove": _post(lambda w: {"pk": w["saved_list"].pk, "person_pk": w["person"].pk}),
    "members:audience_pick": Row(expect=only("admin", "staff"), query="audience=list:0"),
})

ROWS.update({
    # A text from a number nobody (or several people) has: staff say whose it is, or add a new contact.
    "members:inbox_reply_match": Row(kwargs=lambda w: {"pk": w["unmatched_reply"].pk}, expect=only("admin", "staff")),
    "members:inbox_reply_new_contact": Row(method="post", kwargs=lambda w: {"pk": w["unmatched_reply"].pk},
                                           expect=only("admin", "staff")),
})
