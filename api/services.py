"""Writes of the API: tokens (made, used, revoked), tagging and RSVPs through the domain's own services, webhooks
and their deliveries (made, sent with a signature, retried, sent again)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from api import destinations
from api.models import ApiToken, Webhook, WebhookDelivery, WebhookEvent
from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, Organization, Region, User
from coalition.phones import phone_digits
from coalition.services import audit_record
from events.models import RSVP, Event
from members.models import Person, Tag
from members.services import person_update, phone_add

SCOPE_ROLES: dict[str, str] = {
    ApiToken.Scope.COALITION: User.Role.STAFF,
    ApiToken.Scope.REGION: User.Role.ORGANIZER,
    ApiToken.Scope.PARTNER: User.Role.PARTNER,
}


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_manage(actor: User) -> None:
    if not access.may_manage_api(actor):
        raise OutOfReach("api")


@transaction.atomic
def token_create(*, actor: User, name: str, scope: str, region: Region | None = None,
                 organization: Organization | None = None, idempotency_key: uuid.UUID | None = None,
                 ) -> tuple[ApiToken, str]:
    """Make a token and its service account (admins). Returns the token and its secret, which is shown once and
    never kept: only its SHA-256 is stored. Audited. Idempotent by the form's key: a double submit returns the
    first token and an empty secret."""
    _check_manage(actor)
    if idempotency_key is not None and (made := ApiToken.objects.filter(idempotency_key=idempotency_key).first()):
        return made, ""
    if scope not in SCOPE_ROLES:
        raise ValidationError({"scope": _("Choose a scope.")})
    if scope == ApiToken.Scope.REGION and region is None:
        raise ValidationError({"region": _("A region token needs its region.")})
    if scope == ApiToken.Scope.PARTNER and organization is None:
        raise ValidationError({"organization": _("A partner token needs its organization.")})
    secret = secrets.token_urlsafe(32)
    user = User.objects.create_user(
        email=f"api-token-{secrets.token_hex(8)}@api.invalid", password=None, role=SCOPE_ROLES[scope],
        region=region if scope == ApiToken.Scope.REGION else None,
        organization=organization if scope == ApiToken.Scope.PARTNER else None,
        first_name=name[:150], last_name="(API)",
    )
    token = ApiToken(name=name, scope=scope, user=user, secret_hash=secret_hash(secret), prefix=secret[:8],
                     created_by=actor, region=user.region, organization=user.organization,
                     idempotency_key=idempotency_key)
    token.full_clean()
    token.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, summary=gettext_noop("Made API token %(name)s"),
                 values={"name": name}, target=token)
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token (admins): it stops working at once and its account is turned off. Safe twice. Audited."""
    _check_manage(actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        User.objects.filter(pk=token.user_id).update(is_active=False)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, summary=gettext_noop("Revoked API token %(name)s"),
                     values={"name": token.name}, target=token)
    return token


def token_used(*, token: ApiToken, method: str, path: str) -> None:
    """Note a use of a token: its "last used" and one audit entry per token per minute (the first request of
    that minute, with its method and path), so a busy tool does not write a row per request."""
    minute = timezone.now().replace(second=0, microsecond=0)
    if not cache.add(f"api-token-used:{token.pk}:{minute.isoformat()}", 1, timeout=120):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    audit_record(actor=token.user, action=AuditEntry.Action.VIEW, target=token,
                 summary=gettext_noop("API token %(name)s used: %(request)s"),
                 values={"name": token.name, "request": f"{method} {path}"[:200]})


@transaction.atomic
def person_tag_add(*, actor: User, person: Person, tag: Tag) -> bool:
    """Put a tag on a person the actor may tag and change; False when they already carried it."""
    if not access.may_tag_people(actor) or not access.may_change_person(actor, person):
        raise OutOfReach("person")
    if tag.retired:
        raise ValidationError(_("This tag is retired."))
    if person.tags.filter(pk=tag.pk).exists():
        return False
    person_update(actor=actor, person=person, tags=[*person.tags.all(), tag])
    return True


@transaction.atomic
def attendance_create(*, actor: User, event: Event, person: Person, status: str) -> tuple[RSVP, bool]:
    """An RSVP made through the API, as an organizer makes one for a person (the events' own service, which
    leaves an active RSVP as it is). Returns (rsvp, created)."""
    from events.services.rsvps import rsvp_proxy

    if status not in {RSVP.Status.GOING, RSVP.Status.MAYBE, RSVP.Status.DECLINED}:
        raise ValidationError(_("Status must be going, maybe or declined."))
    before = RSVP.objects.filter(event=event, person=person).exists()
    return rsvp_proxy(actor=actor, event=event, person=person, status=status, confirmed=True), not before


@transaction.atomic
def person_put(*, actor: User, person: Person, changes: dict[str, Any], numbers: list[str]) -> Person:
    """A person's update from the API: the fields through person_update, and each number they lack added as a
    phone (none removed). All or nothing: a change that fails its checks leaves the person as they were."""
    if changes:
        person_update(actor=actor, person=person, **changes)
    known = set(person.phones.values_list("digits", flat=True))
    for number in numbers:
        if phone_digits(number) not in known:
            phone_add(actor=actor, person=person, number=number)
            known.add(phone_digits(number))
    return person


# Webhooks ---------------------------------------------------------------------------------------------

