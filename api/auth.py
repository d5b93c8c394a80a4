"""The API's plumbing for Django REST Framework: the OSDI-API-Token header and a rate limit per token."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api import selectors, services

HEADER = "OSDI-API-Token"


class TokenAuthentication(BaseAuthentication):
    """The token's service account is the request's user; each use is noted (services.token_used)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        secret = request.META.get("HTTP_OSDI_API_TOKEN", "")
        if not secret:
            return None
        token = selectors.token_find(secret=secret[:200])
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token is unknown or revoked.")
        services.token_used(token=token, method=request.method or "", path=request.path)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return HEADER


class TokenRateThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests per token (e.g. "600/min"), counted in the cache."""

    scope = "api_token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        return None if token is None else self.cache_format % {"scope": self.scope, "ident": token.pk}
