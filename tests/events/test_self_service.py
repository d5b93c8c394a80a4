"""A person manages their own RSVP through its private link, with no account: the token, the services (bus,
guests, access needs, cancel; seats guarded, the waitlist moves, audited), and the pages through the client."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.models import AuditEntry
from events import notices, selectors, services
from events.manage_links import MANAGE_SALT, manage_token, manage_url
from events.models import RSVP
from events.selectors import RECEIPT_SALT, rsvp_manage_stamp
from members.models import SensitiveFacts
from messaging.backends import LocmemSmsBackend
from messaging.content import compose
from messaging.models import Message
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, person_with_phone
from tests.messaging.outbox_fixtures import about

PHONE = "+13125550142"


def _texted(**kwargs: Any) -> Any:
    return person_with_phone(PHONE, first_name="Dolores", last_name="Reyes", sms_consent=True, **kwargs)


def _going(bus: Any = None, **kwargs: Any) -> RSVP:
    event = bus.event if bus is not None else kwargs.pop("event", None) or EventFactory()
    rsvp, _created = services.rsvp_record(event=event, person=kwargs.pop("person", None) or _texted(), bus=bus,
                                          source=RSVP.Source.PUBLIC, **kwargs)
    return rsvp


def _manage(rsvp: RSVP) -> str:
    return reverse("rsvp_self:manage", kwargs={"token": manage_token(rsvp)})


def _form(rsvp: RSVP, **data: Any) -> dict[str, Any]:
    rsvp.refresh_from_db()
    return {"bus": str(rsvp.bus_id or ""), "guests": str(rsvp.guests), "access_needs": rsvp.access_needs,
            "seen": rsvp_manage_stamp(rsvp), **data}


# The token ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_link_is_short_and_opens_that_rsvp_only(regions) -> None:
    rsvp = _going()
    url = manage_url(rsvp)
    assert re.fullmatch(r"http://[^/]+/r/\d+\.\d+:[\w-]{43}/", url), url
    assert selectors.rsvp_manage_get(token=manage_token(rsvp)) == rsvp


@pytest.mark.django_db
def test_a_forged_an_other_salt_and_an_other_event_token_do_not_exist(regions) -> None:
    rsvp = _going()
    other = _going(event=EventFactory(), person=person_with_phone("+13125550177"))
    forged = manage_token(rsvp)[:-2] + "xx"
    # The right signature for another RSVP id is not this salt's; a receipt token is not a manage token.
    receipt = signing.Signer(salt=RECEIPT_SALT).sign(f"{rsvp.pk}.{rsvp.event_id}")
    moved = signing.Signer(salt=MANAGE_SALT).sign(f"{rsvp.pk}.{other.event_id}")  # a token naming another event
    client = Client()
    for token in (forged, receipt, moved, "1.1", "nothing"):
        response = client.get(reverse("rsvp_self:manage", kwargs={"token": token}))
        assert response.status_code == 404
        assert "Dolores" not in response.content.decode()
    assert client.post(reverse("rsvp_self:cancel", kwargs={"token": forged})).status_code == 404
    assert RSVP.objects.filter(status=RSVP.Status.GOING).count() == 2


@pytest.mark.django_db
def test_the_link_expires_when_the_event_ends(regions) -> None:
    rsvp = _going()
    url = _manage(rsvp)
    assert Client().get(url).status_code == 200
    rsvp.event.starts_at = timezone.now() - timedelta(hours=3)
    rsvp.event.ends_at = timezone.now() - timedelta(minutes=1)
    rsvp.event.save(update_fields=["starts_at", "ends_at"])
    assert Client().get(url).status_code == 404
    assert Client().post(url, _form(rsvp, guests="3")).status_code == 404
    rsvp.refresh_from_db()
    assert rsvp.guests == 0


# The services ------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_changing_the_bus_frees_the_seat_for_the_waitlist_and_is_audited(regions) -> None:
    rockford = BusFactory(seats=1, pickup_point=PickupPointFactory(name="Rockford lot"))
    peoria = BusFactory(event=rockford.event, seats=5, pickup_point=PickupPointFactory(name="Peoria lot"))
    mine = _going(rockford)
    waiting = _going(rockford, person=person_with_phone("+13125550177"))
    assert waiting.status == RSVP.Status.WAITLISTED
    done = services.rsvp_self_update(rsvp=mine, bus=peoria, guests=1, access_needs="  Wheelchair space ",
                                     seen=rsvp_manage_stamp(mine))
    assert done.changed == ("bus", "guests", "access_needs")
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.bus, mine.guests, mine.access_needs) == (peoria, 1, "Wheelchair space")
    assert waiting.status == RSVP.Status.GOING
    entry = AuditEntry.objects.get(object_id=str(mine.pk), action=AuditEntry.Action.UPDATE)
    assert entry.actor is None and entry.detail["via"] == "self_link" and entry.detail["actor"] == "self via link"
    assert entry.detail["fields"] == ["bus", "guests", "access_needs"] and "Wheelchair" not in str(entry.detail)
    assert Message.objects.filter(kind=notices.Kind.PROMOTION, **about(waiting)).count() == 1


@pytest.mark.django_db
def test_a_full_bus_or_too_many_guests_cannot_be_chosen(regions) -> None:
    mine_bus = BusFactory(seats=10)
    full = BusFactory(event=mine_bus.event, seats=1)
    _going(full, person=person_with_phone("+13125550177"))
    mine = _going(mine_bus)
    with pytest.raises(ValidationError) as error:
        services.rsvp_self_update(rsvp=mine, bus=full, guests=0, access_needs="", seen=rsvp_manage_stamp(mine))
    assert "bus" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.rsvp_self_update(rsvp=mine, bus=mine_bus, guests=10, access_needs="", seen=rsvp_manage_stamp(mine))
    assert "room for only 10 people" in str(error.value.message_dict["bus"])
    mine.refresh_from_db()
    assert (mine.bus, mine.guests) == (mine_bus, 0)
    assert not AuditEntry.objects.filter(detail__via="self_link").exists()


@pytest.mark.django_db
def test_the_event_capacity_holds_for_guests(regions) -> None:
    event = EventFactory(capacity=3)
    mine = _going(event=event)
    _going(event=event, person=person_with_phone("+13125550177"))
    with pytest.raises(ValidationError) as error:
        services.rsvp_self_update(rsvp=mine, bus=None, guests=2, access_needs="", seen=rsvp_manage_stamp(mine))
    assert "guests" in error.value.message_dict
    services.rsvp_self_update(rsvp=mine, bus=None, guests=1, access_needs="", seen=rsvp_manage_stamp(mine))
    mine.refresh_from_db()
    assert mine.guests == 1


@pytest.mark.django_db
def test_a_double_submit_changes_once_and_a_stale_form_changes_nothing(regions) -> None:
    first, second = BusFactory(), None
    second = BusFactory(event=first.event)
    third = BusFactory(event=first.event)
    mine = _going(first)
    seen = rsvp_manage_stamp(mine)
    assert services.rsvp_self_update(rsvp=mine, bus=second, guests=0, access_needs="", seen=seen).changed == ("bus",)
    # The same form again: it already says this, nothing to do, nothing audited twice.
    assert services.rsvp_self_update(rsvp=mine, bus=second, guests=0, access_needs="", seen=seen).changed == ()
    # Another tab drawn before the change asks for a third bus: refused, the RSVP stays as the first change left it.
    with pytest.raises(ValidationError) as error:
        services.rsvp_self_update(rsvp=mine, bus=third, guests=0, access_needs="", seen=seen)
    assert error.value.code == "stale"
    mine.refresh_from_db()
    assert mine.bus == second
    assert AuditEntry.objects.filter(detail__via="self_link").count() == 1


@pytest.mark.django_db
def test_cancelling_frees_the_seat_moves_the_waitlist_and_twice_is_once(regions) -> None:
    bus = BusFactory(seats=1)
    mine = _going(bus)
    waiting = _going(bus, person=person_with_phone("+13125550177"))
    assert services.rsvp_self_cancel(rsvp=mine).changed == ("status",)
    assert services.rsvp_self_cancel(rsvp=mine).changed == ()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == RSVP.Status.CANCELLED and waiting.status == RSVP.Status.GOING
    assert AuditEntry.objects.filter(detail__via="self_link", object_id=str(mine.pk)).count() == 1
    with pytest.raises(ValidationError):
        services.rsvp_self_update(rsvp=mine, bus=None, guests=0, access_needs="", seen=rsvp_manage_stamp(mine))


@pytest.mark.django_db
def test_a_cancelled_event_takes_no_change(regions) -> None:
    mine = _going()
    mine.event.status = mine.event.Status.CANCELLED
    mine.event.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        services.rsvp_self_update(rsvp=mine, bus=None, guests=2, access_needs="", seen=rsvp_manage_stamp(mine))
    with pytest.raises(ValidationError):
        services.rsvp_self_cancel(rsvp=mine)


# The messages carry the link -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_confirmation_and_the_reminders_carry_the_link_and_a_cancellation_does_not(regions) -> None:
    rsvp = _going(BusFactory())
    url = manage_url(rsvp)
    confirmation = Message.objects.get(kind=notices.Kind.CONFIRMATION, **about(rsvp))
    content = compose(confirmation, "en")
    assert url in content.sms and url in content.body
    assert reverse("public:event", kwargs={"slug": rsvp.event.slug}) not in content.sms  # one link a text
    assert len(content.sms) < 320, content.sms  # two SMS segments at most
    spanish = compose(confirmation, "es")
    assert url in spanish.sms
    reminders = Message.objects.filter(kind=notices.Kind.REMINDER, **about(rsvp))
    assert reminders and all(url in compose(reminder, "en").sms for reminder in reminders)
    cancellation = Message(kind=notices.Kind.CANCELLATION, subject_id=rsvp.pk, topic=notices.event_topic(rsvp.event))
    assert url not in compose(cancellation, "en").sms


# The pages -----------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_page_shows_her_rsvp_and_nothing_else(regions) -> None:
    rockford = BusFactory(pickup_point=PickupPointFactory(name="Rockford lot"))
    other_bus = BusFactory(event=rockford.event, pickup_point=PickupPointFactory(name="Peoria lot"))
    mine = _going(rockford, guests=2, access_needs="Wheelchair space", travel_permission="needed")
    SensitiveFacts.objects.create(person=mine.person, registry_status=SensitiveFacts.Registry.CURRENT)
    _going(other_bus, person=person_with_phone("+13125550177", first_name="Marcus", last_name="Bell"))
    page = Client().get(_manage(mine))
    assert page.status_code == 200 and page["X-Robots-Tag"].startswith("noindex")
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert rockford.event.title in html and "Rockford lot" in html and "Peoria lot" in html
    main = html.split("<main", 1)[1].split("</main>")[0]
    # Only the last four digits: no area code or exchange next to them (the form's version stamp is digits too).
    assert "•••-•••-0142" in html and not re.search(r"312\D{0,2}555", main)
    for not_here in ("Marcus", "Bell", "Dolores", "Reyes", "registry", "Travel permission", "example.org"):
        assert not_here not in html, not_here


@pytest.mark.django_db
def test_changing_the_bus_on_the_page_and_submitting_twice(regions) -> None:
    first = BusFactory(pickup_point=PickupPointFactory(name="Rockford lot"))
    second = BusFactory(event=first.event, pickup_point=PickupPointFactory(name="Peoria lot"))
    mine = _going(first)
    client = Client()
    data = _form(mine, bus=str(second.pk), guests="1")
    response = client.post(_manage(mine), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Saved" in page
    again = client.get(client.post(_manage(mine), data)["Location"]).content.decode()
    assert "Nothing changed" in again
    mine.refresh_from_db()
    assert (mine.bus, mine.guests) == (second, 1)
    assert AuditEntry.objects.filter(detail__via="self_link").count() == 1


@pytest.mark.django_db
def test_a_full_bus_is_shown_disabled_and_refused_if_posted(regions) -> None:
    mine_bus = BusFactory()
    full = BusFactory(event=mine_bus.event, seats=1, pickup_point=PickupPointFactory(name="Full lot"))
    _going(full, person=person_with_phone("+13125550177"))
    mine = _going(mine_bus)
    client = Client()
    html = client.get(_manage(mine)).content.decode()
    assert re.search(rf'value="{full.pk}"[^>]*disabled', html)
    response = client.post(_manage(mine), _form(mine, bus=str(full.pk)))
    assert response.status_code == 200 and "That bus is full" in response.content.decode()
    mine.refresh_from_db()
    assert mine.bus == mine_bus


@pytest.mark.django_db
def test_cancelling_on_the_page_asks_first(regions) -> None:
    mine = _going()
    client = Client()
    cancel_url = reverse("rsvp_self:cancel", kwargs={"token": manage_token(mine)})
    assert "Yes, cancel my RSVP" in client.get(cancel_url).content.decode()
    mine.refresh_from_db()
    assert mine.status == RSVP.Status.GOING
    page = client.get(client.post(cancel_url)["Location"]).content.decode()
    assert "Your RSVP is cancelled" in page and "Save changes" not in page
    assert client.post(cancel_url).status_code == 302
    mine.refresh_from_db()
    assert mine.status == RSVP.Status.CANCELLED
    assert AuditEntry.objects.filter(detail__via="self_link").count() == 1


@pytest.mark.django_db
def test_the_page_in_spanish(regions) -> None:
    mine = _going(BusFactory())
    html = Client().get(_manage(mine), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cambiar su confirmación de asistencia" in html and "Guardar los cambios" in html


@pytest.mark.django_db
def test_the_texted_link_opens_the_page(regions, django_capture_on_commit_callbacks) -> None:
    bus = BusFactory()
    with django_capture_on_commit_callbacks(execute=True):
        mine = _going(bus)
    sent = [m["body"] for m in LocmemSmsBackend.outbox]
    assert len(sent) == 1
    link = re.search(r"http://\S+/r/\S+/", sent[0])
    assert link is not None
    path = link.group(0).split("/", 3)[3]
    assert Client().get("/" + path).status_code == 200
    assert path == _manage(mine).lstrip("/")


@pytest.mark.django_db
def test_a_stale_page_says_so_and_shows_the_rsvp_as_it_is_now(regions) -> None:
    first = BusFactory()
    second = BusFactory(event=first.event)
    third = BusFactory(event=first.event, pickup_point=PickupPointFactory(name="Third lot"))
    mine = _going(first)
    stale = _form(mine, bus=str(third.pk))
    services.rsvp_self_update(rsvp=mine, bus=second, guests=0, access_needs="", seen=stale["seen"])
    client = Client()
    response = client.post(_manage(mine), stale)
    assert response.status_code == 302
    assert "changed after you opened this page" in client.get(response["Location"]).content.decode()
    mine.refresh_from_db()
    assert mine.bus == second