def _clean_events(events: list[str]) -> list[str]:
    chosen = [event for event in WebhookEvent.values if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise ValidationError({"events": _("Pick at least one of the listed events.")})
    return chosen


@transaction.atomic
def webhook_create(*, actor: User, name: str, url: str, events: list[str],
                   idempotency_key: uuid.UUID | None = None) -> Webhook:
    """Register a webhook (admins) with a new signing secret. Audited. Idempotent by the form's key."""
    _check_manage(actor)
    if idempotency_key is not None and (made := Webhook.objects.filter(idempotency_key=idempotency_key).first()):
        return made
    hook = Webhook(name=name, url=url, events=_clean_events(events), secret=secrets.token_urlsafe(32),
                   created_by=actor, idempotency_key=idempotency_key)
    hook.full_clean()
    try:
        destinations.check_destination(url, sending=False)
    except ValidationError as error:
        raise ValidationError({"url": error.messages}) from error
    hook.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, summary=gettext_noop("Registered webhook %(name)s"),
                 values={"name": name}, target=hook)
    return hook


@transaction.atomic
def webhook_set_active(*, actor: User, hook: Webhook, active: bool) -> Webhook:
    """Pause or resume a webhook (admins)."""
    _check_manage(actor)
    hook.active = active
    hook.save(update_fields=["active"])
    return hook


def deliveries_queue(*, event: str, person_id: int, body: Callable[[], dict[str, Any]]) -> list[WebhookDelivery]:
    """A delivery for each active hook that asked for this event, sent after the surrounding transaction commits.
    Called from the domain's saves (api/webhooks.py); the body is built only when some hook wants it."""
    hooks = [hook for hook in Webhook.objects.filter(active=True) if event in hook.events]
    if not hooks:
        return []
    shape = body()
    made = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(hook=hook, event=event, person_id=person_id, body=shape) for hook in hooks]
    )
    from api.tasks import webhook_deliver

    for delivery in made:
        transaction.on_commit(partial(webhook_deliver.delay, delivery.pk))
    return made


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 of the timestamp, a dot and the body, in hex: what the receiver recomputes to trust a body."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _earlier_unfinished(delivery: WebhookDelivery) -> bool:
    return WebhookDelivery.objects.filter(
        hook_id=delivery.hook_id, person_id=delivery.person_id, id__lt=delivery.pk,
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SENDING],
    ).exists()


def _next_waiting(delivery: WebhookDelivery) -> WebhookDelivery | None:
    return WebhookDelivery.objects.filter(
        hook_id=delivery.hook_id, person_id=delivery.person_id, id__gt=delivery.pk,
        status=WebhookDelivery.Status.PENDING,
    ).order_by("id").first()


def delivery_send(*, delivery_id: int) -> tuple[WebhookDelivery | None, int | None]:
    """Send one delivery, if it is pending and no earlier one for the same person and hook is. Returns the
    delivery and, when it failed and may be tried again, the seconds to wait. Idempotent: a delivery already
    claimed, sent or given up is left alone. The next delivery waiting for the same person follows it."""
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
    delivery = claimed.select_related("hook").first()
    if delivery is None or _earlier_unfinished(delivery):
        return delivery, None
    # The claim is a lease: a worker that dies mid-send leaves a row the sweep (deliveries_sweep) takes back.
    lease = timezone.now() + timedelta(seconds=3 * settings.WEBHOOK_TIMEOUT_SECONDS)
    if not claimed.update(status=WebhookDelivery.Status.SENDING, next_attempt_at=lease):
        return delivery, None
    body = json.dumps(delivery.body, sort_keys=True, separators=(",", ":")).encode()
    timestamp = str(int(timezone.now().timestamp()))
    request = urllib.request.Request(delivery.hook.url, data=body, method="POST", headers={  # noqa: S310 - an admin's https or http URL
        "Content-Type": "application/json",
        "User-Agent": "coalition-webhooks/1",
        "X-Coalition-Event": delivery.event,
        "X-Coalition-Delivery": str(delivery.pk),
        "X-Coalition-Timestamp": timestamp,
        "X-Coalition-Signature": "sha256=" + signature(secret=delivery.hook.secret, timestamp=timestamp, body=body),
    })
    code: int | None = None
    error = ""
    try:
        # Checked again at each send: the name may point elsewhere since the hook was registered.
        destinations.check_destination(delivery.hook.url)
        with destinations.opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            code = response.status
    except ValidationError as exc:
        error = " ".join(exc.messages)[:300]
    except urllib.error.HTTPError as exc:
        code, error = exc.code, str(exc.reason)[:300]
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = str(exc)[:300]
    delivery.attempts += 1
    delivery.response_code = code
    delivery.error = error
    wait: int | None = None
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
        wait = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1)
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=wait)
    else:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    delivery.save(update_fields=["attempts", "response_code", "error", "status", "sent_at", "next_attempt_at"])
    if delivery.status != WebhookDelivery.Status.PENDING and (following := _next_waiting(delivery)):
        from api.tasks import webhook_deliver

        webhook_deliver.delay(following.pk)
    return delivery, wait


def deliveries_sweep(*, now: datetime | None = None) -> int:
    """Take back what a lost message or a dead worker left behind: a sending row past its lease goes back to
    pending, and every pending row due for a while is queued again (a row held back by an earlier one for the
    same person simply waits). Periodic; safe to run any number of times. Returns how many were queued."""
    from api.tasks import webhook_deliver

    now = now or timezone.now()
    slack = now - timedelta(seconds=settings.WEBHOOK_SWEEP_AFTER_SECONDS)
    WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SENDING, next_attempt_at__lt=now).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=None)
    due = list(WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, created_at__lt=slack)
               .filter(models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lt=slack))
               .order_by("id").values_list("id", flat=True)[:1000])
    for pk in due:
        webhook_deliver.delay(pk)
    return len(due)


@transaction.atomic
def delivery_resend(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again from the app (admins): back to pending with fresh attempts, queued on commit."""
    _check_manage(actor)
    if delivery.status in (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SENDING):
        return delivery
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    from api.tasks import webhook_deliver

    transaction.on_commit(lambda: webhook_deliver.delay(delivery.pk))
    return delivery
