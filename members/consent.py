"""Every write to consent: the history row and the person's current consent fields, always together.

Consent is the person's own. It is given or withdrawn only by the person: a text from their own phone, their
own page, what they told an organizer (recorded with how and when), or the public form that has just added
them. A public form never changes what an existing person agreed to: ticking "text me" for them opens a
pending request and sends one text asking them to reply YES from that phone. Nobody else undoes a STOP.

A text acts on the number it came from and on the records that own the number now (a working PersonPhone).
STOP marks the number stopped (`PersonPhone.sms_stopped_at`, on every record that has it: the outbox never texts
a stopped number, whatever a person's consent says) and withdraws texts from every owner at once. START (or YES,
COMENZAR, ...) un-stops that number only, and gives texts back only to the owners who agreed through it before or
have a pending request from it, and whose texts were turned off by STOPs from this number alone: someone who
texted STOP from another phone, or told an organizer no, stays off. A record that merely shares the number is
left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from coalition import access
from coalition.phones import phone_digits
from members import notices
from members.models import Channel, ConsentChange, ConsentRequest, Person, PersonPhone
from messaging import services as outbox

Method = ConsentChange.Method


def texting_phone(person: Person) -> str:
    """The digits of the number texts to this person go to now (the first working phone, primary first)."""
    return (
        PersonPhone.objects.filter(person=person, stopped_working_on__isnull=True)
        .order_by("-is_primary", "id").values_list("digits", flat=True).first() or ""
    )


def consent_change_record(
    *, person: Person, channel: str, given: bool, method: str, how: str, phone: str = "", actor: Any = None,
    reference: str = "", at: datetime | None = None,
) -> ConsentChange:
    """Write one consent decision: a history row, and the person's current fields (`update_fields`).

    Not a policy check: the consent services call it once they know the decision is the person's. A
    withdrawal also ends the person's pending requests on that channel, so no confirmation text follows it.
    """
    at = at or timezone.now()
    recorded_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    change = ConsentChange(person=person, channel=channel, given=given, method=method, how=how.strip()[:200],
                           phone_digits=phone_digits(phone), recorded_by=recorded_by, reference=reference[:64], at=at)
    change.full_clean(exclude=["person", "recorded_by"])
    change.save()
    setattr(person, f"{channel}_consent", given)
    setattr(person, f"{channel}_consent_at", at)
    setattr(person, f"{channel}_consent_how", change.how)
    person.save(update_fields=[f"{channel}_consent", f"{channel}_consent_at", f"{channel}_consent_how", "updated_at"])
    if not given:
        ConsentRequest.objects.filter(person=person, channel=channel, status=ConsentRequest.Status.PENDING).update(
            status=ConsentRequest.Status.WITHDRAWN, answered_at=at
        )
    return change


def method_for(actor: Any, person: Person) -> str:
    """How a decision entered through the app came: the member on their own page, or an organizer writing down
    what the person told them."""
    if access.is_own_record(actor, person):
        return Method.OWN_PAGE
    return Method.ORGANIZER


@transaction.atomic
def consent_request_public(
    *, person: Person, created: bool, phone: str = "", email: str = "", language: str = "en", how: str,
    now: datetime | None = None,
) -> ConsentRequest | None:
    """The public form's "send me reminders" box, ticked. A record the form has just created takes the consent
    at once. An existing person's consent is never changed: for texts, a pending request and one confirmation
    text asking for YES, unless texts are already on, the person said no before (a STOP above all), the number
    is not one of theirs, or a request is already waiting. Returns the new request, if any. Anonymous callers.
    """
    now = now or timezone.now()
    digits = phone_digits(phone)
    if created:
        if digits:
            consent_change_record(person=person, channel=Channel.SMS, given=True, method=Method.PUBLIC_FORM,
                                  how=how, phone=digits, at=now)
        if email and person.email:
            consent_change_record(person=person, channel=Channel.EMAIL, given=True, method=Method.PUBLIC_FORM,
                                  how=how, at=now)
        return None
    if not digits:
        return None
    # One submit at a time per person, so two at once cannot each send a confirmation.
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.sms_consent or person.sms_consent_at is not None:
        return None
    if not PersonPhone.objects.filter(person=person, digits=digits, stopped_working_on__isnull=True).exists():
        return None
    waiting = ConsentRequest.objects.filter(person=person, channel=Channel.SMS, status=ConsentRequest.Status.PENDING)
    if waiting.filter(expires_at__gt=now).exists():
        return None
    waiting.update(status=ConsentRequest.Status.EXPIRED)
    request = ConsentRequest(person=person, channel=Channel.SMS, phone_digits=digits, language=language,
                             how=how.strip()[:200], created_at=now,
                             expires_at=now + timedelta(days=settings.CONSENT_REQUEST_DAYS))
    request.full_clean(exclude=["person"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        return None
    notices.consent_confirmation_queue(request=request)
    return request


def _stopped_only_from(person: Person, digits: str) -> bool:
    """Whether every withdrawal of texts since the person last agreed was a STOP texted from this number: only
    then may a START from it give texts back."""
    changes = ConsentChange.objects.filter(person=person, channel=Channel.SMS).order_by("-at", "-id")
    for change in changes.only("given", "method", "how", "phone_digits"):
        if change.given:
            return True
        # A reply by text; history from before it was kept says so in its words ("Replied STOP by text").
        by_text = change.method == Method.REPLY or change.how.startswith("Replied ")
        if not by_text or change.phone_digits != digits:
            return False
    return True


@transaction.atomic
def consent_sms_reply(
    *, from_number: str, body: str, message_sid: str, sent_at: datetime, now: datetime | None = None,
) -> str | None:
    """An inbound text. STOP (and synonyms, English and Spanish) stops the number and withdraws texts from every
    record that owns it now; START, UNSTOP, YES (or COMENZAR, INICIAR, ALTA) un-stops the number and gives texts
    back to the owners who agreed through it before or asked from it (a pending request, which it confirms),
    unless they turned texts off some other way since (a STOP from another phone, an organizer). The handler
    the members app registers for verified inbound texts: the outbox's webhook has checked the signature and
    time and recorded the provider's message id once, in the transaction this runs in, so a repeat never
    reaches it. HELP is the webhook's to answer. Returns "stop", "start" or None.
    """
    now = now or timezone.now()
    keyword = outbox.sms_keyword(body)
    digits = phone_digits(from_number)
    if keyword is None or not digits or keyword[0] not in ("stop", "start"):
        return None
    action, word = keyword
    owning = PersonPhone.objects.filter(digits=digits, stopped_working_on__isnull=True)
    owners = Person.objects.select_for_update().filter(pk__in=owning.values("person_id")).order_by("pk")
    how = f"Replied {word} by text"
    if action == "stop":
        PersonPhone.objects.filter(digits=digits, sms_stopped_at__isnull=True).update(sms_stopped_at=now)
        for person in owners:
            consent_change_record(person=person, channel=Channel.SMS, given=False, method=Method.REPLY, how=how,
                                  phone=digits, reference=message_sid, at=now)
        return "stop"
    PersonPhone.objects.filter(digits=digits, sms_stopped_at__isnull=False).update(sms_stopped_at=None)
    agreed_here = ConsentChange.objects.filter(person=OuterRef("pk"), channel=Channel.SMS, given=True,
                                               phone_digits=digits)
    asked_here = ConsentRequest.objects.filter(person=OuterRef("pk"), channel=Channel.SMS, phone_digits=digits,
                                               status=ConsentRequest.Status.PENDING, expires_at__gt=now)
    for person in owners.filter(Q(Exists(agreed_here)) | Q(Exists(asked_here))):
        if not person.sms_consent and _stopped_only_from(person, digits):
            consent_change_record(person=person, channel=Channel.SMS, given=True, method=Method.REPLY, how=how,
                                  phone=digits, reference=message_sid, at=now)
        ConsentRequest.objects.filter(person=person, channel=Channel.SMS, phone_digits=digits,
                                      status=ConsentRequest.Status.PENDING).update(
            status=ConsentRequest.Status.CONFIRMED, answered_at=now
        )
    return "start"


UNSUBSCRIBE_HOW = "unsubscribe link in a broadcast email"


@transaction.atomic
def consent_email_unsubscribe(*, person_id: int, reference: str = "", now: datetime | None = None) -> bool:
    """The person followed the unsubscribe link of one of our emails (or their mail program sent the one-click
    unsubscribe): email consent is withdrawn at once, with its history row. No sign-in: the signed link is the
    person's. Idempotent: when they do not agree to email (any more), nothing is written. Returns whether it was
    withdrawn now."""
    person = Person.objects.select_for_update().filter(pk=person_id).first()
    if person is None or not person.email_consent:
        return False
    consent_change_record(person=person, channel=Channel.EMAIL, given=False, method=Method.EMAIL_LINK,
                          how=UNSUBSCRIBE_HOW, reference=reference, at=now)
    return True
