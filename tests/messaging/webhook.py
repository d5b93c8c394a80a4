"""The SMS provider's side of the inbound webhook: a request shaped and signed as the provider (or the relay
in front of it) sends it."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.test import Client

from messaging.backends import twilio_signature

INBOUND = "/messages/sms/inbound/"


def inbound_data(from_number: str, body: str, **extra: str) -> dict[str, str]:
    """A webhook's parameters: a fresh MessageSid and the current signed time unless given."""
    return {"MessageSid": f"SM{uuid.uuid4().hex}", "Timestamp": str(int(time.time())), "From": from_number,
            "Body": body, **extra}


def signed_post(client: Client, settings: Any, data: dict[str, str], token: str = "secret-token",  # noqa: S107
                path: str = INBOUND, signed_path: str | None = None) -> Any:
    """POST `data` to `path`, signed as the provider signs it: over SITE_URL + `signed_path` (the path and query
    string it called, `path` unless given) and every parameter."""
    url = settings.SITE_URL.rstrip("/") + (signed_path or path)
    return client.post(path, data, HTTP_X_TWILIO_SIGNATURE=twilio_signature(url, data, token))
