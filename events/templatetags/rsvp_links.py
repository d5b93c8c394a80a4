"""`{{ rsvp|manage_path }}`: the path of an RSVP's private change-or-cancel page (events/manage_links.py)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from events.manage_links import manage_token
from events.models import RSVP

register = template.Library()


@register.filter
def manage_path(rsvp: RSVP) -> str:
    return reverse("rsvp_self:manage", kwargs={"token": manage_token(rsvp)})
