"""Errors in the OSDI way ({"error": ..., "message": ...}): out of reach and unknown are the same 404, bad input a
400, never a 500 for anything a client sends."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from api.auth import HEADER
from coalition.access import OutOfReach


def _error(code: int, error: str, message: str, **extra: Any) -> Response:
    return Response({"error": error, "message": message, **extra}, status=code)


def osdi_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error as OSDI JSON; a domain ValidationError is a 400."""
    if isinstance(exc, OutOfReach | Http404 | exceptions.NotFound):
        return _error(status.HTTP_404_NOT_FOUND, "not_found", "Nothing is there.")
    if isinstance(exc, DjangoValidationError):
        return _error(status.HTTP_400_BAD_REQUEST, "invalid", " ".join(exc.messages))
    if isinstance(exc, exceptions.Throttled):
        response = _error(status.HTTP_429_TOO_MANY_REQUESTS, "rate_limited", "Too many requests; slow down.")
        wait = getattr(exc, "wait", None)
        if wait is not None:
            response["Retry-After"] = str(int(wait) + 1)
        return response
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = _error(status.HTTP_401_UNAUTHORIZED, "unauthorized",
                          f"Send a valid token in the {HEADER} header.")
        response["WWW-Authenticate"] = HEADER
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        return _error(status.HTTP_404_NOT_FOUND, "not_found", "Nothing is there.")
    answer = exception_handler(exc, context)
    if answer is None:
        return None
    detail = answer.data
    message = detail.get("detail") if isinstance(detail, dict) else detail
    return _error(answer.status_code, "invalid" if answer.status_code == 400 else "error", str(message))
