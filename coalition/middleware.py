"""Request middleware: MFA for admins and staff, 404 for anything outside the actor's reach, 400 for input no
one could have typed."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from coalition.access import OutOfReach

# Paths a user without a second factor can still reach: the account pages (to set one up), sign-out,
# static files, the health check and the language switch.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class RequireMFAMiddleware:
    """When REQUIRE_MFA is on, admins and staff must set up TOTP before they see anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_MFA
            and user.is_authenticated
            and user.role in ("admin", "staff")
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                messages.warning(
                    request, _("Your role needs two-factor authentication. Set up an authenticator app to go on.")
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OutOfReach):
            raise Http404(_("Not found."))
        return None


class PreferredLanguageMiddleware:
    """A signed-in person sees their preferred language until they pick another with the switcher."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language in dict(settings.LANGUAGES)
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


# NUL is never text: PostgreSQL refuses it in any string, so it would fail deep inside a query. The other C0
# controls (tab, line feed and carriage return aside) and DEL have no place in an address or a query string;
# in form fields they are let through (text pasted from a word processor carries some) and stored as typed.
_NUL = re.compile("\x00")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

logger = logging.getLogger("django.security.BadInput")


def _strings(data: Any) -> Iterator[str]:
    for key, values in data.lists():
        yield key
        yield from (value for value in values if isinstance(value, str))


class RejectBadInputMiddleware:
    """Answers 400 with a plain page when the path, a query parameter or a form field (its name, its value, an
    uploaded file's name) holds a NUL, or the path or query string another control character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._unreadable(request):
            logger.warning("Refused a request with control characters: %s %r", request.method, request.path[:200])
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def _unreadable(self, request: HttpRequest) -> bool:
        if _CONTROL.search(request.path_info) or any(_CONTROL.search(s) for s in _strings(request.GET)):
            return True
        if request.method != "POST":
            return False
        # A body Django cannot parse raises here, and Django answers that with a 400 of its own.
        return any(_NUL.search(s) for s in _strings(request.POST)) or any(
            _NUL.search(key) or _NUL.search(upload.name or "")
            for key, uploads in request.FILES.lists() for upload in uploads
        )
