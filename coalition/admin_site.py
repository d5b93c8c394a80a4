"""The back office: Django's admin, for admins only. Anyone else signed in gets 404; sign-in is allauth's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _may_use_back_office(request: HttpRequest) -> bool:
    # Imported here: this module loads with the app registry, before the models the policy reads.
    from coalition import access

    return access.may_use_back_office(request.user)


class BackOfficeSite(admin.AdminSite):
    site_header = "Coalition CRM back office"
    site_title = "Coalition CRM"

    def has_permission(self, request: HttpRequest) -> bool:
        return _may_use_back_office(request)

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated and not _may_use_back_office(request):
                raise Http404
            return inner(request, *args, **kwargs)

        # The same call signature as the view it guards; the admin only calls it.
        return cast(View, guarded)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated and not _may_use_back_office(request):
            raise Http404
        next_url = request.GET.get("next", reverse("admin:index"))
        return HttpResponseRedirect(reverse("account_login") + "?" + urlencode({"next": next_url}))


class BackOfficeConfig(AdminConfig):
    default_site = "coalition.admin_site.BackOfficeSite"
