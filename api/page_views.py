"""The admins' pages of the API: tokens (made, shown once, revoked), webhooks and their deliveries (sent again
with one button), and the API's documentation read from its own OpenAPI schema."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api import selectors, services
from api.forms import TokenForm, WebhookForm
from coalition import access
from coalition.formflow import submit
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate

NEW_SECRET = "api_new_token_secret"  # noqa: S105 - the session key's name, not a secret


def _guard(request: AuthenticatedHttpRequest) -> None:
    if not access.may_manage_api(request.user):
        raise access.OutOfReach("api")


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tokens and the form to make one; a new token's secret is shown once, on the page after making it."""
    _guard(request)
    form = TokenForm(request.POST or None, actor=request.user)

    def save(data: dict[str, Any]) -> Any:
        return services.token_create(actor=request.user, **data)

    if saved := submit(request, form, save, success=_("Token made.")):
        if saved.value[1]:
            # Kept in the session only until the page after the redirect shows it (a second submit of the same
            # form finds the first token and leaves this alone).
            request.session[NEW_SECRET] = saved.value[1]
        return redirect("api:token_list")
    secret = request.session.pop(NEW_SECRET, None) if request.method == "GET" else None
    page = paginate(request, selectors.token_list(actor=request.user))
    return render(request, "api/token_list.html", {"form": form, "page": page, "secret": secret})


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get(actor=request.user, pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked: it no longer works."))
    return redirect("api:token_list")


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The webhooks and the form to register one."""
    _guard(request)
    form = WebhookForm(request.POST or None)

    def save(data: dict[str, Any]) -> Any:
        return services.webhook_create(actor=request.user, **data)

    if request.method == "POST" and (saved := submit(request, form, save, success=_("Webhook registered."))):
        return redirect("api:webhook_detail", saved.value.pk)
    page = paginate(request, selectors.webhook_list(actor=request.user))
    return render(request, "api/webhook_list.html", {"form": form, "page": page})


@login_required
def webhook_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A webhook, its signing secret and its deliveries, newest first, each with "send again"."""
    hook = selectors.webhook_get(actor=request.user, pk=pk)
    page = paginate(request, selectors.delivery_list(actor=request.user, hook=hook))
    return render(request, "api/webhook_detail.html", {"hook": hook, "page": page})


@login_required
@require_POST
def delivery_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.delivery_get(actor=request.user, pk=pk)
    services.delivery_resend(actor=request.user, delivery=delivery)
    messages.success(request, _("Delivery queued to be sent again."))
    return redirect("api:webhook_detail", delivery.hook_id)


def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation: every operation of the OpenAPI schema, rendered on the server (no CDN)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        {"method": method.upper(), "path": path, "summary": operation.get("description", "").strip(),
         "id": operation.get("operationId", "")}
        for path, item in schema.get("paths", {}).items() for method, operation in item.items()
    ]
    return render(request, "api/docs.html", {"operations": operations, "info": schema.get("info", {})})
