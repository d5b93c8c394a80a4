"""The broadcast pages: the list, composing (with a live preview), a broadcast with its counts and progress,
sending, approving, pausing, resuming and cancelling; and the unsubscribe link of broadcast emails (no sign-in).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.formflow import add_form_errors, submit
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from messaging import broadcast_kind, broadcast_selectors, broadcast_services, reach
from messaging.broadcast_forms import BroadcastForm, SendForm
from messaging.models import Broadcast

FIELDS = broadcast_services.CONTENT_FIELDS


def _guard(request: AuthenticatedHttpRequest) -> None:
    if not broadcast_selectors.may_broadcast(request.user):
        raise access.OutOfReach("broadcasts")


@login_required
def broadcast_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _guard(request)
    status = request.GET.get("status", "")
    status = status if status in Broadcast.Status.values else ""
    page = paginate(request, broadcast_selectors.broadcast_list(actor=request.user, status=status))
    return render(request, "messaging/broadcast_list.html", {
        "page": page, "status": status, "statuses": Broadcast.Status.choices, "query": query_without_page(request)})


def _compose(request: AuthenticatedHttpRequest, broadcast: Broadcast | None) -> HttpResponse:
    _guard(request)
    initial = {name: getattr(broadcast, name) for name in FIELDS} if broadcast else {}
    form = BroadcastForm(request.POST or None, actor=broadcast.owner if broadcast else request.user,
                         initial=initial, prefix="b")

    def save(data: dict[str, Any]) -> Broadcast:
        key = data.pop("idempotency_key", None)
        return broadcast_services.broadcast_save(actor=request.user, broadcast=broadcast, idempotency_key=key, **data)

    if saved := submit(request, form, save, success=_("Broadcast saved as a draft.")):
        return redirect("messaging:broadcast_detail", saved.value.pk)
    return render(request, "messaging/broadcast_form.html", {"form": form, "broadcast": broadcast})


@login_required
@require_http_methods(["GET", "POST"])
def broadcast_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _compose(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def broadcast_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    broadcast = broadcast_selectors.broadcast_get(actor=request.user, pk=pk)
    if not broadcast.editable:
        messages.error(request, _("This broadcast is no longer a draft: it cannot be changed."))
        return redirect("messaging:broadcast_detail", broadcast.pk)
    return _compose(request, broadcast)


@login_required
@require_POST
def broadcast_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The live preview of the compose form (htmx posts the form as it is typed): nothing is saved. Editing
    someone else's draft (`?broadcast=<id>`), the audience is read as its author reaches it."""
    _guard(request)
    owner = request.user
    if request.GET.get("broadcast", "").isdigit():
        owner = broadcast_selectors.broadcast_get(actor=request.user, pk=request.GET["broadcast"]).owner
    form = BroadcastForm(request.POST, actor=owner, prefix="b")
    form.is_valid()
    data = {name: form.cleaned_data.get(name) or "" for name in FIELDS}
    if data["mode"] not in Broadcast.Mode.values:
        data["mode"] = Broadcast.Mode.SMS
    draft = Broadcast(owner=owner, **data)
    preview = broadcast_selectors.broadcast_preview(broadcast=draft)
    return render(request, "messaging/partials/_broadcast_preview.html", {"preview": preview, "broadcast": draft})


@login_required
def broadcast_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    broadcast = broadcast_selectors.broadcast_get(actor=request.user, pk=pk)
    return render(request, "messaging/broadcast_detail.html", _detail_context(request, broadcast, SendForm()))


def _detail_context(request: AuthenticatedHttpRequest, broadcast: Broadcast, send_form: SendForm) -> dict[str, Any]:
    preview = broadcast_selectors.broadcast_preview(broadcast=broadcast) if broadcast.editable else None
    progress = None if broadcast.editable else broadcast_selectors.broadcast_progress(broadcast=broadcast)
    return {"broadcast": broadcast, "preview": preview, "progress": progress, "send_form": send_form,
            "may_approve": broadcast_selectors.may_approve(request.user, broadcast),
            "live": broadcast.status in (Broadcast.Status.SENDING, Broadcast.Status.SCHEDULED)}


@login_required
def broadcast_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress counts (htmx polls them every few seconds while it sends)."""
    _guard(request)
    broadcast = broadcast_selectors.broadcast_get(actor=request.user, pk=pk)
    return render(request, "messaging/partials/_broadcast_progress.html", {
        "broadcast": broadcast, "progress": broadcast_selectors.broadcast_progress(broadcast=broadcast),
        "live": broadcast.status in (Broadcast.Status.SENDING, Broadcast.Status.SCHEDULED)})


@login_required
@require_POST
def broadcast_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    broadcast = broadcast_selectors.broadcast_get(actor=request.user, pk=pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            sent = broadcast_services.broadcast_send(actor=request.user, broadcast=broadcast,
                                                     scheduled_for=form.cleaned_data["scheduled_for"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            done = {
                str(Broadcast.Status.AWAITING_APPROVAL): _("It needs a second person's approval before it goes out."),
                str(Broadcast.Status.SCHEDULED): _("Scheduled."),
            }
            messages.success(request, done.get(sent.status, _("Sending.")))
            return redirect("messaging:broadcast_detail", broadcast.pk)
    return render(request, "messaging/broadcast_detail.html", _detail_context(request, broadcast, form), status=200)


def _act(request: AuthenticatedHttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    _guard(request)
    broadcast = broadcast_selectors.broadcast_get(actor=request.user, pk=pk)
    try:
        action(actor=request.user, broadcast=broadcast)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("messaging:broadcast_detail", broadcast.pk)


@login_required
@require_POST
def broadcast_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, broadcast_services.broadcast_approve, _("Approved."))


@login_required
@require_POST
def broadcast_pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, broadcast_services.broadcast_pause, _("Paused: nothing more goes out until you resume."))


@login_required
@require_POST
def broadcast_resume(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, broadcast_services.broadcast_resume, _("Resumed."))


@login_required
@require_POST
def broadcast_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, broadcast_services.broadcast_cancel,
                _("Cancelled: the messages not sent yet will not go out."))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The unsubscribe link of a broadcast email, without signing in: GET asks to confirm with one button; a POST
    (that button, or a mail program's one-click unsubscribe, RFC 8058) withdraws email consent at once. The
    signed token is the permission, so there is no CSRF token to check. An unknown token answers 404."""
    read = broadcast_kind.unsubscribe_token_read(token)
    if read is None:
        raise access.OutOfReach("unsubscribe")
    person_id, broadcast_id = read
    if request.method == "POST":
        reach.audiences().unsubscribe(person_id, f"broadcast:{broadcast_id}")
        return render(request, "messaging/unsubscribe.html", {"done": True})
    return render(request, "messaging/unsubscribe.html", {"done": False, "token": token})
