"""Where a webhook may send: only to public addresses on the internet, never into the network the app runs in.

An admin's URL is resolved when the hook is registered and again before every delivery (a name can be pointed
elsewhere after it was checked). Every address the name resolves to must be public: not loopback, private,
link-local (the cloud metadata service lives there), shared, multicast, reserved or unspecified. A receiver on
such a network can be allowed by listing its network in WEBHOOK_ALLOWED_NETWORKS (CIDRs, comma-separated), as the
tests do for their receiver on loopback. Deliveries never follow redirects, which could lead inside.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _allowed(address: IPAddress) -> bool:
    for network in settings.WEBHOOK_ALLOWED_NETWORKS:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(_("The address %(host)s could not be found.") % {"host": host}) from error
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.append(address)
    return addresses


def check_destination(url: str, *, sending: bool = True) -> None:
    """Raise ValidationError, in words an admin understands, unless `url` is http(s) and every address its host
    resolves to is public (or on a network allowed by WEBHOOK_ALLOWED_NETWORKS). A name that does not resolve
    is refused when sending, and let through when registering (`sending=False`): it is checked at every send."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Give an address that starts with https:// or http://."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError(_("The port in this address is not a number we can use.")) from error
    try:
        addresses = _resolve(parts.hostname, port)
    except ValidationError:
        if sending:
            raise
        addresses = []
    for address in addresses:
        if not _allowed(address):
            raise ValidationError(
                _("%(host)s points inside a private network (%(address)s). Webhooks go only to public addresses.")
                % {"host": parts.hostname, "address": address})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise urllib.error.HTTPError(req.full_url, code, _("Redirects are not followed."), headers, fp)


opener = urllib.request.build_opener(_NoRedirects)
