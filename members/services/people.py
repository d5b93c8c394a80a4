"""Writes to a person's record: the person, phones, consent set by an organizer, sensitive facts, contacts and
follow-ups. Each service checks the policy again (tasks and commands run without a request) and owns its
transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, User
from coalition.phones import phone_digits
from coalition.services import audit_record
from coalition.undo import UndoRefused
from members import consent, signals
from members.models import (
    FollowUp,
    Interaction,
    Person,
    PersonPhone,
    SensitiveFacts,
    Tag,
)

CONSENT_CHANNELS = ("sms", "email", "phone")
# A form's key came back for another record than the one it was drawn for.
USED_FORM = gettext_lazy("This form was already used for someone else. Open the form again.")


def _check_change(actor: User, person: Person) -> None:
    if not access.may_change_person(actor, person):
        raise OutOfReach("person")


def _check_contact_change(actor: User, person: Person) -> None:
    if not access.may_change_contact(actor, person):
        raise OutOfReach("person")


def _place(actor: User, person: Person) -> None:
    """The county decides the region; an organizer's new person outside their region stays assigned to them."""
    person.region = person.county.region if person.county else None
    if (keeper := access.organizer_to_assign(actor, person)) is not None:
        person.assigned_organizer = keeper


# People ----------------------------------------------------------------------------------------------

@transaction.atomic
def person_create(
    *, actor: User, tags: Iterable[Tag] = (), phone: Any = None, idempotency_key: uuid.UUID | None = None,
    **fields: Any,
) -> Person:
    """Add a person (staff, admins, organizers), with a first phone if given. Only a first name is required; the
    county sets the region. Idempotent by the form's key: a double post returns the first person unchanged.
    """
    if not access.may_work_with_people(actor):
        raise OutOfReach("person")

    def create() -> Person:
        person = Person(**fields, idempotency_key=idempotency_key)
        _place(actor, person)
        person.full_clean()
        person.save()
        if tags:
            person.tags.set(tags)
        if phone:
            phone_add(actor=actor, person=person, number=phone)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, summary=_("Added %(name)s") % {"name": person},
                     target=person)
        return person

    person, created = create_once(Person, idempotency_key, create)
    if not created and not access.person_scope(actor).filter(pk=person.pk).exists():
        raise ValidationError(USED_FORM)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, tags: Iterable[Tag] | None = None, **fields: Any) -> Person:
    """Change a person's record (anyone who may change it); saves only the given fields, the region follows.

    A change of leadership stage is sent to the ladder (`person_stage_changed`), so it keeps its history.
    """
    _check_change(actor, person)
    new_stage = fields.pop("stage", None)
    current_stage_id = Person.objects.filter(pk=person.pk).values_list("stage_id", flat=True).get()
    for name, value in fields.items():
        setattr(person, name, value)
    update = [*fields, "updated_at"]
    if "county" in fields:
        _place(actor, person)
        update += ["region", "assigned_organizer"]
    person.full_clean()
    person.save(update_fields=sorted(set(update)))
    if tags is not None:
        person.tags.set(tags)
    if new_stage is not None and new_stage.pk != current_stage_id:
        person.stage_id = current_stage_id
        signals.person_stage_changed.send(sender=Person, actor=actor, person=person, to_stage=new_stage,
                                          reason=_("Changed on the person's record."))
        person.stage = new_stage
    return person


@transaction.atomic
def consent_set(*, actor: User, person: Person, channel: str, given: bool, how: str = "") -> Person:
    """Record consent on one channel as the person gave it, on their own page or to whoever may change the record:
    the history row (with how, when, who wrote it and, for texts, the number) and the current fields. Audited.
    Idempotent."""
    _check_contact_change(actor, person)
    if channel not in CONSENT_CHANNELS:
        raise ValidationError(_("Unknown channel."))
    current = getattr(person, f"{channel}_consent")
    current_how = getattr(person, f"{channel}_consent_how")
    decided = getattr(person, f"{channel}_consent_at") is not None
    # Already so: nothing to record. A first "no" is a decision worth keeping; a "no" again is not.
    if current == given and (not how or how == current_how or (not given and decided)):
        return person
    if given and not how.strip():
        raise ValidationError({f"{channel}_consent_how": _("Say how they agreed (in person, sign-in sheet, ...).")})
    consent.consent_change_record(
        person=person, channel=channel, given=given, method=consent.method_for(actor, person),
        how=how.strip() or current_how, phone=consent.texting_phone(person) if channel == "sms" else "", actor=actor,
    )
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, target=person,
        summary=(_("%(channel)s consent given") if given else _("%(channel)s consent withdrawn"))
        % {"channel": channel.upper()},
        detail={"channel": channel, "given": given, "how": how.strip()},
    )
    return person


CONTACT_FIELDS = (
    "preferred_name", "pronouns", "preferred_language", "email", "preferred_channel",
    "street_address", "city", "postal_code", "reach_through", "reach_through_name", "reach_through_note",
)


