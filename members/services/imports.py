"""People imports from CSV: a job is created, mapped, previewed and run a batch at a time (a handful of queries
per batch); a bad row is a row problem, never half applied, and running a job again changes nothing."""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, County, User
from coalition.phones import phone_digits
from coalition.services import audit_record
from members import importing
from members.models import (
    ConsentChange,
    ConsentRequest,
    ImportJob,
    Person,
    PersonExternalId,
    PersonPhone,
    Tag,
)
from members.services.import_writes import people_update, person_clean_fields, refresh_statistics, rows_insert
from members.services.people import _place

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
    preset = importing.preset_for(header)
    job = ImportJob(created_by=actor, file_name=file_name[:255], encoding=decoded.encoding, content=decoded.text,
                    mapping=importing.guess_mapping(header), source=preset.slug if preset else "")
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
    how = importing.consent_how(job.source, job.file_name, timezone.localdate())
    return importing.read_rows(job.content, job.mapping, _counties(), source=job.source, how=how)


def import_new_tags(*, rows: list[importing.Row]) -> list[str]:
    """The tag names the clean rows carry that no tag has yet: created only if the person importing agrees."""
    names = {name[:60] for row in rows if not row.problems for name in row.values["tags"]}
    if not names:
        return []
    return sorted(names - set(Tag.objects.filter(name__in=names).values_list("name", flat=True)))


def import_preview_outcomes(*, actor: User, rows: list[importing.Row]) -> dict[int, str]:
    """What importing each of these rows would do, in words: "new", "matches <person>" or its first problem.

    Reads only (the people the rows may match, a few queries whatever the number of rows); rows later in the list
    see what earlier ones would do, as the import itself does.
    """
    batch = _ImportBatch(actor=actor, scope=access.people_work_scope(actor), tags={})
    clean = [row for row in rows if not row.problems]
    batch.load(clean)
    outcomes: dict[int, str] = {}
    for row in rows:
        if row.problems:
            outcomes[row.number] = row.problems[0]
            continue
        try:
            outcome, target = batch.apply(row)
        except (ValidationError, OutOfReach) as error:
            outcomes[row.number] = " ".join(getattr(error, "messages", None) or [str(error)])
            continue
        if outcome == "created" or target.new:
            outcomes[row.number] = _("new")
        else:
            outcomes[row.number] = _("matches %(person)s") % {"person": target.person}
    return outcomes


@transaction.atomic
def import_job_start(*, actor: User, job: ImportJob, create_tags: bool = False) -> ImportJob:
    """Queue the import to run in the background, after commit, creating the file's new tags only if
    `create_tags`. Starting twice queues it once."""
    if not access.import_job_scope(actor).filter(pk=job.pk).exists():
        raise OutOfReach("import")
    if not job.mapping.get("first_name"):
        raise ValidationError(_("Choose the column that holds first names first."))
    if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DRAFT).update(
        status=ImportJob.Status.QUEUED, create_tags=create_tags, updated_at=timezone.now()
    ):
        from members.tasks import import_people

        transaction.on_commit(lambda: import_people.delay(job.pk))
    job.refresh_from_db()
    return job


# Rows are matched and written a batch at a time: a handful of queries per batch, not several per row.
IMPORT_BATCH_SIZE = 500
_IMPORT_PLAIN = ("first_name", "last_name", "preferred_name", "pronouns", "email", "street_address", "city",
                 "postal_code", "preferred_language")
# What a new person's row is checked for besides the fields it sets: a first name is required.
_NEW_PERSON_CHECKED = ("first_name", "source")

_NameKey = tuple[str, str, int | None]

# Each number of a row is read for its digits when its batch loads, matches and adds phones: parsing it once is
# enough (phone_digits depends on the text alone).
_digits = functools.lru_cache(maxsize=4096)(phone_digits)


def _number_digits(values: dict[str, Any], number: str) -> str:
    # The reader gives the digits of the numbers it checked; a caller's own values (a signup) are read here.
    return (values.get("phone_digits") or {}).get(number) or _digits(number)


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
    external: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    summary: str = ""
    # Channels whose consent this batch has decided, so a person repeated in the file is decided once.
    decided: set[str] = dataclasses.field(default_factory=set)


