"""Request types for views: what the middleware and `login_required` guarantee, told to the type checker."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from coalition.models import User


class HtmxHttpRequest(HttpRequest):
    """Any request: django-htmx's middleware has read its htmx headers."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request to a view behind `login_required`: its user is a signed-in account."""

    user: User