@transaction.atomic
def person_contact_update(*, actor: User, person: Person, **fields: Any) -> Person:
    """A member updates how to reach them (or anyone who may change the record does). Only contact fields;
    the change is audited. Saves only the given fields."""
    _check_contact_change(actor, person)
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These details are not changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    # Compare with the stored row: a bound ModelForm has already set the new values on `person`.
    stored = Person.objects.filter(pk=person.pk).values(*fields).get()
    changed = [name for name, value in fields.items() if stored[name] != value]
    for name in changed:
        setattr(person, name, fields[name])
    if not changed:
        return person
    person.full_clean()
    person.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=person,
                 summary=_("Contact details changed"), detail={"fields": changed})
    return person


def consent_withdraw(*, actor: User, person: Person, channel: str) -> Person:
    """Withdraw consent on one channel at once (one tap); written with its time. Idempotent."""
    return consent_set(actor=actor, person=person, channel=channel, given=False,
                       how=_("Withdrawn, recorded by %(who)s") % {"who": actor.email})


# Phones ----------------------------------------------------------------------------------------------

@transaction.atomic
def phone_add(
    *, actor: User, person: Person, number: Any, kind: str = PersonPhone.Kind.MOBILE, note: str = "",
    is_primary: bool = False, valid_since: date | None = None,
) -> PersonPhone:
    """Add a phone number; the first working number, or one marked primary, becomes the primary."""
    _check_contact_change(actor, person)
    Person.objects.select_for_update().filter(pk=person.pk).first()
    has_primary = person.phones.filter(is_primary=True).exists()
    if is_primary and has_primary:
        person.phones.filter(is_primary=True).update(is_primary=False)
    phone = PersonPhone(person=person, number=number, kind=kind, note=note, valid_since=valid_since,
                        is_primary=is_primary or not has_primary)
    # A number that texted STOP stays stopped on a new record too, until a START from it.
    phone.digits = phone_digits(number)
    phone.sms_stopped_at = (PersonPhone.objects.filter(digits=phone.digits, sms_stopped_at__isnull=False)
                            .values_list("sms_stopped_at", flat=True).first()) if phone.digits else None
    try:
        phone.full_clean()
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise ValidationError({"number": _("%(person)s already has this number.") % {"person": person}}) from None
        raise
    phone.save()
    return phone


@transaction.atomic
def phone_mark_stopped(*, actor: User, phone: PersonPhone, on: date | None = None) -> PersonPhone:
    """Mark a number as no longer working; the primary moves to another working number if there is one."""
    _check_contact_change(actor, phone.person)
    phone.stopped_working_on = on or timezone.localdate()
    was_primary = phone.is_primary
    phone.is_primary = False
    phone.save(update_fields=["stopped_working_on", "is_primary"])
    if was_primary:
        other = phone.person.phones.filter(stopped_working_on__isnull=True).exclude(pk=phone.pk).first()
        if other is not None:
            other.is_primary = True
            other.save(update_fields=["is_primary"])
    return phone


@transaction.atomic
def phone_mark_stopped_tap(*, actor: User, phone: PersonPhone) -> tuple[PersonPhone, dict[str, Any] | None]:
    """`phone_mark_stopped` from one tap, returning the state its undo needs (the day, whether it was the number
    to call first and which number took that over), or None when it had already stopped (nothing happened)."""
    _check_contact_change(actor, phone.person)
    phone = PersonPhone.objects.select_for_update().select_related("person").get(pk=phone.pk)
    if phone.stopped_working_on is not None:
        return phone, None
    was_primary = phone.is_primary
    phone = phone_mark_stopped(actor=actor, phone=phone)
    promoted = (PersonPhone.objects.filter(person_id=phone.person_id, is_primary=True).exclude(pk=phone.pk)
                .values_list("pk", flat=True).first() if was_primary else None)
    return phone, {"on": phone.stopped_working_on.isoformat() if phone.stopped_working_on else None,
                   "primary": was_primary, "promoted": promoted}


