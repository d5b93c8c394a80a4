"""The public toolkit pages: a campaign's public documents (sample policies, talking points, graphics) and its
public stories, for anyone, in English or Spanish. No member's name appears here, and nothing private is reachable."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from campaigns import selectors
from campaigns.models import Resource
from campaigns.views import file_response
from coalition.home import toolkit_panels_for
from coalition.http import remember_language, visitor_language
from coalition.pagination import paginate, query_without_page


@require_GET
def toolkit(request: HttpRequest, slug: str) -> HttpResponse:
    lang = visitor_language(request)
    campaign = selectors.toolkit_campaign_get(slug=slug)
    kind = request.GET.get("kind", "")
    page = paginate(request, selectors.toolkit_resources(campaign=campaign, kind=kind))
    page.object_list = selectors.toolkit_localized(list(page.object_list), translation.get_language() or "en")
    response = render(request, "campaigns/public_toolkit.html", {
        "campaign": campaign, "page": page, "query": query_without_page(request), "kind": kind,
        "kinds": Resource.Kind.choices, "panels": toolkit_panels_for(campaign),
    })
    return remember_language(response, lang)


@require_GET
def toolkit_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A public document's file, without signing in; any other document answers 404."""
    campaign = selectors.toolkit_campaign_get(slug=slug)
    resource = selectors.toolkit_resource_get(campaign=campaign, pk=pk)
    return file_response(resource.file, content_type=resource.content_type, file_name=resource.file_name,
                         public=True)
