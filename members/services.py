"""Every write to people's records: people, phones, consent, sensitive facts, contacts, imports, merges.

Each service checks the policy again (tasks and commands run without a request) and owns its transaction.
"""

from __future__ import annotations

import copy
import dataclasses
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.fields.reverse_related import ForeignObjectRel, ManyToManyRel
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, County, User
from coalition.phones import phone_digits
from coalition.services import audit_record
from members import consent, importing, signals
from members.models import (
    FollowUp,
    ImportJob,
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
    follow_up_note: str = "",
) -> tuple[Interaction, bool]:
    """Log a contact and its optional follow-up; updates the person's last contact. Returns (interaction, created).

    Idempotent by its key: a second submit with the same key returns the first contact and changes nothing.
    """
    _check_change(actor, person)
    interaction, created = create_once(Interaction, idempotency_key, lambda: _interaction_create(
        actor=actor, person=person, idempotency_key=idempotency_key, channel=channel, kind=kind,
        outcome=outcome, notes=notes, self_interest=self_interest, ask=ask, answer=answer,
        happened_at=happened_at or timezone.now(), follow_up_on=follow_up_on, follow_up_note=follow_up_note,
    ))
    if not created and interaction.person_id != person.pk:
        raise ValidationError(USED_FORM)
    return interaction, created


@transaction.atomic
def _interaction_create(*, actor: User, person: Person, happened_at: datetime, follow_up_on: date | None,
                        follow_up_note: str, **fields: Any) -> Interaction:
    if fields["kind"] != Interaction.Kind.ONE_ON_ONE:
        fields.update(self_interest="", ask="", answer="")
    interaction = Interaction(person=person, logged_by=actor, happened_at=happened_at, **fields)
    interaction.full_clean()
    interaction.save()
    Person.objects.filter(pk=person.pk).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=happened_at)
    ).update(last_contact_at=happened_at, updated_at=timezone.now())
    if follow_up_on is not None:
        follow_up = FollowUp(person=person, owner=actor, due_on=follow_up_on, note=follow_up_note,
                             interaction=interaction)
        follow_up.full_clean()
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


# Imports -------------------------------------------------------------------------------------------------

def _counties() -> dict[str, County]:
    counties: dict[str, County] = {}
    for county in County.objects.select_related("region"):
        counties[importing.normal_county(county.name)] = county
        counties[county.fips] = county
    return counties


@transaction.atomic
def import_job_create(*, actor: User, file_name: str, raw: bytes) -> ImportJob:
    """Keep an uploaded CSV as a draft import with a guessed column mapping. Refuses unreadable files."""
    if not access.may_work_with_people(actor):
        raise OutOfReach("import")
    decoded = importing.decode(raw, file_name)
    header = importing.read_header(decoded.text)
    job = ImportJob(created_by=actor, file_name=file_name[:255], encoding=decoded.encoding, content=decoded.text,
                    mapping=importing.guess_mapping(header))
    job.full_clean()
    job.save()
    return job