def _import_phone(*, person: Person, number: str, digits: str, checked: bool, is_primary: bool) -> PersonPhone:
    """A new phone for an imported row, its fields checked; the database checks the constraints on writing.
    A number the reader has already found valid (`checked`, with its `digits`) is not validated again: each
    check of a stored number runs the whole of `phonenumbers`' validation, about a tenth of an import's time."""
    phone = PersonPhone(person=person, number=number, kind=PersonPhone.Kind.MOBILE, is_primary=is_primary)
    phone.full_clean(exclude=["person", "number"] if checked else ["person"], validate_unique=False,
                     validate_constraints=False)
    # bulk_create skips PersonPhone.save(), which keeps the search column in step with the number.
    phone.digits = digits
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
        self.by_external: dict[tuple[str, str], set[_Target]] = defaultdict(set)
        self.phones: list[tuple[_Target, PersonPhone]] = []
        self.external_ids: list[tuple[_Target, str, str]] = []
        self.consents: list[tuple[_Target, ConsentChange]] = []
        self.created = 0
        self.now = timezone.now()

    def load(self, rows: list[importing.Row]) -> None:
        """Read the people these rows may match, their phones and outside ids: at most seven queries, whatever the
        size."""
        external = {pair for row in rows for pair in _external_pairs(row.values)}
        digits = {_number_digits(row.values, number) for row in rows for number in importing.row_phones(row.values)}
        emails = {row.values["email"] for row in rows if row.values["email"]}
        named = [row.values for row in rows if not importing.row_phones(row.values) and not row.values["email"]]
        hits: list[tuple[dict[Any, set[_Target]], Any, int]] = []
        if external:
            for pk, source, found in PersonExternalId.objects.filter(
                person__in=self.scope, source__in={s for s, _ in external}, external_id__in={i for _, i in external},
            ).values_list("person_id", "source", "external_id"):
                if (source, found) in external:
                    hits.append((self.by_external, (source, found), pk))
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
        for person_id, source, found in PersonExternalId.objects.filter(person_id__in=known).values_list(
            "person_id", "source", "external_id"
        ):
            known[person_id].external.add((source, found))
        for index, key, pk in hits:
            index[key].add(known[pk])
            if index is self.by_name:
                known[pk].name_keys.add(key)

    @staticmethod
    def _best(candidates: set[_Target]) -> _Target | None:
        return min(candidates, key=lambda target: target.rank, default=None)

    def _match(self, values: dict[str, Any]) -> _Target | None:
        """By an id another tool gave the person, else by phone digits, else by email, else (a row with none of
        these) by name and county. A record holding another id from the row's tool is never matched by phone or
        email."""
        found = None
        phones = importing.row_phones(values)
        pairs = _external_pairs(values)
        for pair in pairs:
            found = found or self._best(self.by_external[pair])
        sources = dict(pairs)

        def same_tool_agrees(candidates: set[_Target]) -> set[_Target]:
            # Two different ids in the same tool are two people, whatever phone or email they share.
            return {target for target in candidates
                    if not any(sources.get(source, found_id) != found_id for source, found_id in target.external)}

        for number in phones:
            found = found or self._best(same_tool_agrees(self.by_digits[_number_digits(values, number)]))
        if found is None and values["email"]:
            found = self._best(same_tool_agrees(self.by_email[values["email"]]))
        if found is None and not phones and not values["email"] and not pairs:
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
            decisions = self._consent(None, values)
            for channel, given in decisions.items():
                fields.update(self._consent_fields(channel, given, values))
            person = Person(county=values["county"], source=Person.Source.IMPORT, **fields)
            _place(self.actor, person)
            person_clean_fields(person, {*fields, *_NEW_PERSON_CHECKED})
            target = _Target(person=person, rank=(1, self.created), new=True,
                             summary=_("Added %(name)s") % {"name": person})
            outcome = "created"
        else:
            # A match is only filled in: what the record already says is kept.
            fields = {name: values[name] for name in _IMPORT_PLAIN if values[name] and not getattr(target.person, name)}
            if values["county"] and target.person.county_id is None:
                fields["county"] = values["county"]
            decisions = self._consent(target, values)
            for channel, given in decisions.items():
                fields.update(self._consent_fields(channel, given, values))
            person = target.person
            if fields:
                person = copy.copy(target.person)
                for name, value in fields.items():
                    setattr(person, name, value)
                changed = set(fields)
                if "county" in fields:
                    _place(self.actor, person)
                    changed |= {"county", "region", "assigned_organizer"}
                person_clean_fields(person, fields)
            outcome = "matched"
        phones: list[tuple[str, PersonPhone]] = []
        has_primary = target.has_primary
        checked = values.get("phone_digits") or {}
        for number in importing.row_phones(values):
            digits = _number_digits(values, number)
            if digits and digits not in target.digits and digits not in {d for d, _phone in phones}:
                phones.append((digits, _import_phone(person=person, number=number, digits=digits,
                                                     checked=number in checked, is_primary=not has_primary)))
                has_primary = True
        first_digits = _number_digits(values, importing.row_phones(values)[0]) if importing.row_phones(values) else ""
        consents = [
            ConsentChange(channel=channel, given=given, method=ConsentChange.Method.IMPORT,
                          how=values["consent_how"][:200], at=self.now,
                          phone_digits=first_digits if channel == "sms" else "",
                          recorded_by=self.actor if self.actor.is_authenticated else None)
            for channel, given in decisions.items()
        ]
        external = [pair for pair in _external_pairs(values) if pair not in target.external]
        # Everything checked: from here on the row is part of the batch.
        if target.new and outcome == "created":
            self.created += 1
            self.targets.append(target)
        elif changed:
            if not target.changed and not target.new:
                self.targets.append(target)
            target.person = person
            target.changed |= changed
        for digits, phone in phones:
            target.digits.add(digits)
            target.has_primary |= phone.is_primary
            self.phones.append((target, phone))
        for change in consents:
            target.decided.add(change.channel)
            self.consents.append((target, change))
        for source, external_id in external:
            target.external.add((source, external_id))
            self.external_ids.append((target, source, external_id))
        target.tag_names.update(name[:60] for name in values["tags"])
        self._index(target)
        return outcome, target

    @staticmethod
    def _consent(target: _Target | None, values: dict[str, Any]) -> dict[str, bool]:
        """The consent a row records: a yes only where nobody has decided on that channel yet (a file never
        undoes a STOP or a no told to us), a no only where consent is given now. Anything else is as it was."""
        decisions: dict[str, bool] = {}
        for channel, given in (values.get("consent") or {}).items():
            if target is None:
                if given:
                    decisions[channel] = True
                continue
            if channel in target.decided:
                continue
            person = target.person
            current = getattr(person, f"{channel}_consent")
            if given and not current and getattr(person, f"{channel}_consent_at") is None:
                decisions[channel] = True
            elif not given and current:
                decisions[channel] = False
        return decisions

    def _consent_fields(self, channel: str, given: bool, values: dict[str, Any]) -> dict[str, Any]:
        return {f"{channel}_consent": given, f"{channel}_consent_at": self.now,
                f"{channel}_consent_how": values["consent_how"][:200]}

    def _index(self, target: _Target) -> None:
        for pair in target.external:
            self.by_external[pair].add(target)
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
        now = timezone.now()
        matched = [target for target in self.targets if not target.new]
        for target in matched:
            target.person.updated_at = now
        people_update([target.person for target in matched], [{*target.changed, "updated_at"} for target in matched])
        for target, phone in self.phones:
            phone.person = target.person
        PersonPhone.objects.bulk_create([phone for _, phone in self.phones])
        # An id some record out of the actor's reach already holds stays with that record.
        rows_insert(PersonExternalId, [{"person_id": target.person.pk, "source": source, "external_id": external_id}
                                       for target, source, external_id in self.external_ids], ignore_conflicts=True)
        for target, change in self.consents:
            change.person_id = target.person.pk
        rows_insert(ConsentChange, [change for _, change in self.consents])
        for channel in {change.channel for _target, change in self.consents if not change.given}:
            # As a withdrawal told any other way: no confirmation text follows it.
            ConsentRequest.objects.filter(
                person_id__in={target.person.pk for target, change in self.consents
                               if change.channel == channel and not change.given},
                channel=channel, status=ConsentRequest.Status.PENDING,
            ).update(status=ConsentRequest.Status.WITHDRAWN, answered_at=self.now)
        known = {**self.tags, **created_tags}
        Through = Person.tags.through
        rows_insert(Through, [{"person_id": target.person.pk, "tag_id": known[name].pk}
                              for target in tagged for name in sorted(target.tag_names)], ignore_conflicts=True)
        actor = self.actor if self.actor.is_authenticated else None
        content_type = ContentType.objects.get_for_model(Person, for_concrete_model=False)
        AuditEntry.objects.bulk_create([
            AuditEntry(actor=actor, action=AuditEntry.Action.CREATE, summary=target.summary[:300], detail={},
                       content_type=content_type, object_id=str(target.person.pk),
                       object_repr=str(target.person)[:200])
            for target in new
        ])
        return created_tags


