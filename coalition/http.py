"""Request types for views: what the middleware and `login_required` guarantee, told to the type checker; the
one people-worker gate for views; and the visitor's language on public pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
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


def visitor_language(request: HttpRequest) -> str | None:
    """On a public page, `?lang=es` switches an anonymous visitor's language; the code, or None when not asked.
    Hand it to `remember_language` with the response so the choice sticks."""
    lang = request.GET.get("lang")
    if lang in {code for code, _name in settings.LANGUAGES}:
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return lang
    return None


def remember_language(response: HttpResponse, lang: str | None) -> HttpResponse:
    """Keep a language chosen with `?lang=` in the language cookie for a year."""
    if lang:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax", max_age=60 * 60 * 24 * 365)
    return response


# A phone that was offline sends what it queued in one request (docs/offline.md); more than this is refused whole.
MAX_QUEUED_ACTIONS = 200


def queued_actions(request: HttpRequest) -> list[dict[str, Any]] | None:
    """The actions a device queued offline, from a JSON body or a form's `actions` field, in their order; None when
    the body cannot be read or holds too many. The organizer's sync and a host link's sync read them the same way."""
    try:
        if request.content_type == "application/json":
            body = json.loads(request.body or b"{}")
        else:  # a plain form post: the actions as one JSON field
            body = {"actions": json.loads(request.POST.get("actions") or "[]")}
    except (ValueError, UnicodeDecodeError):
        return None
    actions = body.get("actions") if isinstance(body, dict) else None
    if not isinstance(actions, list) or len(actions) > MAX_QUEUED_ACTIONS:
        return None
    return [action for action in actions if isinstance(action, dict)]
