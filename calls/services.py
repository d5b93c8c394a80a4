"""Writes of call lists: saving a list and its questions, opening it (the audience becomes people to call),
handing out the next person under a database lock, saving a call, pausing, closing and re-opening the people
nobody answered. Each service checks the policy again and owns its transaction."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import selectors
from calls.models import CallList, CallListCaller, CallTarget, Question
from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import User
from events.models import RSVP, Bus, Event
from events.services import rsvps as rsvp_services
from members import services as member_services
from members.audiences import Audience, audience_label, audience_people
from members.models import Interaction, Person, PersonPhone
from messaging.services import quiet_until

# How long "next person" holds someone for one caller; a closed page lets them go back to the pool after it.
LOCK = timedelta(minutes=5)
FIELD = re.compile(r"\{([^{}\s]*)\}")
MERGE_FIELDS = ("preferred_name", "first_name", "caller_name")
OUTCOME_LOGGED = {
    CallTarget.Outcome.REACHED: Interaction.Outcome.REACHED,
    CallTarget.Outcome.LEFT_MESSAGE: Interaction.Outcome.LEFT_MESSAGE,
    CallTarget.Outcome.NO_ANSWER: Interaction.Outcome.NO_ANSWER,
    CallTarget.Outcome.WRONG_NUMBER: Interaction.Outcome.WRONG_NUMBER,
    CallTarget.Outcome.REFUSED: Interaction.Outcome.NOT_NOW,
    CallTarget.Outcome.CALL_BACK: Interaction.Outcome.NOT_NOW,
}


def _check_runs(actor: User, call_list: CallList | None = None) -> None:
    if not selectors.may_run_calls(actor):
        raise OutOfReach("call lists")
    if call_list is not None and not selectors.call_list_scope(actor).filter(pk=call_list.pk).exists():
        raise OutOfReach("call list")


def fill_script(text: str, *, person: Person, caller: Any) -> str:
    """The script with its merge fields filled for this person and caller; an unknown field is left as typed."""
    values = {"preferred_name": person.preferred_name or person.first_name, "first_name": person.first_name,
              "caller_name": (caller.first_name or caller.get_full_name()) if caller else ""}
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")


def _check_fields(**scripts: str) -> None:
    errors = {}
    for name, text in scripts.items():
        unknown = [f for f in FIELD.findall(text or "") if f not in MERGE_FIELDS]
        if unknown:
            errors[name] = _("Nobody fills %(fields)s. Use %(known)s.") % {
                "fields": ", ".join(f"{{{f}}}" for f in unknown),
                "known": ", ".join(f"{{{f}}}" for f in MERGE_FIELDS)}
    if errors:
        raise ValidationError(errors)


# Lists and questions --------------------------------------------------------------------------------------

@transaction.atomic
def call_list_save(*, actor: User, call_list: CallList | None = None, idempotency_key: uuid.UUID | None = None,
                   name: str, audience: str, script_en: str, script_es: str = "",
                   event: Event | None = None) -> CallList:
    """Make or change a call list. Its audience is fixed once it opens; an organizer may pick only audiences on
    their turf. A double submit of "new call list" finds the first one."""
    _check_runs(actor, call_list)
    if call_list is not None and call_list.status == CallList.Status.CLOSED:
        raise ValidationError(_("This call list is closed: it cannot be changed."))
    _check_fields(script_en=script_en, script_es=script_es)
    owner = call_list.owner if call_list else actor
    if call_list is not None and call_list.status != CallList.Status.DRAFT and audience != call_list.audience:
        raise ValidationError({"audience": _("The people to call cannot change once the list is open.")})
    try:
        label = audience_label(owner, Audience.parse(audience))
    except OutOfReach:
        raise ValidationError({"audience": _("Pick who to call from the list.")}) from None

    def fill(row: CallList) -> CallList:
        row.name, row.audience, row.audience_label = name, audience, label[:300]
        row.script_en, row.script_es, row.event = script_en, script_es, event
        row.full_clean()
        row.save()
        return row

    if call_list is not None:
        return fill(call_list)
    row, _created = create_once(CallList, idempotency_key, lambda: fill(CallList(
        owner=actor, region=access.organizer_region(actor), idempotency_key=idempotency_key)))
    return row


@transaction.atomic
def question_add(*, actor: User, call_list: CallList, kind: str, prompt: str, prompt_es: str = "",
                 options: list[str] | None = None, action: str = "") -> Question:
    """Add a question at the end. A choice needs at least two options. A question can act on its answer when the
    list has an event: a yes or no question's "yes" records the RSVP; a bus question's choices are the event's
    buses (its answer is the seat)."""
    _check_runs(actor, call_list)
    if call_list.status == CallList.Status.CLOSED:
        raise ValidationError(_("This call list is closed: it cannot be changed."))
    bus_ids: list[int] = []
    if action and call_list.event_id is None:
        raise ValidationError({"action": _("Pick the list's event first (Edit).")})
    if action == Question.Action.RSVP and kind != Question.Kind.YES_NO:
        raise ValidationError({"action": _("Only a yes or no question records an RSVP.")})
    if action == Question.Action.TRAVEL and kind != Question.Kind.YES_NO:
        raise ValidationError({"action": _("Only a yes or no question can mark travel permission as needed.")})
    if action == Question.Action.BUS:
        kind = Question.Kind.CHOICE
        buses = list(Bus.objects.filter(event=call_list.event).select_related("pickup_point")
                     .order_by("departs_at", "id"))
        options = [f"{b.pickup_point.name} {timezone.localtime(b.departs_at).strftime('%H:%M')}" for b in buses]
        bus_ids = [b.pk for b in buses]
        if not buses:
            raise ValidationError({"action": _("The event has no bus yet.")})
    options = [o.strip() for o in (options or []) if o.strip()] if kind == Question.Kind.CHOICE else []
    if kind == Question.Kind.CHOICE and len(options) < 2 and not bus_ids:
        raise ValidationError({"options": _("Give at least two choices, one a line.")})
    last = call_list.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(call_list=call_list, kind=kind, prompt=prompt, prompt_es=prompt_es, options=options,
                        action=action, bus_ids=bus_ids, position=(last or 0) + 1)
    question.full_clean()
    question.save()
    return question


def _check_changeable(actor: User, question: Question) -> CallList:
    call_list = question.call_list
    _check_runs(actor, call_list)
    if call_list.status == CallList.Status.CLOSED:
        raise ValidationError(_("This call list is closed: it cannot be changed."))
    return call_list


@transaction.atomic
def question_update(*, actor: User, question: Question, prompt: str, prompt_es: str = "",
                    options: list[str] | None = None) -> Question:
    """Change a question's wording (and a choice's choices; a bus question's choices are the event's buses). Its
    kind and what its answer does stay. Calls already saved keep the wording they were asked with."""
    _check_changeable(actor, question)
    if question.removed_at is not None:
        raise ValidationError(_("This question was removed from the list."))
    question.prompt, question.prompt_es = prompt, prompt_es
    fields = ["prompt", "prompt_es"]
    if question.kind == Question.Kind.CHOICE and question.action != Question.Action.BUS:
        question.options = [o.strip() for o in (options or []) if o.strip()]
        if len(question.options) < 2:
            raise ValidationError({"options": _("Give at least two choices, one a line.")})
        fields.append("options")
    question.full_clean()
    question.save(update_fields=fields)
    return question


@transaction.atomic
def question_move(*, actor: User, question: Question, up: bool) -> Question:
    """Swap a question with the one before it (up) or after it on the calling page; at either end, nothing."""
    call_list = _check_changeable(actor, question)
    questions = list(call_list.questions.select_for_update().filter(removed_at__isnull=True).order_by("position", "id"))
    if question.pk not in {q.pk for q in questions}:
        raise ValidationError(_("This question was removed from the list."))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
        for position, each in enumerate(questions, start=1):
            each.position = position
        Question.objects.bulk_update(questions, ["position"])
    return question


@transaction.atomic
def question_remove(*, actor: User, question: Question, now: datetime | None = None) -> Question:
    """Stop asking a question. Calls already saved keep its answers, still counted and exported with the wording
    they were asked with. Removing it again changes nothing."""
    _check_changeable(actor, question)
    Question.objects.filter(pk=question.pk, removed_at__isnull=True).update(removed_at=now or timezone.now())
    question.refresh_from_db(fields=["removed_at"])
    return question


def _working_phone() -> Subquery:
    phones = PersonPhone.objects.filter(person_id=OuterRef("pk"), stopped_working_on__isnull=True)
    return Subquery(phones.order_by("-is_primary", "id").values("pk")[:1])


@transaction.atomic
def call_list_open(*, actor: User, call_list: CallList, now: datetime | None = None) -> CallList:
    """Open a list. The first time, everyone of the audience (as its owner reaches it now) with phone consent
    and a working number becomes a person to call, in one pass; the others are counted by reason. A paused list
    simply opens again."""
    _check_runs(actor, call_list)
    call_list = CallList.objects.select_for_update().get(pk=call_list.pk)
    if call_list.status == CallList.Status.CLOSED:
        raise ValidationError(_("This call list is closed."))
    if call_list.status == CallList.Status.DRAFT:
        ids = audience_people(call_list.owner, Audience.parse(call_list.audience))
        people = Person.objects.filter(pk__in=ids).annotate(dial=_working_phone())
        refused = Q(phone_consent=False)
        counts = people.aggregate(
            do_not_call=Count("id", filter=refused & Q(phone_consent_at__isnull=False)),
            no_consent=Count("id", filter=refused & Q(phone_consent_at__isnull=True)),
            no_phone=Count("id", filter=Q(phone_consent=True, dial__isnull=True)))
        rows = people.filter(phone_consent=True, dial__isnull=False).values_list("pk", "dial")
        CallTarget.objects.bulk_create(
            (CallTarget(call_list=call_list, person_id=pk, phone_id=dial) for pk, dial in rows.iterator()),
            batch_size=1000, ignore_conflicts=True)
        call_list.left_out = counts
        call_list.opened_at = now or timezone.now()
    call_list.status = CallList.Status.OPEN
    call_list.save(update_fields=["status", "left_out", "opened_at", "updated_at"])
    return call_list


@transaction.atomic
def call_list_pause(*, actor: User, call_list: CallList) -> CallList:
    """Pause: nobody new is handed out until it opens again (a call in progress can still be saved)."""
    _check_runs(actor, call_list)
    updated = CallList.objects.filter(pk=call_list.pk, status=CallList.Status.OPEN).update(
        status=CallList.Status.PAUSED, updated_at=timezone.now())
    if not updated:
        raise ValidationError(_("Only an open list can be paused."))
    call_list.refresh_from_db()
    return call_list


@transaction.atomic
def call_list_close(*, actor: User, call_list: CallList, now: datetime | None = None) -> CallList:
    """Close for good: callers see nothing of it any more; whoever was held is let go."""
    _check_runs(actor, call_list)
    now = now or timezone.now()
    CallList.objects.filter(pk=call_list.pk).update(status=CallList.Status.CLOSED, closed_at=now, updated_at=now)
    CallTarget.objects.filter(call_list=call_list, locked_by__isnull=False).update(locked_by=None, locked_until=None)
    call_list.refresh_from_db()
    return call_list


@transaction.atomic
def call_list_retry_no_answer(*, actor: User, call_list: CallList) -> int:
    """Put the people nobody answered back in the pool; returns how many."""
    _check_runs(actor, call_list)
    if call_list.status == CallList.Status.CLOSED:
        raise ValidationError(_("This call list is closed."))
    return CallTarget.objects.filter(call_list=call_list, outcome=CallTarget.Outcome.NO_ANSWER).update(
        outcome="", locked_by=None, locked_until=None)


@transaction.atomic
def caller_add(*, actor: User, call_list: CallList, email: str) -> CallListCaller:
    """Give someone with an account the caller role for this list only."""
    _check_runs(actor, call_list)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": _("Nobody has an account with this email. Invite them first.")})
    caller, created = CallListCaller.objects.get_or_create(call_list=call_list, user=user,
                                                           defaults={"added_by": actor})
    if not created and caller.removed_at is not None:  # given the role again
        caller.removed_at, caller.added_by = None, actor
        caller.save(update_fields=["removed_at", "added_by"])
    return caller


@transaction.atomic
def caller_remove(*, actor: User, call_list: CallList, user_id: int) -> None:
    """Take the caller role back: their next tap is refused; whoever they held goes back to the pool."""
    _check_runs(actor, call_list)
    CallListCaller.objects.filter(call_list=call_list, user_id=user_id, removed_at__isnull=True).update(
        removed_at=timezone.now())
    CallTarget.objects.filter(call_list=call_list, outcome="", locked_by_id=user_id).update(
        locked_by=None, locked_until=None)


# Working the list -------------------------------------------------------------------------------------------

class NoOne(Exception):
    """Nobody to hand out now, with the plain reason ("quiet", "paused", "done")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_caller(actor: User, call_list: CallList) -> CallList:
    """The list as it is now (with its owner, and whether the actor runs it), in one query; a caller who may not
    (any more) work it is refused. A list this request has just read for this actor through the same scope
    (`selectors.call_list_for_caller`) is that check already."""
    if actor.pk is not None and call_list.read_for == actor.pk:
        return call_list
    return access.get_in_scope(selectors.workable_scope(actor), pk=call_list.pk)


