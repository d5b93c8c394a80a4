"""Request middleware: MFA for admins and staff, 404 for anything outside the actor's reach, no stored copies."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
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
