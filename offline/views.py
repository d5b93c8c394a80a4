"""Offline use: the endpoint that replays a device's queued actions, the list of pages a device saves, and the
service worker itself, served from the site's root so that it may cover every page (docs/offline.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coalition.http import AuthenticatedHttpRequest, people_worker_required, queued_actions
from offline import selectors, services


@never_cache
@login_required
@require_POST
@people_worker_required
def sync(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Replay queued actions in their order; answer each one: applied, already applied, or refused and why."""
    actions = queued_actions(request)
    if actions is None:
        return JsonResponse({"error": "unreadable"}, status=400)
    results = []
    for action in actions:
        result = services.offline_action_apply(actor=request.user, action=action)
        results.append({"key": str(action.get("key", ""))[:64], "status": result.status, "message": result.message})
    return JsonResponse({"results": results})


@never_cache
@login_required
@require_GET
@people_worker_required
def saved_pages(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The pages this account's device saves for offline use, and for how many days it may keep them."""
    return JsonResponse({"urls": selectors.offline_urls(request.user), "keep_days": settings.OFFLINE_KEEP_DAYS})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """static/js/sw.js, from the root so its scope is the whole site."""
    path = finders.find("js/sw.js")
    with open(str(path), encoding="utf-8") as source:
        body = source.read()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