def call_next(*, actor: User, call_list: CallList, now: datetime | None = None) -> CallTarget:
    """Hand this caller one person: the one they already hold, or the first free one, locked to them for a few
    minutes. Guarded in the database: one UPDATE takes the first free row with SKIP LOCKED and claims it only if
    it is still free and the caller holds nobody, so two callers never get the same person. NoOne when the list
    is paused, in the people's quiet hours (their time zone is Chicago's) or done."""
    now = now or timezone.now()
    call_list = _check_caller(actor, call_list)
    if call_list.status != CallList.Status.OPEN:
        raise NoOne("paused")
    quiet = quiet_until(now, None) is not None
    for _attempt in range(20):
        claimed = 0 if quiet else _claim(actor, call_list, now)
        held = selectors.held_target(actor=actor, call_list=call_list, now=now)
        if held is not None:
            return held
        if quiet:
            raise NoOne("quiet")
        if not claimed:
            raise NoOne("done")
    raise NoOne("busy")


def _claim(actor: User, call_list: CallList, now: datetime) -> int:
    """Lock the first free person of the list to this caller unless they already hold someone: one statement, its
    row picked with SKIP LOCKED (a row another caller is claiming is passed over, never waited for) and claimed
    only while it is still free. Returns how many rows it claimed (0 or 1)."""
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    pick = (CallTarget.objects.filter(free, call_list=call_list, outcome="", person__phone_consent=True,
                                      phone__stopped_working_on__isnull=True)
            .select_for_update(skip_locked=True, of=("self",)).order_by("id").values("pk")[:1])
    holding = CallTarget.objects.filter(call_list=call_list, outcome="", locked_by_id=actor.pk, locked_until__gt=now)
    with transaction.atomic():  # FOR UPDATE needs a transaction, even as one statement's subquery
        return (CallTarget.objects.filter(free, ~Exists(holding), pk=Subquery(pick), outcome="")
                .update(locked_by=actor, locked_until=now + LOCK))


