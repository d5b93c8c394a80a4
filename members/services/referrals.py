"""Record-clearing referrals to legal-aid partners: recorded with the person's consent, followed through their
status, every look and change audited as a sensitive fact. Screening is not legal advice: nothing here holds
charges or says what a record allows."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, Organization, User
from coalition.services import audit_record, audit_record_many
from members.models import Person, RecordClearingReferral

# The clinic a referral came from is an events.Event, reached through the relation (members imports no events).
Event = RecordClearingReferral._meta.get_field("event").related_model
CLINIC_KIND = "clinic"
REFERRAL_DATES = ("contacted_on", "filed_on", "decided_on", "closed_on")


def _check(actor: User, person: Person) -> None:
    if not access.may_record_referral(actor, person):
        raise OutOfReach("referral")


def _check_partner(actor: User, partner: Organization) -> None:
    if not access.organization_scope(actor).filter(pk=partner.pk).exists():
        raise ValidationError({"partner": _("Choose a partner organization from the list.")})


def _check_clinic(actor: User, event: Model | None) -> None:
    if event is None:
        return
    if not access.event_scope(actor).filter(pk=event.pk, kind=CLINIC_KIND).exists():
        raise ValidationError({"event": _("Choose a record-clearing clinic.")})


@transaction.atomic
def referral_create(*, actor: User, person: Person, partner: Organization, referred_on: date | None = None,
                    consent_given: bool = False, outcome: str = "", event: Model | None = None,
                    idempotency_key: uuid.UUID | None = None) -> tuple[RecordClearingReferral, bool]:
    """Record a referral (staff, admins, the person's regional organizer), only with the person's consent to
    share their details with the partner. From a clinic's check-in, `event` is the clinic. Audited; a double
    submit (the same key) is the first referral. Returns (referral, created)."""
    _check(actor, person)
    if not consent_given:
        raise ValidationError({"consent_given": _(
            "Ask first: a referral shares their name and how to reach them with the partner. Record it only when "
            "they agree.")})
    _check_partner(actor, partner)
    _check_clinic(actor, event)

    def create() -> RecordClearingReferral:
        referral = RecordClearingReferral(
            person=person, partner=partner, referred_on=referred_on or timezone.localdate(), consent_given=True,
            outcome=outcome.strip(), event=event,  # type: ignore[misc]  # an events.Event, not imported here
            referred_by=actor, idempotency_key=idempotency_key,
        )
        referral.full_clean()
        referral.save()
        return referral

    referral, created = create_once(RecordClearingReferral, idempotency_key, create)
    if referral.person_id != person.pk:
        raise ValidationError(_("This form was already used for someone else. Open the form again."))
    if created:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=person,
                     summary=_("Recorded a record-clearing referral for %(name)s") % {"name": person},
                     detail={"referral": referral.pk, "partner": partner.pk,
                             "event": event.pk if event is not None else None})
    return referral, created


@transaction.atomic
def referral_update(*, actor: User, referral: RecordClearingReferral, **fields: Any) -> RecordClearingReferral:
    """Change a referral's status, dates, partner or outcome (who may record it). Reaching a status fills its date
    with today when none is given. Saves only what changed; audited by field name, never by value."""
    referral = access.get_in_scope(access.referral_scope(actor).select_for_update().select_related("person"),
                                   pk=referral.pk)
    _check(actor, referral.person)
    allowed = {"status", "partner", "referred_on", "outcome", *REFERRAL_DATES}
    if unknown := set(fields) - allowed:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "partner" in fields and fields["partner"].pk != referral.partner_id:
        _check_partner(actor, fields["partner"])
    if "outcome" in fields:
        fields["outcome"] = fields["outcome"].strip()
    status = fields.get("status", referral.status)
    date_field = RecordClearingReferral.STATUS_DATES.get(status)
    if date_field and not fields.get(date_field, getattr(referral, date_field)):
        fields[date_field] = timezone.localdate()
    changed = [name for name, value in fields.items() if getattr(referral, name) != value]
    for name in changed:
        setattr(referral, name, fields[name])
    referral.full_clean()
    if changed:
        referral.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=referral.person,
                     summary=_("Changed a record-clearing referral of %(name)s") % {"name": referral.person},
                     detail={"referral": referral.pk, "fields": changed})
    return referral


def referrals_viewed(*, actor: User, referrals: list[RecordClearingReferral]) -> None:
    """Write that the actor saw these referrals (a page that names people with them): one entry per person."""
    people: dict[int, Person] = {}
    for referral in referrals:
        if not access.may_view_sensitive(actor, referral.person):
            raise OutOfReach("referral")
        people.setdefault(referral.person_id, referral.person)
    audit_record_many(actor=actor, action=AuditEntry.Action.VIEW,
                      entries=[(p, _("Viewed the record-clearing referrals of %(name)s") % {"name": p})
                               for p in people.values()])
