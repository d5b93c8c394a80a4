"""The voting bloc: a person's own answers about registration, a plan to vote and voting from jail.

Only what the person says: given on their own page, or told to an organizer who writes down how. Nothing is
ever worked out from a record or from sensitive facts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, User
from coalition.services import audit_record
from members.models import Person, VoterRegistration, VotingAnswer, VotingPlan

# Person field -> the question its history rows answer.
VOTING_FIELDS = {"voter_registration": VotingAnswer.Question.REGISTRATION,
                 "voting_plan": VotingAnswer.Question.PLAN,
                 "jail_voting_note": VotingAnswer.Question.JAIL_NOTE}


@transaction.atomic
def voting_answers_record(*, actor: User, person: Person, voter_registration: str, voting_plan: str,
                          jail_voting_note: str = "", how: str = "") -> list[VotingAnswer]:
    """Record what the person says about voting: a history row per answer that changed, and the current answers
    on the person. The member on their own page, or whoever may change the record, saying how the person told
    them. Audited by question, not answer. Saving the same answers again records nothing."""
    if not access.may_record_voting_answer(actor, person):
        raise OutOfReach("person")
    own = access.voting_answer_is_own(actor, person)
    how = how.strip()
    values = {"voter_registration": voter_registration, "voting_plan": voting_plan,
              "jail_voting_note": " ".join(jail_voting_note.split())}
    errors = {}
    if values["voter_registration"] not in VoterRegistration.values:
        errors["voter_registration"] = _("Choose one of the answers.")
    if values["voting_plan"] not in VotingPlan.values:
        errors["voting_plan"] = _("Choose one of the answers.")
    if len(values["jail_voting_note"]) > 300:
        errors["jail_voting_note"] = _("Keep it under 300 characters.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if changed and not own and not how:
        errors["how"] = _("Say how they told you (in person, on the phone, at an event...).")
    if errors:
        raise ValidationError(errors)
    if not changed:
        return []
    now = timezone.now()
    method = VotingAnswer.Method.OWN_PAGE if own else VotingAnswer.Method.ORGANIZER
    rows = [VotingAnswer(person=person, question=VOTING_FIELDS[name], answer=values[name], method=method,
                         how=how, at=now, recorded_by=None if own else actor) for name in changed]
    for row in rows:
        row.full_clean(exclude=["person"])
    VotingAnswer.objects.bulk_create(rows)
    for name in changed:
        setattr(person, name, values[name])
    person.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=person,
                 summary=_("Voting answers of %(name)s recorded") % {"name": person},
                 detail={"questions": [str(VOTING_FIELDS[n]) for n in changed], "method": str(method)})
    return rows
