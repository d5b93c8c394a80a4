"""What members erases when a person is forgotten (coalition/forget.py runs it; members/services/forget.py says
who may). The person's own row goes last and stays as an anonymous placeholder: named FORGOTTEN_NAME, shown as
"a former member", with its region, county, stage, join date and voting-bloc answers kept so that what it counted
still counts. Everything that could name or describe them is erased."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from coalition.forget import Forgetting, Step
from members.models import (
    ConsentChange,
    ConsentRequest,
    FollowUp,
    ImportJob,
    Interaction,
    ListMembership,
    Person,
    PersonExternalId,
    PersonPhone,
    RecordClearingReferral,
    SensitiveFacts,
    VotingAnswer,
)
from members.models.people import FORGOTTEN_NAME, StorySharing


def _sensitive(f: Forgetting) -> int:
    """Sensitive facts are deleted; record-clearing referrals stay (a clinic's counts) without the outcome text."""
    removed = int(SensitiveFacts.objects.filter(person_id=f.person_id).delete()[0])
    return removed + RecordClearingReferral.objects.filter(person_id=f.person_id).exclude(outcome="").update(
        outcome="")


def _contacts(f: Forgetting) -> int:
    """Logged contacts stay (counts of contacts made) without their notes, private notes, self-interest, ask and
    answer; open follow-ups are dropped, done ones lose their note."""
    changed = Interaction.objects.filter(person_id=f.person_id).update(notes="", self_interest="", ask="", answer="")
    changed += int(FollowUp.objects.filter(person_id=f.person_id, done_at__isnull=True).delete()[0])
    return changed + FollowUp.objects.filter(person_id=f.person_id).exclude(note="").update(note="")


def _consent(f: Forgetting) -> int:
    """The consent history keeps what was decided on which channel and when, without the words, the phone or the
    provider's message id; waiting consent requests lapse."""
    # A reply's row must name a phone (a database check): "-" stands for a number that was erased.
    changed = ConsentChange.objects.filter(person_id=f.person_id).update(
        how="", reference="", phone_digits=Case(When(method=ConsentChange.Method.REPLY, then=Value("-")),
                                                default=Value("")))
    changed += ConsentRequest.objects.filter(person_id=f.person_id, status=ConsentRequest.Status.PENDING).update(
        status=ConsentRequest.Status.EXPIRED)
    return changed + ConsentRequest.objects.filter(person_id=f.person_id).update(phone_digits="", how="")


def _voting(f: Forgetting) -> int:
    """Voting-bloc answers stay (a campaign's registration and plan counts do not change) without how they were
    said; the jail-voting note, which is in their words, is erased."""
    mine = VotingAnswer.objects.filter(person_id=f.person_id)
    changed = mine.filter(question=VotingAnswer.Question.JAIL_NOTE).exclude(answer="").update(answer="")
    return changed + mine.exclude(how="").update(how="")


def _lists(f: Forgetting) -> int:
    """Off every saved list and every tag."""
    removed = int(ListMembership.objects.filter(person_id=f.person_id).delete()[0])
    person = Person.objects.get(pk=f.person_id)
    tagged = person.tags.count()
    person.tags.clear()
    return removed + tagged


def _import_lines(f: Forgetting, job: ImportJob) -> bool:
    """Drop the file's lines that were this person's row or that hold their name, email or phone; their rows'
    results no longer point at the record. True when the job changed."""
    rows = {r.get("row") for r in job.results if isinstance(r, dict) and r.get("person") == f.person_id}
    traces = [t.lower() for t in f.traces]
    lines = job.content.splitlines(keepends=True)
    kept = [line for number, line in enumerate(lines, start=1)
            if number not in rows and not any(t in line.lower() for t in traces)]
    results: list[Any] = []
    for result in job.results:
        if isinstance(result, dict) and (result.get("row") in rows
                                         or any(t in str(result).lower() for t in traces)):
            result = {"row": result.get("row"), "status": result.get("status"), "messages": []}
        results.append(result)
    if len(kept) == len(lines) and results == job.results:
        return False
    job.content, job.results = "".join(kept), results
    job.save(update_fields=["content", "results", "updated_at"])
    return True


def _imports(f: Forgetting) -> int:
    """CSV imports keep their counts; the lines of the file that were theirs are removed."""
    changed = 0
    for job in ImportJob.objects.filter(f.mentions("content") | Q(results__icontains=str(f.person_id))):
        changed += _import_lines(f, job)
    return changed


def _others(f: Forgetting) -> int:
    """Someone else reached through them ("through family: …") loses that name and note."""
    return Person.objects.exclude(pk=f.person_id).filter(f.mentions("reach_through_name", "reach_through_note")).update(
        reach_through_name="", reach_through_note="")


def _person(f: Forgetting) -> int:
    """The row itself: names, contact details, address, pronouns and consent erased; phones and ids in other tools
    deleted; never to be reached or shown again. Region, county, stage, join date and how they came stay for the
    counts."""
    PersonPhone.objects.filter(person_id=f.person_id).delete()
    PersonExternalId.objects.filter(person_id=f.person_id).delete()
    return Person.objects.filter(pk=f.person_id).update(
        first_name=FORGOTTEN_NAME, last_name="", preferred_name="", pronouns="", email="", preferred_channel="",
        street_address="", city="", postal_code="", reach_through="", reach_through_name="",
        reach_through_organization=None, reach_through_note="", jail_voting_note="", no_online_identity=True,
        sms_consent=False, sms_consent_how="", email_consent=False, email_consent_how="", phone_consent=False,
        phone_consent_how="", story_sharing=StorySharing.INTERNAL, photo_consent=False, idempotency_key=None,
        forgotten_at=f.now, updated_at=f.now,
    )


STEPS = [
    Step("sensitive_facts", _("Their sensitive facts are deleted; record-clearing referrals keep only their status "
                              "and dates"), _sensitive),
    Step("contacts", _("Contacts logged with them stay, for the counts, without any notes; open follow-ups are "
                       "dropped"), _contacts),
    Step("consent", _("Their consent history keeps only what was decided and when"), _consent),
    Step("voting", _("Their voting answers stay for the counts, without how they said them or the jail-voting "
                     "note"), _voting),
    Step("lists", _("They come off every saved list and tag"), _lists),
    Step("imports", _("The lines of imported files that were theirs are removed"), _imports),
    Step("reach_through", _("Anyone reached through them loses that name"), _others),
    Step("person", _("Their name, phones, email, address and pronouns are erased; what remains is an anonymous "
                     "record, shown as “a former member”, that keeps region and stage so counts do not change"),
         _person),
]