@transaction.atomic
def import_job_map(*, actor: User, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Save the column mapping of a draft import. A first-name column is required."""
    if not access.import_job_scope(actor).filter(pk=job.pk).exists():
        raise OutOfReach("import")
    if job.status != ImportJob.Status.DRAFT:
        raise ValidationError(_("This import has already started."))
    if not mapping.get("first_name"):
        raise ValidationError({"first_name": _("Choose the column that holds first names.")})
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.save(update_fields=["mapping", "updated_at"])
    return job


def import_preview(*, job: ImportJob) -> list[importing.Row]:
    """Every row of the import, cleaned, with its problems named by row and column. No writes."""
    return importing.read_rows(job.content, job.mapping, _counties())


@transaction.atomic
def import_job_start(*, actor: User, job: ImportJob) -> ImportJob:
    """Queue the import to run in the background, after commit. Starting twice queues it once."""
    if not access.import_job_scope(actor).filter(pk=job.pk).exists():
        raise OutOfReach("import")
    if not job.mapping.get("first_name"):
        raise ValidationError(_("Choose the column that holds first names first."))
    if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DRAFT).update(
        status=ImportJob.Status.QUEUED, updated_at=timezone.now()
    ):
        from members.tasks import import_people

        transaction.on_commit(lambda: import_people.delay(job.pk))
    job.refresh_from_db()
    return job


# Rows are matched and written a batch at a time: a handful of queries per batch, not several per row.
IMPORT_BATCH_SIZE = 500
_IMPORT_PLAIN = ("first_name", "last_name", "preferred_name", "pronouns", "email", "street_address", "city",
                 "postal_code", "preferred_language")
# Foreign keys an import sets come from rows just read, so full_clean need not query for each of them.
_PERSON_FKS = ["county", "region", "assigned_organizer", "reach_through_organization", "stage", "recruited_by"]

_NameKey = tuple[str, str, int | None]


def _name_key(person: Person) -> _NameKey:
    return person.first_name.lower(), person.last_name.lower(), person.county_id


@dataclasses.dataclass(eq=False)
class _Target:
    """A person that rows of a batch write to: a record already saved (matched) or one to create."""

    person: Person
    # Several candidates: the oldest record wins, then the first created in this batch, as row by row did.
    rank: tuple[int, int]
    new: bool = False
    digits: set[str] = dataclasses.field(default_factory=set)
    has_primary: bool = False
    changed: set[str] = dataclasses.field(default_factory=set)
    tag_names: set[str] = dataclasses.field(default_factory=set)
    name_keys: set[_NameKey] = dataclasses.field(default_factory=set)
    summary: str = ""


def _import_phone(*, person: Person, number: str, is_primary: bool) -> PersonPhone:
    """A new phone for an imported row, its fields checked; the database checks the constraints on writing."""
    phone = PersonPhone(person=person, number=number, kind=PersonPhone.Kind.MOBILE, is_primary=is_primary)
    phone.full_clean(exclude=["person"], validate_unique=False, validate_constraints=False)
    # bulk_create skips PersonPhone.save(), which keeps the search column in step with the number.
    phone.digits = phone_digits(str(phone.number))
    return phone


class _ImportBatch:
    """Clean rows matched against one read of the actor's people, applied in memory row by row (a row that
    fails leaves no trace), then written with a few bulk statements. Rows later in the batch see what earlier
    rows did, so a person repeated in the file is created once and matched after that.
    """

    def __init__(self, *, actor: User, scope: models.QuerySet[Person], tags: dict[str, Tag]) -> None:
        self.actor, self.scope, self.tags = actor, scope, tags
        self.targets: list[_Target] = []
        self.by_digits: dict[str, set[_Target]] = defaultdict(set)
        self.by_email: dict[str, set[_Target]] = defaultdict(set)
        self.by_name: dict[_NameKey, set[_Target]] = defaultdict(set)
        self.phones: list[tuple[_Target, PersonPhone]] = []
        self.created = 0

    def load(self, rows: list[importing.Row]) -> None:
        """Read the people these rows may match and their phones: at most five queries, whatever the size."""
        digits = {phone_digits(row.values["phone"]) for row in rows if row.values["phone"]}
        emails = {row.values["email"] for row in rows if row.values["email"]}
        named = [row.values for row in rows if not row.values["phone"] and not row.values["email"]]
        hits: list[tuple[dict[Any, set[_Target]], Any, int]] = []
        if digits:
            for pk, found in self.scope.filter(phones__digits__in=digits).values_list("pk", "phones__digits"):
                if found in digits:
                    hits.append((self.by_digits, found, pk))
        if emails:
            for pk, found in (self.scope.annotate(import_email=Lower("email")).filter(import_email__in=emails)
                              .values_list("pk", "import_email")):
                hits.append((self.by_email, found, pk))
        if named:
            keys = {(v["first_name"].lower(), v["last_name"].lower(), v["county"].pk if v["county"] else None)
                    for v in named}
            for pk, first, last, county_id in (
                self.scope.annotate(import_first=Lower("first_name"), import_last=Lower("last_name"))
                .filter(import_first__in={k[0] for k in keys}, import_last__in={k[1] for k in keys})
                .values_list("pk", "import_first", "import_last", "county_id")
            ):
                if (first, last, county_id) in keys:
                    hits.append((self.by_name, (first, last, county_id), pk))
        if not hits:
            return
        known = {person.pk: _Target(person=person, rank=(0, person.pk))
                 for person in Person.objects.filter(pk__in={pk for _, _, pk in hits})}
        for person_id, found, is_primary in PersonPhone.objects.filter(person_id__in=known).values_list(
            "person_id", "digits", "is_primary"
        ):
            known[person_id].digits.add(found)
            known[person_id].has_primary |= is_primary
        for index, key, pk in hits:
            index[key].add(known[pk])
            if index is self.by_name:
                known[pk].name_keys.add(key)

    @staticmethod
    def _best(candidates: set[_Target]) -> _Target | None:
        return min(candidates, key=lambda target: target.rank, default=None)

    def _match(self, values: dict[str, Any]) -> _Target | None:
        """By phone digits, else by email, else (a row with neither) by name and county."""
        found = None
        if values["phone"]:
            found = self._best(self.by_digits[phone_digits(values["phone"])])
        if found is None and values["email"]:
            found = self._best(self.by_email[values["email"]])
        if found is None and not values["phone"] and not values["email"]:
            county_id = values["county"].pk if values["county"] else None
            found = self._best(self.by_name[(values["first_name"].lower(), values["last_name"].lower(), county_id)])
        return found

    def apply(self, row: importing.Row) -> tuple[str, _Target]:
        """Create or fill in one person from one clean row, in memory. Raises before changing anything."""
        if not access.may_work_with_people(self.actor):
            raise OutOfReach("person")
        values = row.values
        target = self._match(values)
        changed: set[str] = set()
        if target is None:
            fields = {name: values[name] for name in _IMPORT_PLAIN if values[name]}
            person = Person(county=values["county"], source=Person.Source.IMPORT, **fields)
            _place(self.actor, person)
            person.full_clean(exclude=_PERSON_FKS, validate_unique=False, validate_constraints=False)
            target = _Target(person=person, rank=(1, self.created), new=True,
                             summary=_("Added %(name)s") % {"name": person})
            outcome = "created"
        else:
            # A match is only filled in: what the record already says is kept.
            fields = {name: values[name] for name in _IMPORT_PLAIN if values[name] and not getattr(target.person, name)}
            if values["county"] and target.person.county_id is None:
                fields["county"] = values["county"]
            person = target.person
            if fields:
                person = copy.copy(target.person)
                for name, value in fields.items():
                    setattr(person, name, value)
                changed = set(fields)
                if "county" in fields:
                    _place(self.actor, person)
                    changed |= {"county", "region", "assigned_organizer"}
                person.full_clean(exclude=_PERSON_FKS, validate_unique=False, validate_constraints=False)
            outcome = "matched"
        phone = None
        digits = phone_digits(values["phone"]) if values["phone"] else ""
        if digits and digits not in target.digits:
            phone = _import_phone(person=person, number=values["phone"], is_primary=not target.has_primary)
        # Everything checked: from here on the row is part of the batch.
        if target.new and outcome == "created":
            self.created += 1
            self.targets.append(target)
        elif changed:
            if not target.changed and not target.new:
                self.targets.append(target)
            target.person = person
            target.changed |= changed
        if phone is not None:
            target.digits.add(digits)
            target.has_primary |= phone.is_primary
            self.phones.append((target, phone))
        target.tag_names.update(name[:60] for name in values["tags"])
        self._index(target)
        return outcome, target

    def _index(self, target: _Target) -> None:
        for digits in target.digits:
            self.by_digits[digits].add(target)
        if target.person.email:
            self.by_email[target.person.email.lower()].add(target)
        key = _name_key(target.person)
        if key not in target.name_keys:
            for old in target.name_keys:  # a filled-in last name or county no longer matches the old one
                self.by_name[old].discard(target)
            target.name_keys = {key}
            self.by_name[key].add(target)

    def write(self, tagged: list[_Target]) -> dict[str, Tag]:
        """Write the batch: new tags, people, changes, phones, tag links and audit entries, a statement each.

        Returns the tags it created, for the caller to remember once the batch has committed.
        """
        names = {name for target in tagged for name in target.tag_names}
        missing = names - self.tags.keys()
        created_tags: dict[str, Tag] = {}
        if missing:
            Tag.objects.bulk_create([Tag(name=name) for name in sorted(missing)], ignore_conflicts=True)
            created_tags = {tag.name: tag for tag in Tag.objects.filter(name__in=missing)}
        new = [target for target in self.targets if target.new]
        Person.objects.bulk_create([target.person for target in new])
        groups: dict[frozenset[str], list[Person]] = defaultdict(list)
        now = timezone.now()
        for target in self.targets:
            if not target.new:
                target.person.updated_at = now
                groups[frozenset(target.changed)].append(target.person)
        for changed, people in groups.items():
            Person.objects.bulk_update(people, sorted({*changed, "updated_at"}))
        for target, phone in self.phones:
            phone.person = target.person
        PersonPhone.objects.bulk_create([phone for _, phone in self.phones])
        known = {**self.tags, **created_tags}
        Through = Person.tags.through
        Through.objects.bulk_create(
            [Through(person_id=target.person.pk, tag_id=known[name].pk)
             for target in tagged for name in sorted(target.tag_names)],
            ignore_conflicts=True,
        )
        actor = self.actor if self.actor.is_authenticated else None
        content_type = ContentType.objects.get_for_model(Person, for_concrete_model=False)
        AuditEntry.objects.bulk_create([
            AuditEntry(actor=actor, action=AuditEntry.Action.CREATE, summary=target.summary[:300], detail={},
                       content_type=content_type, object_id=str(target.person.pk),
                       object_repr=str(target.person)[:200])
            for target in new
        ])
        return created_tags


def _import_batch(actor: User, scope: models.QuerySet[Person], rows: list[importing.Row],
                  tags: dict[str, Tag]) -> tuple[dict[int, dict[str, Any]], dict[str, Tag]]:
    """Import clean rows together, inside the caller's transaction; a row that fails its checks is left out.

    A database error escapes, rolling the whole batch back so the caller can retry it row by row. Returns each
    row's result and the tags created, which the caller remembers only once the batch has committed.
    """
    batch = _ImportBatch(actor=actor, scope=scope, tags=tags)
    batch.load(rows)
    results: dict[int, dict[str, Any]] = {}
    done: list[tuple[importing.Row, str, _Target]] = []
    for row in rows:
        try:
            outcome, target = batch.apply(row)
        except (ValidationError, OutOfReach) as error:
            results[row.number] = _import_failure(row, error)
        else:
            done.append((row, outcome, target))
    tagged = list({id(target): target for _, _, target in done if target.tag_names}.values())
    created_tags = batch.write(tagged)
    for row, outcome, target in done:
        results[row.number] = {"row": row.number, "status": outcome, "person": target.person.pk, "messages": []}
    return results, created_tags


def _import_failure(row: importing.Row, error: Exception) -> dict[str, Any]:
    messages = getattr(error, "messages", None) or [str(error)]
    return {"row": row.number, "status": "failed",
            "messages": [_("Row %(row)d: %(message)s") % {"row": row.number, "message": m} for m in messages]}


def _import_chunk(actor: User, scope: models.QuerySet[Person], chunk: list[importing.Row],
                  tags: dict[str, Tag]) -> list[dict[str, Any]]:
    """The results of one chunk of rows in file order: its clean rows imported as one batch, or row by row
    (each in its own savepoint) if the batch hits a database error."""
    results: dict[int, dict[str, Any]] = {}
    clean = []
    for row in chunk:
        if row.repeats is not None:
            results[row.number] = {"row": row.number, "status": "skipped", "messages": row.problems}
        elif row.problems:
            results[row.number] = {"row": row.number, "status": "failed", "messages": row.problems}
        else:
            clean.append(row)
    if clean:
        try:
            with transaction.atomic():
                done, created_tags = _import_batch(actor, scope, clean, tags)
            tags.update(created_tags)
        except DatabaseError:
            done = {}
            for row in clean:
                try:
                    with transaction.atomic():
                        one, created_tags = _import_batch(actor, scope, [row], tags)
                    tags.update(created_tags)
                    done.update(one)
                except (DatabaseError, ValidationError, OutOfReach) as error:
                    done[row.number] = _import_failure(row, error)
        results.update(done)
    return [results[row.number] for row in chunk]


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Import every clean row; a failed row never stops or half-applies another. Runs only a queued job (a
    second run finds it taken and does nothing); re-running a file matches instead of duplicating.

    Rows go in batches of IMPORT_BATCH_SIZE, each one transaction, with the progress saved after each.
    """
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, updated_at=timezone.now()
    ):
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    actor = job.created_by
    try:
        rows = import_preview(job=job)
        job.total_rows = len(rows)
        job.save(update_fields=["total_rows", "updated_at"])
        scope = access.people_work_scope(actor)
        names = {name[:60] for row in rows if not row.problems for name in row.values["tags"]}
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)} if names else {}
        results: list[dict[str, Any]] = []
        for start in range(0, len(rows), IMPORT_BATCH_SIZE):
            chunk = rows[start:start + IMPORT_BATCH_SIZE]
            results.extend(_import_chunk(actor, scope, chunk, tags))
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=start + len(chunk), updated_at=timezone.now())
        counts = {"created": 0, "matched": 0, "failed": 0, "skipped": 0}
        for result in results:
            counts[result["status"]] += 1
        job.results = results
        job.created_count, job.updated_count, job.failed_count = counts["created"], counts["matched"], counts["failed"]
        job.processed_rows = len(rows)
        job.status = ImportJob.Status.DONE
        job.save(update_fields=["results", "created_count", "updated_count", "failed_count", "processed_rows",
                                "status", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.IMPORT, target=job,
                     summary=_("Imported %(name)s: %(created)d added, %(matched)d matched, %(failed)d failed")
                     % {"name": job.file_name, **counts}, detail=counts)
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, updated_at=timezone.now())
        raise
    return job


