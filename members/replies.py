"""What a text reply kept for the inbox does on people's records: whose it is, and the contact it logs on their
timeline. The handler the members app registers with the inbox (`messaging.inbound.register_reply`), and the
staff's services for replies from numbers that name nobody (or several people): match one to a person, or add a
new contact from the number.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import User
from members.models import Interaction, Person, PersonPhone
from members.services.people import person_create
from messaging import replies as inbox
from messaging.models import InboundReply

# Each reply logs one contact, whatever runs it twice: its key is derived from the provider's message id.
_KEYS = uuid.UUID("6f1c2b9e-1d0a-4c36-9a55-0f3b8f0d2c71")


def _log(reply: InboundReply, person_id: int) -> Interaction:
    """The reply on the person's timeline: a text that reached us, with what it said."""
    interaction, created = Interaction.objects.get_or_create(
        idempotency_key=uuid.uuid5(_KEYS, reply.provider_id),
        defaults={"person_id": person_id, "happened_at": reply.received_at, "channel": Interaction.Channel.TEXT,
                  "kind": Interaction.Kind.TEXT_REPLY, "direction": Interaction.Direction.IN,
                  "outcome": Interaction.Outcome.REACHED, "notes": reply.body},
    )
    if created:
        Person.objects.filter(pk=person_id).filter(
            Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=reply.received_at)
        ).update(last_contact_at=reply.received_at, updated_at=timezone.now())
    return interaction


def inbound_reply_place(*, reply: InboundReply) -> int | None:
    """A new reply: when exactly one record owns the number now (a working phone), it is theirs, and it is logged
    on their timeline. A number nobody owns, or several people share, leaves it for staff to match. The webhook's
    handler (anonymous), in the transaction that keeps the reply. Returns the person's id, or None."""
    if not reply.from_digits:
        return None
    owners = list(PersonPhone.objects.filter(digits=reply.from_digits, stopped_working_on__isnull=True)
                  .values_list("person_id", flat=True).distinct()[:2])
    if len(owners) != 1:
        return None
    if inbox.inbound_reply_assign(reply=reply, person_id=owners[0], matched_by=InboundReply.MatchedBy.NUMBER):
        _log(reply, owners[0])
    return owners[0]


def _check(actor: User) -> None:
    if not access.may_match_replies(actor):
        raise OutOfReach("reply")


@transaction.atomic
def inbound_reply_match(*, actor: User, reply: InboundReply, person: Person) -> bool:
    """Staff say whose a reply from an unknown or shared number is: it joins that person's timeline and the inbox
    of those who may see them. Idempotent: a reply matched already (a double submit) stays as it is. Returns
    whether this call matched it."""
    _check(actor)
    if not access.person_scope(actor).filter(pk=person.pk).exists():
        raise OutOfReach("person")
    if not inbox.inbound_reply_assign(reply=reply, person_id=person.pk, matched_by=InboundReply.MatchedBy.STAFF):
        return False
    _log(reply, person.pk)
    return True


@transaction.atomic
def inbound_reply_new_contact(*, actor: User, reply: InboundReply, first_name: str, last_name: str = "",
                              preferred_language: str = "en", idempotency_key: uuid.UUID | None = None) -> Person:
    """Staff add a new contact from a reply's number and match the reply to them. Idempotent by the form's key:
    a double submit adds one person. Consent is not given here: the person has not said they want texts."""
    _check(actor)
    if not first_name.strip():
        raise ValidationError({"first_name": _("Write at least a first name.")})
    locked = InboundReply.objects.select_for_update().get(pk=reply.pk)
    if locked.person_id is not None:
        if idempotency_key is not None and Person.objects.filter(pk=locked.person_id,
                                                                 idempotency_key=idempotency_key).exists():
            return Person.objects.get(pk=locked.person_id)  # the same form sent twice: the first one's person
        raise ValidationError(_("This reply was matched to someone already."))
    person = person_create(actor=actor, phone=reply.from_number or None, idempotency_key=idempotency_key,
                           first_name=first_name.strip(), last_name=last_name.strip(),
                           preferred_language=preferred_language)
    if inbox.inbound_reply_assign(reply=locked, person_id=person.pk, matched_by=InboundReply.MatchedBy.NEW_CONTACT):
        _log(locked, person.pk)
    return person
