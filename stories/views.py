"""Story pages: the story bank for each audience, its export, a story, recording and changing one, revoking its
consent, its media appearances."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.csvexport import csv_response
from coalition.formflow import submit
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from members import selectors as people
from stories import selectors, services
from stories.forms import MediaAppearanceForm, StoryFilterForm, StoryForm


def _story_audience(request: HttpRequest) -> tuple[str, tuple[str, ...]]:
    audiences = access.story_audiences(request.user)
    if not audiences:
        raise OutOfReach("stories")
    audience = request.GET.get("audience") or audiences[0]
    return (audience if audience in audiences else audiences[0]), audiences


@login_required
def story_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    audience, audiences = _story_audience(request)
    form = StoryFilterForm(request.GET or None, audiences=audiences, initial={"audience": audience})
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.story_list(actor=request.user, audience=audience, filters=filters))
    context = {"form": form, "page": page, "audience": audience, "query": query_without_page(request),
               "themes": selectors.theme_names(), "may_export": True}
    template = "stories/partials/story_rows.html" if request.htmx else "stories/story_list.html"
    return render(request, template, context)


STORY_COLUMNS = ["id", "title", "told_by", "themes", "consent_level", "media_readiness", "expires_on", "text"]


def _story_rows(stories: Iterator[Any]) -> Iterator[list[Any]]:
    for story in stories:
        yield [story.pk, story.title, story.teller_name,
               ", ".join(t.name for t in story.themes.all()), story.consent_level, story.media_readiness,
               story.expires_on, story.text]


@login_required
def story_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    audience, _audiences = _story_audience(request)
    rows = selectors.story_list(actor=request.user, audience=audience)
    services.story_export_audit(actor=request.user, audience=audience, count=rows.count())
    return csv_response(filename=f"stories-{audience}-{timezone.localdate()}.csv", header=STORY_COLUMNS,
                        rows=_story_rows(selectors.story_export_rows(actor=request.user, audience=audience)))


@login_required
def story_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audience, _audiences = _story_audience(request)
    story = selectors.story_get(actor=request.user, pk=pk, audience=audience)
    return render(request, "stories/story_detail.html", {
        "story": story, "audience": audience,
        "may_manage": access.may_manage_stories(request.user, story.person),
    })


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = people.person_get(actor=request.user, pk=pk)
    if not access.may_manage_stories(request.user, person):
        raise OutOfReach("person")
    form = StoryForm(request.POST or None, initial={"consent_level": person.story_sharing}, actor=request.user)

    def save(data: dict[str, Any]) -> Any:
        themes = services.theme_get_or_create(names=data.pop("themes"))
        return services.story_create(actor=request.user, person=person, themes=themes, **data)

    if saved := submit(request, form, save, _("Story saved.")):
        return redirect("stories:story_detail", pk=saved.value.pk)
    return render(request, "stories/story_form.html", {"form": form, "person": person, "story": None})


@login_required
@require_http_methods(["GET", "POST"])
def story_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    story = selectors.story_manage_get(actor=request.user, pk=pk)
    initial = {"title": story.title, "text": story.text, "consent_level": story.consent_level,
               "media_readiness": story.media_readiness, "expires_on": story.expires_on,
               "themes": ", ".join(t.name for t in story.themes.all()), "campaigns": list(story.campaigns.all())}
    form = StoryForm(request.POST or None, initial=initial, new=False, actor=request.user, tied=initial["campaigns"])

    def save(data: dict[str, Any]) -> None:
        themes = services.theme_get_or_create(names=data.pop("themes"))
        services.story_update(actor=request.user, story=story, themes=themes, **data)

    if submit(request, form, save, _("Changes saved.")):
        return redirect("stories:story_detail", pk=story.pk)
    return render(request, "stories/story_form.html", {"form": form, "person": story.person, "story": story})


@login_required
@require_POST
def story_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    story = selectors.story_manage_get(actor=request.user, pk=pk)
    services.story_revoke(actor=request.user, story=story)
    messages.success(request, _("Consent revoked: the story is hidden everywhere."))
    return redirect("leadership:development_detail", pk=story.person_id)


@login_required
@require_http_methods(["GET", "POST"])
def story_appearance_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    story = selectors.story_manage_get(actor=request.user, pk=pk)
    form = MediaAppearanceForm(request.POST or None)
    if submit(request, form, lambda data: services.media_appearance_add(actor=request.user, story=story, **data),
              _("Media appearance added.")):
        return redirect("stories:story_detail", pk=story.pk)
    return render(request, "stories/story_appearance_form.html", {"form": form, "story": story})
