"""A person's own copy of what the coalition keeps about them: a readable page in either language, and JSON."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from coalition.http import AuthenticatedHttpRequest
from coalition.own_copy import own_copy_build, own_copy_json
from members import selectors
from members.models import Person


def _copy(request: AuthenticatedHttpRequest, person: Person) -> HttpResponse:
    language = request.GET.get("lang") if request.GET.get("lang") in ("en", "es") else translation.get_language()
    with translation.override(language):
        sections = own_copy_build(actor=request.user, person=person)
        if request.GET.get("format") == "json":
            body = json.dumps(own_copy_json(sections, person=person, language=language or "en"), indent=2,
                              ensure_ascii=False)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(
                True, f"what-we-keep-about-{person.pk}-{language}.json") or "attachment"
            return response
        return render(request, "members/own_copy.html", {"person": person, "sections": sections,
                                                          "copy_language": language})


@never_cache
@login_required
def person_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff give a person who asks in person everything kept about them (audited)."""
    return _copy(request, selectors.person_for_copy(actor=request.user, pk=pk))


@never_cache
@login_required
def my_copy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member downloads everything kept about them (audited)."""
    return _copy(request, selectors.person_mine(actor=request.user))