# Exports -------------------------------------------------------------------------------------------------

def person_export_audit(*, actor: User, count: int, include_sensitive: bool, filters: dict[str, Any]) -> None:
    """Write an export of people with sensitive facts to the audit log (admins only may ask for one)."""
    if include_sensitive and not access.may_export_sensitive(actor):
        raise OutOfReach("export")
    if include_sensitive:
        audit_record(actor=actor, action=AuditEntry.Action.EXPORT,
                     summary=_("Exported %(count)d people with their sensitive facts") % {"count": count},
                     detail={"filters": filters, "sensitive": True})


# Duplicates ----------------------------------------------------------------------------------------------

def _merge_consent(keep: Person, drop: Person) -> list[str]:
    """Per channel, the most recent decision wins (a later withdrawal beats an older yes); on a tie, a yes."""
    changed = []
    for channel in CONSENT_CHANNELS:
        k_at, d_at = getattr(keep, f"{channel}_consent_at"), getattr(drop, f"{channel}_consent_at")
        newer = d_at is not None and (k_at is None or d_at > k_at)
        tie_yes = d_at == k_at and getattr(drop, f"{channel}_consent") and not getattr(keep, f"{channel}_consent")
        if newer or tie_yes:
            for suffix in ("", "_at", "_how"):
                setattr(keep, f"{channel}_consent{suffix}", getattr(drop, f"{channel}_consent{suffix}"))
            changed += [f"{channel}_consent", f"{channel}_consent_at", f"{channel}_consent_how"]
    return changed


