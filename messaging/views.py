"""The outbox page (staff), the inbox of text replies (organizers and staff), and the provider's webhooks (inbound
texts, delivery reports; signature checked)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coalition import access
from coalition.formflow import add_form_errors
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from messaging import replies, selectors, services
from messaging.backends import signature_is_valid, signed_timestamp
from messaging.forms import AnswerForm
from messaging.models import Message

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


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
    """The provider's webhook for replies (STOP, START, YES, HELP, anything else for the inbox). Refused (403)
    unless signed over the full URL, query string included, and every parameter, and unless its signed
    `Timestamp` is within SMS_INBOUND_MAX_AGE_SECONDS of now (a STOP is honoured without one). A repeated
    MessageSid answers 200 and changes nothing. What a text does is up to the handlers the apps register
    (`messaging.inbound`); a HELP is answered in the response, once.
    """
    params = _signed(request)
    if params is None:
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
    body = params.get("Body", "")
    new = services.inbound_text_receive(from_number=params.get("From", ""), body=body, message_sid=message_sid,
                                        sent_at=sent_at)
    keyword = services.sms_keyword(body)
    if new and keyword is not None and keyword[0] == "help":
        # Answered in the webhook's own response, once (a repeated MessageSid is not new): the carriers want a
        # HELP answered whoever sends it, consent or not, known number or not.
        answer = escape(replies.help_text(services.keyword_language(keyword[1])))
        return HttpResponse(f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{answer}</Message></Response>',
                            content_type="text/xml")
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


def _signed(request: HttpRequest) -> dict[str, str] | None:
    url = settings.SITE_URL.rstrip("/") + request.get_full_path()
    params = {key: request.POST.get(key, "") for key in request.POST}
    if not signature_is_valid(url, params, request.headers.get("X-Twilio-Signature", ""),
                              settings.TWILIO_AUTH_TOKEN):
        return None
    return params


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    """The provider's delivery reports (its StatusCallback): signed like the inbound webhook, over the full URL
    and every parameter. Twilio signs no time here; a replayed report can only repeat what the row already
    says, since a status only moves forward. A signed `Timestamp`, when one is sent, must be within the window."""
    params = _signed(request)
    if params is None:
        return HttpResponseForbidden("bad signature")
    if params.get("Timestamp") and signed_timestamp(params["Timestamp"], now=timezone.now(),
                                                    max_age_seconds=settings.SMS_INBOUND_MAX_AGE_SECONDS) is None:
        return HttpResponseForbidden("stale timestamp")
    provider_id = (params.get("MessageSid") or params.get("SmsSid") or "").strip()
    status = (params.get("MessageStatus") or params.get("SmsStatus") or "").strip()
    if not provider_id or not status:
        return HttpResponseBadRequest("missing MessageSid or MessageStatus")
    replies.delivery_status_record(provider_id=provider_id, status=status, error_code=params.get("ErrorCode", ""))
    return HttpResponse(status=204)


# The inbox ------------------------------------------------------------------------------------------------

@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Replies waiting for an answer from the people the organizer may see, newest first; numbers that stopped
    working (the provider says so) to mark with one tap."""
    page = paginate(request, selectors.inbox_list(actor=request.user), per_page=25)
    return render(request, "messaging/inbox.html", {
        "page": page, "query": query_without_page(request), "counts": selectors.inbox_counts(actor=request.user),
        "unreachable": selectors.unreachable_numbers(actor=request.user),
        "may_match": access.may_match_replies(request.user)})


@login_required
def inbox_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One reply: what they wrote, and the answer form (or the answer given)."""
    reply = selectors.inbox_reply_get(actor=request.user, pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply, answered = replies.inbound_reply_answer(actor=request.user, reply=reply,
                                                           text=form.cleaned_data["answer"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if answered:
                messages.success(request, _("Your answer is on its way to %(name)s.") % {
                    "name": reply.person.display_name if reply.person else ""})
            else:
                messages.info(request, _("This reply was answered already; nothing more was sent."))
            return redirect("messaging:inbox")
    return render(request, "messaging/inbox_reply.html", {"reply": reply, "form": form})


@login_required
@require_POST
def inbox_reply_handled(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reply = selectors.inbox_reply_get(actor=request.user, pk=pk)
    _reply, changed = replies.inbound_reply_handled(actor=request.user, reply=reply)
    if changed:
        messages.success(request, _("Marked handled; it is off the inbox."))
    return redirect("messaging:inbox")


@login_required
def inbox_unmatched(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff: replies from numbers nobody is matched to (or several people share), with who has that number."""
    page = paginate(request, selectors.inbox_unmatched_list(actor=request.user), per_page=25)
    candidates = selectors.reply_candidates(actor=request.user, replies=list(page.object_list))
    rows = [(reply, candidates.get(reply.from_digits, [])) for reply in page.object_list]
    return render(request, "messaging/inbox_unmatched.html", {
        "page": page, "rows": rows, "query": query_without_page(request)})