def _external_pairs(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The (source, id) pairs a row's values carry, in the order the row gives them."""
    return [(source, external_id) for source, external_id in (values.get("external_ids") or {}).items()
            if source and external_id]


@transaction.atomic
def person_signup(*, actor: User, values: dict[str, Any]) -> tuple[str, Person]:
    """Find or add one person from one clean row of values (as an import row holds them, with "external_ids":
    {source: id}) by the import's rules: outside id, phone, email, then name and county. A match is only
    filled in. Returns ("created" or "matched", the person). Raises ValidationError or OutOfReach before writing.
    """
    row = importing.Row(number=1, values={**importing.empty_values(), **values})
    names = {name[:60] for name in row.values["tags"]}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)} if names else {}
    batch = _ImportBatch(actor=actor, scope=access.people_work_scope(actor), tags=tags)
    batch.load([row])
    outcome, target = batch.apply(row)
    batch.write([target] if target.tag_names else [])
    return outcome, target.person


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
        results[row.number] = {"row": row.number, "status": outcome, "person": target.person.pk,
                               "messages": row.warnings}
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
        if not job.create_tags:
            # Not agreed to: the file's new tag names are left out, the tags that exist are still given.
            for row in rows:
                row.values["tags"] = [name for name in row.values["tags"] if name[:60] in tags]
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
        refresh_statistics(len(rows))
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, updated_at=timezone.now())
        raise
    return job
