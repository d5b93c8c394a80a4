"""Host links: the pages staff and organizers make and revoke them on, and the pages a host opens, /h/<token>/.

A host's pages need no account: the token is the key. An unknown, revoked or expired token answers 404 like any
unknown page; with a PIN, the page asks for it once per browser session. The sync endpoint replays a device's
queued check-ins and walk-ins (static/js/offline_queue.js) and answers each one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import add_form_errors
from coalition.http import AuthenticatedHttpRequest, queued_actions
from coalition.pagination import paginate, query_without_page
from events import host_links, selectors, services
from events.forms import HostLinkForm, HostPinForm, HostWalkInForm
from events.models import HostLink


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _session_key(link: HostLink) -> str:
    return f"host_link:{link.pk}"


def _unlocked(request: HttpRequest, link: HostLink) -> bool:
    return not link.has_pin or request.session.get(_session_key(link)) is True


# Staff and organizers ---------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def host_link_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An event's host links, and the form that makes one; a new link's address is shown once, here."""
    event = selectors.event_get(actor=request.user, pk=pk)
    if not access.may_manage_host_links(request.user, event):
        raise OutOfReach("event")
    form = HostLinkForm(request.POST or None, event=event, initial={"bus": request.GET.get("bus") or None})
    new_url = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _link, token = services.host_link_create(
                actor=request.user, event=event, label=data["label"], bus=data["bus"], pin=data["pin"],
                idempotency_key=data.get("idempotency_key"))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if token:
                new_url = request.build_absolute_uri(reverse("host:page", kwargs={"token": token}))
                messages.success(request, _("Link made. Copy it now: it is shown only this once."))
            else:
                messages.info(request, _("That link was made already. If you lost its address, revoke it and "
                                         "make another."))
            form = HostLinkForm(event=event)
    page = paginate(request, host_links.host_link_list(request.user, event=event))
    return _private(render(request, "events/host_link_list.html", {
        "event": event, "form": form, "page": page, "query": query_without_page(request), "new_url": new_url}))


@login_required
@require_POST
def host_link_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    link = host_links.host_link_lookup(request.user, pk=pk)
    services.host_link_revoke(actor=request.user, link=link)
    messages.success(request, _("The link is switched off. Anything a device still had waiting is refused."))
    return redirect("events:host_link_list", pk=link.event_id)


# The host's pages (no account) ------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def host_page(request: HttpRequest, token: str) -> HttpResponse:
    """The check-in list a host sees (after the PIN, when the link has one)."""
    link = host_links.host_link_get(token=token)
    if not _unlocked(request, link):
        return _pin_page(request, link, token)
    services.host_link_opened(link=link)
    page = paginate(request, host_links.host_roster(link=link), per_page=200)
    rows = [host_links.host_row(rsvp) for rsvp in page.object_list]
    return _private(render(request, "events/host_page.html", {
        "link": link, "event": link.event, "bus": link.bus, "page": page, "rows": rows, "token": token,
        "walk_in_form": HostWalkInForm(), "query": query_without_page(request), "offline_scope": f"host-{link.pk}",
        "checked_in": sum(1 for row in rows if row.checked_in)}))


def _pin_page(request: HttpRequest, link: HostLink, token: str) -> HttpResponse:
    form = HostPinForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            right = services.host_link_pin_try(link=link, pin=form.cleaned_data["pin"])
        except ValidationError as error:
            form.add_error(None, error)
            status = 429
        else:
            if right:
                request.session[_session_key(link)] = True
                return redirect("host:page", token=token)
            form.add_error("pin", _("That PIN is not right. Check it with the organizer who gave you the link."))
    elif host_links.host_link_locked(link):
        form.add_error(None, _("Too many wrong PINs: this link is locked for a while. Try again later, or ask the "
                               "organizer who gave it to you."))
        status = 429
    return _private(render(request, "events/host_pin.html", {"link": link, "form": form, "token": token},
                           status=status))


@never_cache
@require_POST
def host_check_in(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """Check one person in from the list (the page without JavaScript posts here)."""
    link = host_links.host_link_get(token=token)
    if not _unlocked(request, link):
        return redirect("host:page", token=token)
    result = services.host_check_in(link=link, rsvp_id=pk)
    if result.status == services.Outcome.REFUSED:
        messages.error(request, result.message)
    else:
        messages.success(request, _("Checked in."))
    return redirect("host:page", token=token)


@never_cache
@require_POST
def host_walk_in(request: HttpRequest, token: str) -> HttpResponse:
    """Write down a walk-in: a first name and a phone, for staff to match later."""
    link = host_links.host_link_get(token=token)
    if not _unlocked(request, link):
        return redirect("host:page", token=token)
    form = HostWalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the walk-in's first name and phone number."))
        return redirect("host:page", token=token)
    try:
        result, _review = services.host_walk_in(link=link, first_name=form.cleaned_data["first_name"],
                                                phone=form.cleaned_data["phone"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.status == services.Outcome.REFUSED:
            messages.error(request, result.message)
        else:
            messages.success(request, _("Walk-in written down and checked in. Staff will match them later."))
    return redirect("host:page", token=token)


def _replay(link: HostLink, action: dict[str, Any]) -> services.ActionResult:
    kind = action.get("kind")
    if kind == "check_in":
        return services.host_check_in(link=link, rsvp_id=action.get("rsvp"))  # type: ignore[arg-type]
    if kind == "walk_in":
        given = action.get("fields")
        fields: dict[str, Any] = given if isinstance(given, dict) else {}
        try:
            result, _review = services.host_walk_in(link=link, first_name=str(fields.get("first_name") or ""),
                                                    phone=str(fields.get("phone") or ""))
        except ValidationError as error:
            return services.ActionResult(services.Outcome.REFUSED, " ".join(error.messages))
        return result
    return services.ActionResult(services.Outcome.REFUSED, _("This kind of action cannot be sent here."))


@never_cache
@require_POST
def host_sync(request: HttpRequest, token: str) -> JsonResponse:
    """Replay a device's queued actions in order; answer each: applied, already applied, or refused (why)."""
    link = host_links.host_link_get(token=token)
    actions = queued_actions(request)
    if actions is None:
        return JsonResponse({"error": _("The device sent something unreadable: nothing was saved.")}, status=400)
    results = []
    for action in actions:
        if not _unlocked(request, link):
            result = services.ActionResult(services.Outcome.REFUSED,
                                           _("Open the link and type the PIN again: nothing was saved."))
        else:
            result = _replay(link, action)
        results.append({"key": str(action.get("key", ""))[:64], "status": result.status, "message": result.message})
    return JsonResponse({"results": results})