def _merge_fields(keep: Person, drop: Person) -> list[str]:
    changed = []
    for field in Person._meta.concrete_fields:
        if field.primary_key or field.name in {"created_at", "updated_at"} or field.name.endswith(
            ("_consent", "_consent_at", "_consent_how")
        ):
            continue
        mine, theirs = getattr(keep, field.attname), getattr(drop, field.attname)
        if field.name == "last_contact_at":
            if theirs and (not mine or theirs > mine):
                keep.last_contact_at = theirs
                changed.append(field.name)
        elif field.name == "joined_on":
            if theirs and (not mine or theirs < mine):
                keep.joined_on = theirs
                changed.append(field.name)
        elif field.name == "no_online_identity":
            if theirs and not mine:
                keep.no_online_identity = True
                changed.append(field.name)
        elif field.name == "stage":
            if theirs and (not mine or (drop.stage is not None and keep.stage is not None
                                        and drop.stage.order > keep.stage.order)):
                keep.stage_id = theirs
                changed.append(field.name)
        elif mine in ("", None) and theirs not in ("", None):
            setattr(keep, field.attname, theirs)
            changed.append(field.name)
    return changed


def _move_rows(model: type[models.Model], field_name: str, keep: Person, drop: Person) -> int:
    """Point every row of `model` at `keep`; a row that would break a unique rule is left to go with `drop`."""
    rows = model._base_manager.filter(**{field_name: drop})
    try:
        with transaction.atomic():
            return rows.update(**{field_name: keep})
    except IntegrityError:
        moved = 0
        for row in list(rows):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=row.pk).update(**{field_name: keep})
                moved += 1
            except IntegrityError:
                continue
        return moved


