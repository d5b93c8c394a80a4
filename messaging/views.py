"""The outbox pages (staff) and the inbound SMS webhook (the provider, signature checked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from events import selectors as event_selectors

if TYPE_CHECKING:
    from events.models import Event
from messaging import selectors, services
from messaging.backends import signature_is_valid
from messaging.models import Message


def _outbox(request: AuthenticatedHttpRequest, event: Event | None = None) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.outbox_list(actor=request.user, event=event, status=status)
    page = paginate(request, qs, per_page=50)
    counts = selectors.outbox_counts(actor=request.user, event=event)
    return render(request, "messaging/outbox.html", {
        "page": page, "query": query_without_page(request), "event": event, "status": status,
        "counts": [(label, counts.get(value, 0)) for value, label in Message.Status.choices],
        "statuses": Message.Status.choices})


@login_required
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _outbox(request)


@login_required
def event_outbox(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    selectors.outbox_counts(actor=request.user)  # staff only: OutOfReach before the event is looked up
    return _outbox(request, event_selectors.event_get(actor=request.user, pk=pk))


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """The provider's webhook for replies: STOP withdraws SMS consent at once. Twilio-style signature."""
    url = settings.SITE_URL.rstrip("/") + request.path
    params = {key: request.POST.get(key, "") for key in request.POST}
    if not signature_is_valid(url, params, request.headers.get("X-Twilio-Signature", ""),
                              settings.TWILIO_AUTH_TOKEN):
        return HttpResponseForbidden("bad signature")
    services.sms_inbound_record(from_number=params.get("From", ""), body=params.get("Body", ""))
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response/>', content_type="text/xml")
