"""The outbox page (staff) and the inbound SMS webhook (the provider, signature checked)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from messaging import selectors, services
from messaging.backends import signature_is_valid, signed_timestamp
from messaging.models import Message


@login_required
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = paginate(request, selectors.outbox_list(actor=request.user, status=status), per_page=50)
    return render(request, "messaging/outbox.html", {
        "page": page, "query": query_without_page(request), "status": status,
        "counts": selectors.outbox_counts(actor=request.user), "statuses": Message.Status.choices})


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """The provider's webhook for replies (STOP, START, YES). Refused (403) unless signed over the full URL,
    query string included, and every parameter, and unless its signed `Timestamp` is within
    SMS_INBOUND_MAX_AGE_SECONDS of now (a STOP is honoured without one). A repeated MessageSid answers 200 and
    changes nothing. What a text does is up to the handlers the apps register (`messaging.inbound`).
    """
    url = settings.SITE_URL.rstrip("/") + request.get_full_path()
    params = {key: request.POST.get(key, "") for key in request.POST}
    if not signature_is_valid(url, params, request.headers.get("X-Twilio-Signature", ""),
                              settings.TWILIO_AUTH_TOKEN):
        return HttpResponseForbidden("bad signature")
    sent_at = signed_timestamp(params.get("Timestamp", ""), now=timezone.now(),
                               max_age_seconds=settings.SMS_INBOUND_MAX_AGE_SECONDS)
    if sent_at is None:
        # A withdrawal is honoured whatever its time: replaying a STOP can only stop texts, never start them,
        # and a provider that signs no time (Twilio talking to us directly) must still be able to stop them.
        keyword = services.sms_keyword(params.get("Body", ""))
        if keyword is None or keyword[0] != "stop":
            return HttpResponseForbidden("missing or stale timestamp")
        sent_at = timezone.now()
    message_sid = params.get("MessageSid", "").strip()
    if not message_sid:
        return HttpResponseBadRequest("missing MessageSid")
    services.inbound_text_receive(from_number=params.get("From", ""), body=params.get("Body", ""),
                                  message_sid=message_sid, sent_at=sent_at)
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response/>', content_type="text/xml")
