"""The outbox's own message kind "broadcast": one person's copy of a Broadcast, decided and composed when it is
sent. Registered when the messaging app starts.

Who gets it on which channel (`reach_decision`) is the same rule the counts before sending use
(`broadcast_selectors.broadcast_reach`, in SQL): texts need consent and a working phone; email needs consent,
an address, and a person who is not kept offline ("no online identity"); "each person's preferred channel"
takes the one they prefer when it works, else texts, else email.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from messaging import broadcast_text, kinds, reach
from messaging.kinds import Content
from messaging.models import Broadcast, Message

BROADCAST = "broadcast"
UNSUBSCRIBE_SALT = "messaging.broadcast.unsubscribe"

# Why a person does not get a broadcast: stored in English on the row (translated when shown), and the keys of
# the counts before sending.
SMS_STOPPED = gettext_noop("They stopped texts (a STOP or a withdrawal).")
SMS_NO_CONSENT = gettext_noop("No consent to texts.")
NO_PHONE = gettext_noop("No working phone.")
NO_ONLINE_IDENTITY = gettext_noop("No online identity: never emailed.")
EMAIL_WITHDRAWN = gettext_noop("They withdrew email consent.")
EMAIL_NO_CONSENT = gettext_noop("No consent to email.")
NO_EMAIL = gettext_noop("No email address.")
ANY_WITHDRAWN = gettext_noop("They withdrew consent (a STOP or an unsubscribe).")
NO_CONSENT = gettext_noop("No consent to texts or email.")
UNREACHABLE = gettext_noop("No working phone or email address they can get.")
CANCELLED = gettext_noop("The broadcast was cancelled.")
DELETED = gettext_noop("The broadcast was deleted.")


def reach_decision(mode: str, person: Any, phone: str | None) -> tuple[str, str] | str:
    """(channel, address) this person gets the broadcast on, or the reason they do not (an English sentence)."""
    sms_ok = bool(person.sms_consent and phone)
    email_ok = bool(person.email_consent and person.email and not person.no_online_identity)
    sms_withdrawn = not person.sms_consent and person.sms_consent_at is not None
    email_withdrawn = not person.email_consent and person.email_consent_at is not None
    if mode == Broadcast.Mode.SMS:
        if sms_ok:
            return Message.Channel.SMS, str(phone)
        return SMS_STOPPED if sms_withdrawn else SMS_NO_CONSENT if not person.sms_consent else NO_PHONE
    if mode == Broadcast.Mode.EMAIL:
        if email_ok:
            return Message.Channel.EMAIL, person.email
        if person.no_online_identity:
            return NO_ONLINE_IDENTITY
        return EMAIL_WITHDRAWN if email_withdrawn else EMAIL_NO_CONSENT if not person.email_consent else NO_EMAIL
    if person.preferred_channel == Message.Channel.EMAIL and email_ok:
        return Message.Channel.EMAIL, person.email
    if sms_ok:
        return Message.Channel.SMS, str(phone)
    if email_ok:
        return Message.Channel.EMAIL, person.email
    if sms_withdrawn or email_withdrawn:
        return ANY_WITHDRAWN
    return NO_CONSENT if not (person.sms_consent or person.email_consent) else UNREACHABLE


def _phone(message: Message) -> str | None:
    if hasattr(message, "working_phone"):
        return message.working_phone
    phone = next((p for p in message.person.phones.all() if p.stopped_working_on is None), None)
    return str(phone.number) if phone is not None else None


def _load(message: Message) -> Broadcast | None:
    if message.subject_id is None:
        return None
    return Broadcast.objects.filter(pk=message.subject_id).first()


def _load_many(messages: Sequence[Message]) -> dict[int, Broadcast | None]:
    """`_load` for a chunk: its broadcasts (usually one) in one query, by message id."""
    ids = {m.subject_id for m in messages if m.subject_id is not None}
    broadcasts = Broadcast.objects.in_bulk(ids) if ids else {}
    return {m.pk: broadcasts.get(m.subject_id) if m.subject_id is not None else None for m in messages}


def _why_not(message: Message, broadcast: Broadcast | None, now: datetime) -> str | None:
    if broadcast is None:
        return DELETED
    if broadcast.status == Broadcast.Status.CANCELLED:
        return CANCELLED
    decision = reach_decision(broadcast.mode, message.person, _phone(message))
    return decision if isinstance(decision, str) else None


def _recipient(message: Message, broadcast: Broadcast | None) -> tuple[str, str] | None:
    if broadcast is None:
        return None
    decision = reach_decision(broadcast.mode, message.person, _phone(message))
    return None if isinstance(decision, str) else decision


def unsubscribe_token(person_id: int, broadcast_id: int) -> str:
    """The signed token of an unsubscribe link: it names the person and the broadcast, and never expires."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{person_id}.{broadcast_id}")