@transaction.atomic
def person_merge(*, actor: User, keep: Person, drop: Person) -> Person:
    """Merge `drop` into `keep`: every related row (contacts, follow-ups, phones, tags, referrals, RSVPs, ...)
    moves, blanks are filled, consent keeps the most recent decision, then `drop` is deleted. Audited.
    """
    if not access.may_merge_people(actor, keep, drop):
        raise OutOfReach("person")
    locked = Person.objects.select_for_update(of=("self",)).select_related("stage")
    keep, drop = locked.get(pk=keep.pk), locked.get(pk=drop.pk)
    moved: dict[str, int] = {}
    summary = {"kept": keep.pk, "dropped": drop.pk, "dropped_name": str(drop), "moved": moved}
    # Phones first: the same number twice is one number, and the kept record keeps its primary.
    drop.phones.filter(digits__in=keep.phones.values("digits")).delete()
    if keep.phones.filter(is_primary=True).exists():
        drop.phones.update(is_primary=False)
    keep.tags.add(*drop.tags.all())
    # Every relation to Person, hidden ones (related_name="+") too, so later apps' rows move without edits here.
    # The reverse relations: other models' rows that point at a person (each one's model is `field.model`).
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or not relation.auto_created or relation.concrete:
            continue
        if isinstance(relation, ManyToManyRel):
            through = relation.through
            if through is None:  # set for every many-to-many once the models are loaded
                continue
            fk_name = next(f.name for f in through._meta.fields
                           if f.is_relation and f.related_model is Person)
            moved[through._meta.label] = _move_rows(through, fk_name, keep, drop)
        elif relation.one_to_one:
            model, field_name = relation.field.model, relation.field.name
            theirs = model._base_manager.filter(**{field_name: drop}).first()
            if theirs is None:
                continue
            mine = model._base_manager.filter(**{field_name: keep}).first()
            if mine is None:
                model._base_manager.filter(pk=theirs.pk).update(**{field_name: keep})
            elif model is SensitiveFacts:
                filled = [f.attname for f in model._meta.concrete_fields
                          if getattr(mine, f.attname) in ("", None, False)
                          and getattr(theirs, f.attname) not in ("", None, False) and not f.primary_key
                          and f.attname not in {"person_id", "created_at", "updated_at"}]
                for name in filled:
                    setattr(mine, name, getattr(theirs, name))
                if filled:
                    mine.save(update_fields=filled)
            else:
                raise ValidationError(
                    _("Both records have a %(what)s; they cannot be merged automatically.")
                    % {"what": model._meta.verbose_name}
                )
            moved[model._meta.label] = 1
        elif relation.one_to_many:
            moved[relation.field.model._meta.label] = _move_rows(relation.field.model, relation.field.name, keep, drop)
    changed = _merge_fields(keep, drop) + _merge_consent(keep, drop)
    if drop.assigned_organizer_id and not keep.assigned_organizer_id:
        changed.append("assigned_organizer")
    drop_pk = drop.pk
    drop.delete()
    if changed:
        keep.region = keep.county.region if keep.county else keep.region
        keep.full_clean()
        keep.save(update_fields=sorted({*changed, "region", "updated_at"}))
    audit_record(actor=actor, action=AuditEntry.Action.MERGE, target=keep,
                 summary=_("Merged %(dropped)s (#%(pk)d) into %(kept)s")
                 % {"dropped": summary["dropped_name"], "pk": drop_pk, "kept": keep},
                 detail=summary)
    return keep
