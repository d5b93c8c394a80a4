"""The client's address, as the rate limits count it.

Behind the TLS proxy the README asks for, REMOTE_ADDR is the proxy's, so the whole public would share one limit.
Only what trusted proxies wrote is believed: the one header a proxy sets to the client's address
(TRUSTED_PROXY_HEADER, e.g. X-Real-IP), or the entry that the outermost of TRUSTED_PROXY_COUNT proxies appended to
X-Forwarded-For (entries to its left are whatever the client sent). With neither set: REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(candidate: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((candidate or "").strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, through the trusted proxies; REMOTE_ADDR when they sent none."""
    header = settings.TRUSTED_PROXY_HEADER
    count = settings.TRUSTED_PROXY_COUNT
    found = None
    if header:
        found = _valid(request.headers.get(header))
    elif count > 0:
        hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        # Fewer entries than proxies: the request did not come through them, so the peer is the client.
        if len(hops) >= count:
            found = _valid(hops[-count])
    return found or _valid(request.META.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104 - an address, not a bind