def _rsvp(writer: User, call_list: CallList, target: CallTarget, bus_id: int | None, travel: bool) -> None:
    """A "yes" on the phone: the RSVP (and the bus seat, and travel permission needed) through the same services as
    an organizer's RSVP for someone. A full or closed event does not undo the call: the answer stays, the RSVP is
    left to the organizer; so does the travel flag of an RSVP made before, when the writer may not change it."""
    event = Event.objects.get(pk=int(call_list.event_id or 0))
    bus = Bus.objects.filter(pk=bus_id, event=event).first() if bus_id else None
    needed = RSVP.TravelPermission.NEEDED if travel else ""
    try:
        rsvp, created = rsvp_services.rsvp_record(event=event, person=target.person, bus=bus,
                                                  source=RSVP.Source.PROXY, actor=writer, staff_side=True,
                                                  travel_permission=needed)
    except ValidationError:
        return
    if travel and not created and not rsvp.travel_permission:
        try:
            rsvp_services.rsvp_set_travel_permission(actor=writer, rsvp=rsvp, travel_permission=needed)
        except OutOfReach:
            return


def _answer(question: Question, raw: str) -> tuple[str, str] | None:
    """(value, what to show) for one raw answer; None when skipped; ValidationError when it is not an answer."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if question.kind == Question.Kind.YES_NO:
        if raw not in ("yes", "no"):
            raise ValidationError(_("Answer yes or no."))
        return raw, str(_("Yes") if raw == "yes" else _("No"))
    if question.kind == Question.Kind.CHOICE:
        if raw not in question.options:
            raise ValidationError(_("Pick one of the choices."))
        return raw, raw
    if question.kind == Question.Kind.NUMBER:
        if not re.fullmatch(r"-?\d{1,6}", raw):
            raise ValidationError(_("Give a whole number."))
        return raw, raw
    return raw[:500], raw[:500]


@transaction.atomic
def call_save(*, actor: User, call_list: CallList, target_id: int, idempotency_key: uuid.UUID, outcome: str,
              answers: dict[str, str], notes: str = "", call_back_at: datetime | None = None,
              now: datetime | None = None, questions: list[Question] | None = None) -> CallTarget:
    """Save one call: the outcome and answers on the person to call, one logged contact (kind "call", the answers
    as data), a "wrong number" marks that number stopped working, a "call back" leaves a follow-up. A second
    submit with the same key (a double tap, a retry on bad signal) saves nothing more. `questions` are the list's
    questions as the caller's request already read them (`selectors.questions`), read here when not given."""
    now = now or timezone.now()
    call_list = _check_caller(actor, call_list)
    target = access.get_in_scope(CallTarget.objects.select_for_update(of=("self",)).select_related(
        "person", "phone"), pk=target_id, call_list=call_list)
    if target.outcome:
        # Saved already (the row is locked, so a double tap waits here for the first): with this key, that was
        # this very submit; the contact's key is checked again when it is logged below.
        done = Interaction.objects.filter(idempotency_key=idempotency_key).values_list("person_id", flat=True).first()
        if done is not None and done != target.person_id:
            raise ValidationError(member_services.USED_FORM)
        if done is not None:
            return target
        raise ValidationError(_("This call was already saved."))
    if target.locked_by_id != actor.pk:
        raise ValidationError(_("Your time with this person ran out and someone else has them now. Take the "
                                "next person."))
    if outcome not in CallTarget.Outcome.values:
        raise ValidationError({"outcome": _("Say how the call went.")})
    if outcome == CallTarget.Outcome.CALL_BACK and call_back_at is None:
        raise ValidationError({"call_back_at": _("Say when to call back.")})
    stored: dict[str, dict[str, str]] = {}
    survey: list[dict[str, str]] = []
    errors: dict[str, Any] = {}
    coming, travel, bus_id = False, False, None
    for question in selectors.questions(call_list) if questions is None else questions:
        try:
            answer = _answer(question, answers.get(str(question.pk), ""))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if answer is not None and question.action == Question.Action.RSVP:
            coming = answer[0] == "yes"
        if answer is not None and question.action == Question.Action.TRAVEL:
            travel = answer[0] == "yes"
        if answer is not None and question.action == Question.Action.BUS and answer[0] in question.options:
            bus_id = question.bus_ids[question.options.index(answer[0])]
        if answer is not None:
            stored[str(question.pk)] = {"question": question.prompt, "value": answer[0], "answer": answer[1]}
            survey.append({"question": question.prompt, "answer": answer[1]})
    if errors:
        raise ValidationError(errors)
    when = timezone.localtime(call_back_at) if call_back_at else None
    # A caller given the role for this list writes with the list's owner's reach (whose follow-up a call back is);
    # the contact still names who called.
    writer = actor if getattr(call_list, "runs", False) else call_list.owner
    interaction, created = member_services.interaction_log(
        actor=writer, logged_by=actor, person=target.person, idempotency_key=idempotency_key,
        channel=Interaction.Channel.PHONE,
        kind=Interaction.Kind.CALL, outcome=OUTCOME_LOGGED[CallTarget.Outcome(outcome)], happened_at=now,
        notes=(f"{call_list.name}: {CallTarget.Outcome(outcome).label}" + (f"\n{notes}" if notes else "")),
        follow_up_on=when.date() if when and outcome == CallTarget.Outcome.CALL_BACK else None,
        follow_up_note=(_("Call back at %(time)s (%(list)s)") % {"time": when.strftime("%H:%M"),
                                                                 "list": call_list.name})[:300] if when else "",
        survey=survey)
    if not created:  # this key's contact was logged before, by a submit of this form when the call was not saved
        return target
    if outcome == CallTarget.Outcome.WRONG_NUMBER:
        member_services.phone_mark_stopped(actor=writer, phone=target.phone)
    if coming and call_list.event_id is not None and outcome == CallTarget.Outcome.REACHED:
        _rsvp(writer, call_list, target, bus_id, travel)
    target.outcome, target.answers, target.interaction = outcome, stored, interaction
    target.called_by, target.called_at, target.call_back_at = actor, now, call_back_at
    target.locked_by, target.locked_until, target.attempts = None, None, target.attempts + 1
    target.save(update_fields=["outcome", "answers", "interaction", "called_by", "called_at", "call_back_at",
                               "locked_by", "locked_until", "attempts"])
    return target
