"""Staff match a text from an unknown (or shared) number to a person, or add a new contact from the number: the
reply then joins that person's timeline and the inbox of those who may see them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coalition import access, formflow
from coalition.http import AuthenticatedHttpRequest
from members import replies
from messaging import selectors as inbox
from messaging.forms import MatchForm, NewContactForm


@login_required
def inbox_reply_match(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One reply from a number nobody is matched to: the people who have that number (a shared phone shows
    them all), a search for anyone else, and a new contact from the number."""
    reply = inbox.inbox_unmatched_get(actor=request.user, pk=pk)
    candidates = inbox.reply_candidates(actor=request.user, replies=[reply]).get(reply.from_digits, [])
    form = MatchForm(request.POST or None, actor=request.user)
    if request.method == "POST" and "candidate" in request.POST:
        person = access.get_in_scope(access.person_scope(request.user),
                                     pk=request.POST.get("candidate", ""))
        replies.inbound_reply_match(actor=request.user, reply=reply, person=person)
        messages.success(request, _("The text is now on %(name)s's record.") % {"name": person.display_name})
        return redirect("messaging:inbox_unmatched")
    saved = formflow.submit(request, form, lambda data: replies.inbound_reply_match(
        actor=request.user, reply=reply, person=data["person"]), success=_("The text is matched."))
    if saved is not None:
        return redirect("messaging:inbox_unmatched")
    return render(request, "members/inbox_match.html", {
        "reply": reply, "candidates": candidates, "form": form, "new_form": NewContactForm()})


@login_required
def inbox_reply_new_contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reply = inbox.inbox_unmatched_get(actor=request.user, pk=pk, matched_too=True)
    form = NewContactForm(request.POST or None)
    saved = formflow.submit(request, form, lambda data: replies.inbound_reply_new_contact(
        actor=request.user, reply=reply, first_name=data["first_name"], last_name=data["last_name"],
        preferred_language=data["preferred_language"], idempotency_key=data["idempotency_key"]))
    if saved is not None:
        messages.success(request, _("%(name)s is added, and the text is on their record.") % {
            "name": saved.value.display_name})
        return redirect("members:person_detail", pk=saved.value.pk)
    candidates = inbox.reply_candidates(actor=request.user, replies=[reply]).get(reply.from_digits, [])
    return render(request, "members/inbox_match.html", {
        "reply": reply, "candidates": candidates, "form": MatchForm(actor=request.user), "new_form": form})
