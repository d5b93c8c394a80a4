"""Request middleware: MFA for admins and staff, 404 for anything outside the actor's reach, no stored copies,
400 for input no one could have typed."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from coalition.access import OutOfReach

# What a user without a second factor can still reach: allauth's own pages (setting one up, the password
# asked again before it, the email page and its verification links, sign-out), the language switch, the
# health check and static files. By view, not by path: the coalition's invite page lives under /accounts/ too.
MFA_EXEMPT_PREFIXES = ("/static/",)
MFA_EXEMPT_URL_NAMES = {"healthz", "set_language"}


def reachable_without_mfa(request: HttpRequest) -> bool:
    """Whether this request may go through before the user has set up a second factor."""
    if request.path.startswith(MFA_EXEMPT_PREFIXES):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # the page that answers is a 404, which shows nothing
    if match.url_name in MFA_EXEMPT_URL_NAMES:
        return True
    return not match.namespace and match.func.__module__.split(".")[0] == "allauth"


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
            and not reachable_without_mfa(request)
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


class NoStoreWhenSignedInMiddleware:
    """Every answer to a signed-in request may show someone's data (a page, an export, a 404 that says nothing):
    no browser history, disk cache or proxy keeps a copy. Signing out is covered too: it was signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


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
