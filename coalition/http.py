"""Request types for views: what the middleware and `login_required` guarantee, told to the type checker; and
the one people-worker gate for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponseBase
from django_htmx.middleware import HtmxDetails

from coalition import access
from coalition.models import User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class HtmxHttpRequest(HttpRequest):
    """Any request: django-htmx's middleware has read its htmx headers."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request to a view behind `login_required`: its user is a signed-in account."""

    user: User


def people_worker_required(view: View) -> View:
    """The view is for those who work with people (access.may_work_with_people); anyone else signed in gets 404.
    Put it under `login_required` and the method checks, so a visitor is sent to sign in first."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not access.may_work_with_people(request.user):
            raise access.OutOfReach(view.__name__)
        return view(request, *args, **kwargs)

    return cast(View, guarded)