@transaction.atomic
def phone_stopped_revert(*, actor: User, phone: PersonPhone, state: dict[str, Any]) -> PersonPhone:
    """Undo `phone_mark_stopped_tap`: the number works again and, if it was the one to call first and the number
    that took over still is, it is again. Refused (UndoRefused) when the number changed since (undone already,
    or marked again). Audited."""
    _check_contact_change(actor, phone.person)
    phone = PersonPhone.objects.select_for_update().select_related("person").get(pk=phone.pk)
    on = phone.stopped_working_on.isoformat() if phone.stopped_working_on else None
    if on is None or on != state.get("on") or phone.is_primary:
        raise UndoRefused(_("Nothing to undo: this number was already brought back or changed since."),
                          code="changed")
    phone.stopped_working_on = None
    if state.get("primary"):
        others = PersonPhone.objects.filter(person_id=phone.person_id, is_primary=True).exclude(pk=phone.pk)
        promoted = state.get("promoted")
        if not others.exists() or (promoted and list(others.values_list("pk", flat=True)) == [promoted]):
            others.update(is_primary=False)
            phone.is_primary = True
    phone.save(update_fields=["stopped_working_on", "is_primary"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=phone.person,
                 summary=_("Undid “stopped working” on a number of %(name)s") % {"name": phone.person},
                 detail={"phone": phone.pk, "undo": "phone_stopped"})
    return phone


@transaction.atomic
def phone_make_primary(*, actor: User, phone: PersonPhone) -> PersonPhone:
    """Make this working number the one to call first."""
    _check_contact_change(actor, phone.person)
    if phone.stopped_working_on is not None:
        raise ValidationError(_("This number stopped working; add it again if it works now."))
    PersonPhone.objects.filter(person_id=phone.person_id, is_primary=True).exclude(pk=phone.pk).update(
        is_primary=False
    )
    phone.is_primary = True
    phone.save(update_fields=["is_primary"])
    return phone


# Sensitive facts ---------------------------------------------------------------------------------------

def sensitive_facts_viewed(*, actor: User, person: Person) -> None:
    """Write that the actor saw this person's sensitive facts (each page or partial that shows them)."""
    if not access.may_view_sensitive(actor, person):
        raise OutOfReach("sensitive facts")
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, target=person,
                 summary=_("Viewed the sensitive facts of %(name)s") % {"name": person})


@transaction.atomic
def sensitive_facts_update(*, actor: User, person: Person, **fields: Any) -> SensitiveFacts:
    """Change sensitive facts (staff, admins, the person's regional organizer). Audited by field name, not value."""
    if not (access.may_change_sensitive(actor, person) and access.may_change_person(actor, person)):
        raise OutOfReach("sensitive facts")
    facts, _created = SensitiveFacts.objects.select_for_update().get_or_create(person=person)
    changed = [name for name, value in fields.items() if getattr(facts, name) != value]
    for name in changed:
        setattr(facts, name, fields[name])
    facts.full_clean()
    if changed:
        facts.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=person,
                     summary=_("Changed the sensitive facts of %(name)s") % {"name": person},
                     detail={"fields": changed})
    return facts


# Contacts and follow-ups ---------------------------------------------------------------------------------

def interaction_log(
    *, actor: User, person: Person, idempotency_key: uuid.UUID, channel: str, kind: str,
    outcome: str = Interaction.Outcome.REACHED, notes: str = "", self_interest: str = "", ask: str = "",
    answer: str = "", happened_at: datetime | None = None, follow_up_on: date | None = None,
    follow_up_note: str = "", survey: list[dict[str, str]] | None = None, logged_by: User | None = None,
) -> tuple[Interaction, bool]:
    """Log a contact and its optional follow-up (the actor's); updates the person's last contact. Returns
    (interaction, created). `logged_by` names who made the contact when it is not the actor (a caller of a call
    list writes with the list owner's reach).

    Idempotent by its key: a second submit with the same key returns the first contact and changes nothing.
    """
    _check_change(actor, person)
    interaction, created = create_once(Interaction, idempotency_key, lambda: _interaction_create(
        actor=actor, logged_by=logged_by or actor, person=person, idempotency_key=idempotency_key, channel=channel,
        kind=kind, outcome=outcome, notes=notes, self_interest=self_interest, ask=ask, answer=answer,
        happened_at=happened_at or timezone.now(), follow_up_on=follow_up_on, follow_up_note=follow_up_note,
        survey=survey or [],
    ))
    if not created and interaction.person_id != person.pk:
        raise ValidationError(USED_FORM)
    return interaction, created


# No savepoint of its own: create_once runs it in one, and rolls back to it when a double submit loses the race.
@transaction.atomic(savepoint=False)
def _interaction_create(*, actor: User, logged_by: User, person: Person, happened_at: datetime,
                        follow_up_on: date | None, follow_up_note: str, **fields: Any) -> Interaction:
    if fields["kind"] != Interaction.Kind.ONE_ON_ONE:
        fields.update(self_interest="", ask="", answer="")
    interaction = Interaction(person=person, logged_by=logged_by, happened_at=happened_at, **fields)
    # The person was just found in the actor's scope and the authors are signed-in users, rows in hand: they are
    # not looked up again. The key's uniqueness is the database's: the loser of a race fails at the insert.
    interaction.full_clean(exclude=["person", "logged_by"], validate_unique=False)
    interaction.save()
    Person.objects.filter(pk=person.pk).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=happened_at)
    ).update(last_contact_at=happened_at, updated_at=timezone.now())
    if follow_up_on is not None:
        follow_up = FollowUp(person=person, owner=actor, due_on=follow_up_on, note=follow_up_note,
                             interaction=interaction)
        follow_up.full_clean(exclude=["person", "owner", "interaction"])
        follow_up.save()
    return interaction


@transaction.atomic
def follow_up_done(*, actor: User, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done (anyone who may change the person). Idempotent: the first time is kept."""
    _check_change(actor, follow_up.person)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at", "updated_at"])
    return follow_up
