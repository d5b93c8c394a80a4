"""SMS delivery behind one interface. Each backend takes an idempotency key (the message's dedupe key) so a
message resent after a worker died is accepted once by the provider.

- FileSmsBackend (development default): one file per message under SMS_FILE_DIR, created exclusively.
- ConsoleSmsBackend: logs the text (no idempotency; for a quick look only).
- LocmemSmsBackend: keeps messages in memory, for tests.
- TwilioSmsBackend: Twilio's REST API shape, with Twilio's idempotency token header.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A provider refused the message for good (bad number, blocked): not retried."""


class TransientDeliveryError(DeliveryError):
    """The provider could not be reached or asked us to come back later: retried with backoff."""


class MessageBuildError(DeliveryError):
    """The message itself cannot be built (an invalid header, a broken template, no recipient). Trying again
    would fail the same way, so it is failed at once, before any provider is called, and never retried."""


@dataclass(frozen=True)
class SmsResult:
    provider_id: str


class BaseSmsBackend(ABC):
    """What every SMS backend does: send one text, at most once per idempotency key."""

    @abstractmethod
    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        """Hand the text to the provider; raise DeliveryError or TransientDeliveryError when it is not accepted."""


class FileSmsBackend(BaseSmsBackend):
    """Writes each text to `<SMS_FILE_DIR>/<key>.txt` and its key to `accepted.log`, the provider's record of what
    it took; a second send with the same key is accepted once.

    The file and its line in the log are written under one lock on the folder, so a sender killed between the two
    leaves the text half-accepted for the next sender of that key to finish (it adds the missing line), never a
    text that went out without its line, nor a line written twice."""

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        folder = Path(settings.SMS_FILE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        delay = float(getattr(settings, "SMS_FILE_DELAY_SECONDS", 0) or 0)
        if delay:
            time.sleep(delay)  # simulates a slow provider (tests kill a worker in the middle of a batch)
        name = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
        path, log = folder / f"{name}.txt", folder / "accepted.log"
        with open(folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when its process dies
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                if not log.exists() or idempotency_key not in log.read_text(encoding="utf-8").split("\n"):
                    with open(log, "a", encoding="utf-8") as handle:
                        handle.write(f"{idempotency_key}\n")
                return SmsResult(provider_id=f"file:{name}")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"To: {to}\nKey: {idempotency_key}\n\n{body}\n")
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{idempotency_key}\n")
        return SmsResult(provider_id=f"file:{name}")


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        logger.info("SMS to %s [%s]: %s", to, idempotency_key, body)
        return SmsResult(provider_id=f"console:{idempotency_key}")


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps sent texts in `LocmemSmsBackend.outbox`, once per idempotency key (like a real provider)."""

    outbox: list[dict[str, str]] = []

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        if not any(m["key"] == idempotency_key for m in self.outbox):
            self.outbox.append({"to": to, "body": body, "key": idempotency_key})
        return SmsResult(provider_id=f"locmem:{idempotency_key}")


class TwilioSmsBackend(BaseSmsBackend):
    """POST /2010-04-01/Accounts/{sid}/Messages.json with basic auth; 429/5xx/network errors are transient."""

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        sid, token = settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN
        url = f"{settings.TWILIO_API_BASE.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
        fields = {"To": to, "From": settings.TWILIO_FROM_NUMBER, "Body": body}
        if settings.SITE_URL:
            # Where Twilio reports delivery (delivered, undelivered, failed): the signed status webhook.
            fields["StatusCallback"] = settings.SITE_URL.rstrip("/") + reverse("messaging:sms_status")
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - URL from settings
        credentials = base64.b64encode(f"{sid}:{token}".encode()).decode()
        request.add_header("Authorization", f"Basic {credentials}")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("I-Twilio-Idempotency-Token", idempotency_key[:64])
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT_SECONDS) as response:  # noqa: S310
                payload = json.loads(response.read().decode() or "{}")
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:300]
            if error.code == 429 or error.code >= 500:
                raise TransientDeliveryError(f"HTTP {error.code}: {detail}") from error
            raise DeliveryError(f"HTTP {error.code}: {detail}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TransientDeliveryError(str(error)) from error
        return SmsResult(provider_id=str(payload.get("sid", "")))


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def twilio_signature(url: str, params: dict[str, str], auth_token: str) -> str:
    """Twilio's request signature: base64(HMAC-SHA1(token, url + each sorted key and its value)). `url` is the
    full URL the provider called, query string included, so a changed query string breaks the signature."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_is_valid(url: str, params: dict[str, str], signature: str, auth_token: str) -> bool:
    if not auth_token or not signature:
        return False
    return hmac.compare_digest(twilio_signature(url, params, auth_token), signature)


def signed_timestamp(value: str, *, now: datetime, max_age_seconds: int) -> datetime | None:
    """The webhook's `Timestamp` parameter (Unix seconds, covered by the signature like every parameter) when it
    is within `max_age_seconds` of `now`, either way; None when it is missing, malformed or outside the window.

    Twilio-style webhooks carry no time of their own, so a signed request captured once could be replayed
    forever; the signed time bounds that, and the provider's message id (recorded once) stops a replay inside
    the window.
    """
    try:
        sent_at = datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    if abs((now - sent_at).total_seconds()) > max_age_seconds:
        return None
    return sent_at
