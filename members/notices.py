"""What the members app tells people through the outbox, registered with its kind registry when the app starts
(MembersConfig.ready): the one text asking to confirm texts (a consent confirmation).

A consent confirmation names nobody: whoever holds the phone reads it, and the form that asked for it may have
been filled in by someone else.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from members.models import ConsentRequest, PersonPhone
from messaging import kinds
from messaging import services as outbox
from messaging.content import Content
from messaging.models import Message

# The consent confirmation ------------------------------------------------------------------------------------

CONSENT_CONFIRMATION = "consent_confirm"


def _load_consent_request(message: Message) -> ConsentRequest | None:
    """The request, with the number it asks about as it is now: one of the person's working phones, or None."""
    if message.subject_id is None:
        return None
    asked_at = PersonPhone.objects.filter(person_id=OuterRef("person_id"), digits=OuterRef("phone_digits"),
                                          stopped_working_on__isnull=True)
    return (ConsentRequest.objects.annotate(working_number=Subquery(asked_at.values("number")[:1]))
            .filter(pk=message.subject_id).first())


def _why_not_consent_confirmation(message: Message, request: ConsentRequest | None, now: datetime) -> str | None:
    """The one "reply YES" text goes out only while its request is pending and not expired, the person has not
    decided about texts since (a STOP or any withdrawal ends the request) and the number is still theirs."""
    if request is None:
        return gettext_noop("The request was deleted.")
    if request.status != ConsentRequest.Status.PENDING:
        return gettext_noop("The request was answered or withdrawn.")
    if request.expires_at <= now:
        return gettext_noop("The request expired.")
    if message.person.sms_consent:
        return gettext_noop("They already agree to texts.")
    if message.person.sms_consent_at is not None and message.person.sms_consent_at > request.created_at:
        return gettext_noop("They decided about texts since it was asked.")
    return None


def _confirmation_recipient(message: Message, request: ConsentRequest | None) -> tuple[str, str] | None:
    """A consent confirmation goes by text to the number it asks about, and only while that number is one of
    the person's working phones; never to their other numbers or by email."""
    phone = getattr(request, "working_number", None)
    return (Message.Channel.SMS, str(phone)) if phone else None


def _confirmation_language(message: Message, request: ConsentRequest | None) -> str:
    return request.language if request is not None else ""


def _compose_consent_confirmation(
    message: Message, request: ConsentRequest | None, language: str, now: datetime
) -> Content:
    """The one text asking whoever holds the phone to confirm, by replying YES, that they want our texts."""
    sms = " ".join((
        _("Someone asked, on one of our event pages, that we text this number reminders."),
        _("Reply YES if you want texts from us."),
        _("Not you? Ignore this message, or reply STOP and we will not ask again."),
    ))
    return Content(subject=_("Do you want texts from us?"), body=sms + "\n", sms=sms)


kinds.register(kinds.MessageKind(
    key=CONSENT_CONFIRMATION, label=gettext_lazy("Asks to confirm texts"), subject_model="members.consentrequest",
    load=_load_consent_request, why_not=_why_not_consent_confirmation, compose=_compose_consent_confirmation,
    language=_confirmation_language, recipient=_confirmation_recipient,
))


@transaction.atomic
def consent_confirmation_queue(*, request: ConsentRequest) -> Message:
    """Queue the one text that asks a person to confirm a pending consent request by replying YES; sent after
    commit. Called by the members consent services. Idempotent: one message per request (the dedupe key).
    """
    message, _created = outbox.message_queue(
        kind=CONSENT_CONFIRMATION, person_id=request.person_id, subject=request, dedupe_key=f"consent:{request.pk}",
    )
    return message