def unsubscribe_token_read(token: str) -> tuple[int, int] | None:
    """(person id, broadcast id) of a token we signed, or None."""
    try:
        person_id, broadcast_id = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token).split(".")
        return int(person_id), int(broadcast_id)
    except (signing.BadSignature, ValueError):
        return None


def unsubscribe_url(person_id: int, broadcast_id: int) -> str:
    path = reverse("messaging:unsubscribe", kwargs={"token": unsubscribe_token(person_id, broadcast_id)})
    return settings.SITE_URL.rstrip("/") + path


def merge_values(broadcast: Broadcast, person: Any, texts: list[str]) -> dict[str, str]:
    """The values of the merge fields `texts` use, for one person (the apps' fields read only when used)."""
    values = {"preferred_name": person.preferred_name or person.first_name}
    used = {name for text in texts for name in broadcast_text.fields_in(text)}
    for registration in reach.merge_fields_for(broadcast.audience):
        if used & set(registration.fields):
            values.update(registration.values(broadcast.audience.partition(":")[2], [person.pk]).get(person.pk, {}))
    return values


def versions(broadcast: Broadcast, language: str) -> tuple[str, str, str, str, str]:
    """(sms language, sms text, email language, email subject, email body): the person's language when the
    broadcast has that version, else English."""
    sms_es = language == "es" and bool(broadcast.sms_es.strip())
    email_es = language == "es" and bool(broadcast.email_body_es.strip())
    return ("es" if sms_es else "en", broadcast.sms_es if sms_es else broadcast.sms_en,
            "es" if email_es else "en",
            (broadcast.email_subject_es or broadcast.email_subject_en) if email_es else broadcast.email_subject_en,
            broadcast.email_body_es if email_es else broadcast.email_body_en)


def compose_for(broadcast: Broadcast, person: Any, language: str) -> Content:
    """One person's copy: the text, and the email with its unsubscribe link, postal address and headers."""
    sms_language, sms, email_language, subject, body = versions(broadcast, language)
    values = merge_values(broadcast, person, [sms, subject, body])
    with translation.override(sms_language):
        sms_text = broadcast_text.merge(sms, values)
    url = unsubscribe_url(person.pk, broadcast.pk)
    with translation.override(email_language):
        body_text = broadcast_text.merge(body, values)
        why = _("You get this email because you agreed to hear from us.")
        stop = _("Unsubscribe (no sign-in needed):")
        text = f"{body_text}\n\n-- \n{why}\n{stop} {url}\n{settings.COALITION_POSTAL_ADDRESS}\n"
        html = (f'<!DOCTYPE html><html lang="{email_language}"><head><meta charset="utf-8">'
                f"<title>{escape(subject)}</title></head><body>{linebreaks(body_text, autoescape=True)}"
                f'<hr><p>{escape(why)}<br><a href="{escape(url)}">{escape(_("Unsubscribe"))}</a></p>'
                f"<p>{escape(settings.COALITION_POSTAL_ADDRESS)}</p></body></html>")
        subject_text = broadcast_text.merge(subject, values)
    return Content(subject=subject_text, body=text, sms=sms_text, html=html, headers=(
        ("List-Unsubscribe", f"<{url}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")))


def _compose(message: Message, broadcast: Broadcast | None, language: str, now: datetime) -> Content:
    if broadcast is None:
        return Content(subject="", body="", sms="")
    return compose_for(broadcast, message.person, language)


def _about(broadcast: Broadcast) -> str:
    return broadcast.name


kinds.register(kinds.MessageKind(
    key=BROADCAST, label=gettext_lazy("Broadcast"), subject_model="messaging.broadcast", load=_load,
    why_not=_why_not, compose=_compose, recipient=_recipient,
    listing=lambda: Broadcast.objects.only("name"), about=_about, load_many=_load_many,
))
