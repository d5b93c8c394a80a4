"""Replaying a device's queued actions through the services that own them: check-in and no-show (events),
a walk-in (events), logging a contact with its optional follow-up (members).

Each action is checked again as if it were tapped now: a person out of the actor's reach, merged away, or an RSVP
cancelled meanwhile is refused with a reason in plain words, never applied. A replay is applied once: check-in and
no-show by their state, a contact by its idempotency key.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from events import selectors as event_selectors
from events import services as event_services
from events.services import ActionResult, Outcome
from members import selectors as member_selectors
from members import services as member_services
from members.models import Interaction
from offline.selectors import person_was_merged

if TYPE_CHECKING:
    from coalition.models import User

KINDS = ("check_in", "no_show", "walk_in", "log_contact")


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number < 2**63 else None


def _person_gone(person_id: int | None) -> ActionResult:
    if person_id is not None and person_was_merged(person_id=person_id):
        return ActionResult(Outcome.REFUSED, _("This person's record was merged with another one meanwhile: "
                                               "nothing was saved. Find them again and do it on their page."))
    return ActionResult(Outcome.REFUSED, _("You can no longer see this person (they moved out of your reach or "
                                           "their record was removed): nothing was saved."))


def _attendance(actor: User, action: dict[str, Any]) -> ActionResult:
    rsvp_id = _int(action.get("rsvp"))
    try:
        rsvp = event_selectors.rsvp_get(actor=actor, pk=rsvp_id or 0)
    except OutOfReach:
        return _person_gone(_int(action.get("person")))
    if rsvp.status in (rsvp.Status.CANCELLED, rsvp.Status.DECLINED) and rsvp.checked_in_at is None:
        return ActionResult(Outcome.REFUSED, _("The RSVP of %(name)s was cancelled meanwhile: nothing was saved.")
                            % {"name": rsvp.person.display_name})
    if action["kind"] == "check_in":
        _rsvp, state = event_services.rsvp_check_in_tap(actor=actor, rsvp=rsvp)
    else:
        _rsvp, state = event_services.rsvp_no_show_tap(actor=actor, rsvp=rsvp)
    return ActionResult(Outcome.APPLIED if state is not None else Outcome.ALREADY)


def _fields(action: dict[str, Any]) -> dict[str, Any]:
    fields = action.get("fields")
    return fields if isinstance(fields, dict) else {}


def _walk_in(actor: User, action: dict[str, Any]) -> ActionResult:
    try:
        event = event_selectors.event_get(actor=actor, pk=_int(action.get("event")) or 0)
    except OutOfReach:
        return ActionResult(Outcome.REFUSED, _("This event is no longer in your reach: nothing was saved."))
    fields = _fields(action)
    event_services.walk_in_record(actor=actor, event=event, name=str(fields.get("name") or "")[:200],
                                  phone=str(fields.get("phone") or "")[:40], email=str(fields.get("email") or "")[:200])
    return ActionResult(Outcome.APPLIED)


def _log_contact(actor: User, action: dict[str, Any], key: uuid.UUID) -> ActionResult:
    person_id = _int(action.get("person"))
    try:
        person = member_selectors.person_get(actor=actor, pk=person_id or 0)
    except OutOfReach:
        return _person_gone(person_id)
    if not access.may_log_contact(actor, person):
        return _person_gone(None)
    fields = _fields(action)
    follow_up = str(fields.get("follow_up_on") or "")
    try:
        follow_up_on = date.fromisoformat(follow_up) if follow_up else None
    except ValueError:
        return ActionResult(Outcome.REFUSED, _("The follow-up date could not be read: nothing was saved."))
    kind, channel = str(fields.get("kind") or ""), str(fields.get("channel") or "")
    outcome = str(fields.get("outcome") or Interaction.Outcome.REACHED)
    if (kind not in Interaction.Kind.values or kind == Interaction.Kind.TEXT_REPLY
            or channel not in Interaction.Channel.values or outcome not in Interaction.Outcome.values):
        return ActionResult(Outcome.REFUSED, _("Choose how and what kind of contact it was: nothing was saved."))
    _interaction, created = member_services.interaction_log(
        actor=actor, person=person, idempotency_key=key, channel=channel, kind=kind, outcome=outcome,
        notes=str(fields.get("notes") or ""), self_interest=str(fields.get("self_interest") or ""),
        ask=str(fields.get("ask") or ""), answer=str(fields.get("answer") or ""), follow_up_on=follow_up_on,
        follow_up_note=str(fields.get("follow_up_note") or "")[:300])
    return ActionResult(Outcome.APPLIED if created else Outcome.ALREADY)


def offline_action_apply(*, actor: User, action: dict[str, Any]) -> ActionResult:
    """Apply one queued action as `actor` (someone who works with people), through the owning service, which
    checks reach again. Returns applied / already / refused with a reason; never raises for bad input. Safe to
    replay: the same action twice is applied once."""
    if not access.may_work_with_people(actor):
        return ActionResult(Outcome.REFUSED, _("Your account can no longer do this: nothing was saved."))
    kind = action.get("kind")
    try:
        key = uuid.UUID(str(_fields(action).get("idempotency_key") or action.get("key") or ""))
    except ValueError:
        return ActionResult(Outcome.REFUSED, _("This action came without its key: nothing was saved."))
    try:
        if kind in ("check_in", "no_show"):
            return _attendance(actor, action)
        if kind == "walk_in":
            return _walk_in(actor, action)
        if kind == "log_contact":
            return _log_contact(actor, action, key)
    except OutOfReach:
        return _person_gone(None)
    except ValidationError as error:
        return ActionResult(Outcome.REFUSED, " ".join(error.messages))
    return ActionResult(Outcome.REFUSED, _("This kind of action cannot be sent here."))
