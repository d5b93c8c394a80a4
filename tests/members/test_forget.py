"""Forget me: recorded by staff, carried out by an admin after a confirmation, in one transaction. Nothing that
named or described the person is left anywhere in the database, while every count they were part of stays the
same; they are never found, listed or messaged again, and their phone or email coming back makes someone new."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignAction, Goal, Participation
from campaigns.selectors import goals_with_counts
from coalition.access import OutOfReach
from coalition.models import AuditEntry, County, User
from coalition.services import audit_record
from events.models import RSVP, RSVPReview
from leadership.models import Mentorship, Milestone, Stage
from members import selectors, services
from members.models import (
    ConsentChange,
    ConsentRequest,
    FollowUp,
    ForgetRequest,
    ImportJob,
    Interaction,
    Person,
    PersonPhone,
    SavedList,
    SensitiveFacts,
)
from messaging.models import InboundReply, Message
from messaging.services import message_send
from stories.models import Story
from tests.campaigns.factories import ActionFactory, CampaignFactory, RepresentativeFactory
from tests.coalition.factories import UserFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.test_public_rsvp import post_rsvp
from tests.members.factories import ForgetRequestFactory, PersonFactory, add_phone
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

NAME, PREFERRED, EMAIL = "Zebulon Quillfeather", "Zeb", "zq.forgetme@example.org"
PHONE, SECOND_PHONE = "+13125550161", "+17735550162"
# Everything that would name or describe him, as it could appear in any table.
TRACES = ("Zebulon", "Quillfeather", "zq.forgetme", "5550161", "5550162", "Pacific Garden shelter",
          "Wants his record sealed", "Eleven years to a lease", "Needs the lift", "4821 W Augusta")


def _zeb() -> Person:
    zeb = PersonFactory(first_name="Zebulon", last_name="Quillfeather", preferred_name=PREFERRED, email=EMAIL,
                        street_address="4821 W Augusta Blvd", city="Chicago", postal_code="60651",
                        sms_consent=True, email_consent=True, voter_registration="registered",
                        reach_through_note="Pacific Garden shelter front desk")
    add_phone(zeb, PHONE, is_primary=True)
    add_phone(zeb, SECOND_PHONE, note="His sister's")
    return zeb


def _world(zeb: Person, organizer: User, staff: User) -> dict[str, Any]:
    """Zeb in every corner of the app, next to somebody else who must be untouched."""
    now = timezone.now()
    SensitiveFacts.objects.create(person=zeb, supervision_status="parole", housing_unstable=True,
                                  note="Sleeps at the Pacific Garden shelter")
    Interaction.objects.create(person=zeb, logged_by=organizer, happened_at=now, channel="phone", kind="one_on_one",
                               notes="Wants his record sealed", self_interest="Zebulon wants work",
                               idempotency_key=uuid.uuid4())
    FollowUp.objects.create(person=zeb, owner=organizer, due_on=timezone.localdate(), note="Call Zeb back")
    ConsentChange.objects.create(person=zeb, channel="sms", given=True, method="reply", how="Texted YES",
                                 phone_digits="3125550161", reference="SM123")
    ConsentRequest.objects.create(person=zeb, phone_digits="3125550161", how="Public RSVP",
                                  expires_at=now + timezone.timedelta(days=2))
    campaign = CampaignFactory()
    event = EventFactory(campaign=campaign)
    RSVPFactory(event=event, person=zeb, access_needs="Needs the lift", checked_in_at=now)
    RSVPReview.objects.create(event=event, match=zeb, name="Zebulon Q", phone=PHONE, fingerprint="zeb|3125550161")
    Participation.objects.create(campaign=campaign, person=zeb, joined_on=timezone.localdate())
    ActionFactory(campaign=campaign, person=zeb)
    for metric in ("participants", "people_acting", "actions", "event_rsvps_going", "event_people_checked_in",
                   "voting_people_registered"):
        Goal.objects.create(campaign=campaign, description=metric, metric=metric, target=10)
    StoryFactory(person=zeb, title="Eleven years to a lease", text="Zebulon told us about the lease.")
    Message.objects.create(person=zeb, kind="event_reminder", channel="sms", due_at=now, status="sent", to=PHONE,
                           dedupe_key="forget-sent")
    pending = Message.objects.create(person=zeb, kind="event_reminder", channel="sms", due_at=now, to="",
                                     dedupe_key="forget-pending")
    InboundReply.objects.create(provider_id="SMzeb1", from_number=PHONE, from_digits="3125550161",
                                body="Zebulon here, call me", received_at=now, person=zeb)
    mentee = PersonFactory(first_name="Mina", last_name="Okafor")
    mentorship = Mentorship.objects.create(mentor=zeb, mentee=mentee, started_on=timezone.localdate(),
                                           created_by=organizer)
    recruit_note = Milestone.objects.create(person=mentee, kind="recruited", happened_on=timezone.localdate(),
                                            note=f"Recruited {NAME}")
    representative = RepresentativeFactory(person=zeb)
    UserFactory(role=User.Role.MEMBER, person=zeb, email=EMAIL, first_name="Zebulon", last_name="Quillfeather")
    ImportJob.objects.create(created_by=organizer, file_name="sheet.csv", encoding="utf-8",
                             content=f"First name,Last name,Phone\nZebulon,Quillfeather,{PHONE}\nMina,Okafor,\n",
                             results=[{"row": 2, "status": "created", "person": zeb.pk, "messages": []},
                                      {"row": 3, "status": "created", "person": mentee.pk, "messages": []}])
    PersonFactory(first_name="Rae", last_name="Dunn", reach_through="family", reach_through_name=NAME)
    audit_record(actor=staff, action=AuditEntry.Action.EXPORT, target=zeb,
                 summary=f"Own copy of what is kept about {NAME}")
    audit_record(actor=staff, action=AuditEntry.Action.VIEW, summary=f"Searched for {EMAIL}", detail={"q": PHONE})
    saved = SavedList.objects.create(name="Riders", kind=SavedList.Kind.FIXED, owner=staff)
    saved.memberships.create(person=zeb)
    return {"campaign": campaign, "event": event, "mentee": mentee, "mentorship": mentorship,
            "recruit_note": recruit_note, "representative": representative, "pending": pending, "saved": saved}


def _counts(world: dict[str, Any], admin: User) -> dict[str, Any]:
    goals = {g.metric: g.current for g in goals_with_counts(actor=admin, campaign=world["campaign"])}
    return {"goals": goals, "rsvps": RSVP.objects.count(),
            "checked_in": RSVP.objects.exclude(checked_in_at=None).count(),
            "contacts": Interaction.objects.count(), "participation": Participation.objects.count(),
            "actions": CampaignAction.objects.count(), "stories": Story.objects.count(),
            "people_by_region": sorted(Person.objects.values_list("region_id", flat=True)),
            "stage_counts": sorted((s.pk, s.people.count()) for s in Stage.objects.all()),
            "messages": Message.objects.count()}


def _carry_out(admin: User, staff: User, person: Person) -> ForgetRequest:
    request = services.forget_request_record(actor=staff, person=person, who_asked="themselves", how="phone",
                                             asked_on=timezone.localdate())
    services.forget_carry_out(actor=admin, request=request, typed_name=person.display_name, understood=True)
    return request


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_a_forgotten_person_leaves_nothing_in_the_database_and_every_count_stays(
        coalition_admin: Any, staff: Any, organizer_chicago: Any, regions: Any) -> None:
    zeb = _zeb()
    world = _world(zeb, organizer_chicago, staff)
    before = _counts(world, coalition_admin)
    dump = _dump()
    assert all(trace in dump for trace in TRACES)  # the search below can find each of them

    _carry_out(coalition_admin, staff, zeb)

    dump = _dump()
    for trace in TRACES:
        assert trace.lower() not in dump.lower(), trace
    assert _counts(world, coalition_admin) == before
    assert before["goals"]["participants"] == 1 and before["goals"]["event_people_checked_in"] == 1
    zeb.refresh_from_db()
    assert zeb.forgotten_at is not None and zeb.region.slug == "chicago" and not zeb.phones.exists()
    assert str(zeb) == "A former member" and not zeb.sms_consent and not zeb.email_consent
    assert not SensitiveFacts.objects.filter(person=zeb).exists()
    # Links from other records stay consistent and name nobody.
    assert str(Mentorship.objects.get(pk=world["mentorship"].pk).mentor) == "A former member"
    assert str(world["representative"].__class__.objects.get(pk=world["representative"].pk)) == "A former member"
    assert Story.objects.get(person=zeb).revoked_at is not None
    world["pending"].refresh_from_db()
    assert world["pending"].status == Message.Status.SKIPPED
    account = User.objects.get(email__startswith="forgotten-")
    assert not account.is_active and account.person_id is None and not account.has_usable_password()
    # The somebody else: untouched, apart from the note that named him.
    mentee = Person.objects.get(pk=world["mentee"].pk)
    assert (mentee.first_name, mentee.forgotten_at) == ("Mina", None)
    assert "Mina,Okafor" in ImportJob.objects.get().content
    # One audit entry: the record number and who did it, not the name.
    entry = AuditEntry.objects.get(detail__kind="forget")
    assert entry.actor == coalition_admin and entry.object_id == str(zeb.pk) and "Zeb" not in entry.summary


def test_staff_record_the_request_and_an_admin_carries_it_out_after_the_confirmation(
        client: Client, coalition_admin: Any, staff: Any, regions: Any) -> None:
    zeb = _zeb()
    client.force_login(staff)
    assert "Record a request to be forgotten" in client.get(
        reverse("members:person_detail", args=[zeb.pk])).content.decode()
    form = {"who_asked": "for_them", "how": "letter", "asked_on": timezone.localdate().isoformat()}
    response = client.post(reverse("members:forget_request_create", args=[zeb.pk]), form)
    assert response.status_code == 302 and response["Location"] == reverse("members:forget_request_list")
    client.post(reverse("members:forget_request_create", args=[zeb.pk]), form)  # a double submit
    request = ForgetRequest.objects.get()
    assert (request.status, request.requested_by, request.how) == ("pending", staff, "letter")
    assert client.get(reverse("members:forget_confirm", args=[request.pk])).status_code == 404  # staff may not
    with pytest.raises(OutOfReach):
        services.forget_carry_out(actor=staff, request=request, typed_name=NAME, understood=True)
    listing = client.get(reverse("members:forget_request_list")).content.decode()
    assert f"{PREFERRED} Quillfeather (#{zeb.pk})" in listing

    client.force_login(coalition_admin)
    url = reverse("members:forget_confirm", args=[request.pk])
    page = client.get(url).content.decode()
    assert "This cannot be undone" in page and "Their stories are withdrawn" in page
    assert "Forget Zeb Quillfeather?" in page
    for wrong in ({"typed_name": "Zebulon", "understood": "on"}, {"typed_name": f"{PREFERRED} Quillfeather"}):
        response = client.post(url, wrong)
        assert response.status_code == 200 and response.context["form"].errors
    zeb.refresh_from_db()
    assert zeb.forgotten_at is None and zeb.phones.count() == 2  # nothing happened

    response = client.post(url, {"typed_name": "  zeb   QUILLFEATHER ", "understood": "on"})
    assert response.status_code == 302
    zeb.refresh_from_db()
    request.refresh_from_db()
    assert zeb.forgotten_at is not None and (request.status, request.carried_out_by) == ("done", coalition_admin)
    assert client.post(url, {"typed_name": NAME, "understood": "on"}).status_code == 302  # a second submit
    assert AuditEntry.objects.filter(detail__kind="forget").count() == 1
    done = client.get(reverse("members:forget_request_list")).content.decode()
    assert f"Record #{zeb.pk}: forgotten" in done and "Zeb" not in done
    for page_name in ("members:person_detail", "members:person_copy", "members:forget_request_create"):
        assert client.get(reverse(page_name, args=[zeb.pk])).status_code == 404, page_name


def test_a_forgotten_person_is_in_no_search_list_audience_duplicate_or_future_send(
        client: Client, coalition_admin: Any, staff: Any, organizer_chicago: Any, regions: Any) -> None:
    zeb = _zeb()
    twin = PersonFactory(first_name="Zebulon", last_name="Quillfeather", county=zeb.county)
    add_phone(twin, PHONE)
    world = _world(zeb, organizer_chicago, staff)
    assert selectors.duplicate_pairs(actor=staff).object_list
    _carry_out(coalition_admin, staff, zeb)

    for actor in (staff, organizer_chicago):
        assert zeb.pk not in set(selectors.person_matches(actor=actor, filters={}).values_list("pk", flat=True))
        assert [c.pk for c in selectors.person_pick(actor=actor, query="Forgotten")] == []
    assert not selectors.duplicate_pairs(actor=staff).object_list
    from members.audiences import Audience, audience_people

    assert list(audience_people(staff, Audience.parse(f"list:{world['saved'].pk}"))) == []
    assert list(audience_people(staff, Audience.parse(f"campaign:{world['campaign'].pk}"))) == []
    client.force_login(staff)
    listing = client.get(reverse("members:person_list"), {"q": "Forgotten person"}).content.decode()
    assert f"/people/{zeb.pk}/" not in listing
    # A message planned after (an RSVP reminder; a text asking to confirm consent, which goes to a fixed number
    # whatever the record says) is skipped when its time comes.
    from django.contrib.contenttypes.models import ContentType

    from members.notices import CONSENT_CONFIRMATION

    ask = ConsentRequest.objects.get(person=zeb)
    late = Message.objects.create(person=zeb, kind=CONSENT_CONFIRMATION, channel="sms", due_at=timezone.now(),
                                  subject_type=ContentType.objects.get_for_model(ConsentRequest),
                                  subject_id=ask.pk, dedupe_key="forget-late")
    assert message_send(message_id=late.pk) == Message.Status.SKIPPED
    late.refresh_from_db()
    assert late.to == "" and "forgotten" in late.skip_reason


def test_their_phone_or_email_coming_back_makes_a_new_contact_on_every_path(
        client: Client, coalition_admin: Any, staff: Any, organizer_chicago: Any, regions: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    zeb = _zeb()
    _carry_out(coalition_admin, staff, zeb)

    def newest() -> Person:
        found = Person.objects.exclude(pk=zeb.pk).order_by("-pk").first()
        assert found is not None
        return found

    # The "Add a person" form.
    client.force_login(staff)
    response = client.post(reverse("members:person_create"), {
        "first_name": "Zebulon", "last_name": "Quillfeather", "email": EMAIL, "phone": PHONE,
        "county": County.objects.get(fips="17031").pk, "story_sharing": "internal", "preferred_language": "en",
        "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 302
    added = newest()
    assert added.phones.get().number == PHONE and added.forgotten_at is None
    added.delete()

    # The public RSVP page: a new person, not a review of someone known.
    event = EventFactory()
    assert post_rsvp(Client(), event, name=NAME, phone=PHONE, email=EMAIL).status_code == 302
    rsvp = RSVP.objects.get(event=event)
    assert rsvp.person_id != zeb.pk and rsvp.person.email == EMAIL and not RSVPReview.objects.exists()
    rsvp.person.delete()
    # A walk-in at the door, with the same phone.
    from events import services as event_services

    walk_in = event_services.walk_in_record(actor=staff, event=EventFactory(), name=NAME, phone=PHONE)
    assert walk_in.person_id != zeb.pk and walk_in.person.phones.get().number == PHONE
    walk_in.person.delete()

    # An import: created, not matched.
    job = services.import_job_create(actor=organizer_chicago, file_name="back.csv",
                                     raw=f"First name,Last name,Phone,Email\nZebulon,Quillfeather,{PHONE},{EMAIL}\n"
                                     .encode())
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(actor=organizer_chicago, job=job)
    job.refresh_from_db()
    assert (job.created_count, job.updated_count) == (1, 0)
    assert newest().email == EMAIL

    zeb.refresh_from_db()
    assert zeb.forgotten_at is not None and zeb.email == "" and not zeb.phones.exists()
    assert not PersonPhone.objects.filter(person=zeb).exists()
    assert zeb.rsvps.count() == 0


def test_the_request_is_checked_and_one_waits_per_person(coalition_admin: Any, staff: Any, regions: Any,
                                                         organizer_chicago: Any) -> None:
    zeb = _zeb()
    with pytest.raises(OutOfReach):  # organizers do not record them
        services.forget_request_record(actor=organizer_chicago, person=zeb, who_asked="themselves", how="phone",
                                       asked_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.forget_request_record(actor=staff, person=zeb, who_asked="themselves", how="phone",
                                       asked_on=timezone.localdate() + timezone.timedelta(days=2))
    first = ForgetRequestFactory(person=zeb, requested_by=staff)
    again = services.forget_request_record(actor=coalition_admin, person=zeb, who_asked="themselves", how="email",
                                           asked_on=timezone.localdate())
    assert again == first and ForgetRequest.objects.count() == 1
    with pytest.raises(ValidationError):
        services.forget_carry_out(actor=coalition_admin, request=first, typed_name=NAME, understood=False)
    zeb.refresh_from_db()
    assert zeb.forgotten_at is None
