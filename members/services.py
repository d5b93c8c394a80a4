"""Every write to people's records: people, phones, consent, sensitive facts, contacts, imports, merges.

Each service checks the policy again (tasks and commands run without a request) and owns its transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, County, User
from coalition.services import audit_record
from members import importing
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


def _check_change(actor: User, person: Person) -> None:
    if not access.may_change_person(actor, person):
        raise OutOfReach("person")


def _place(actor: User, person: Person) -> None:
    """The county decides the region; an organizer's new person outside their region stays assigned to them."""
    person.region = person.county.region if person.county else None
    if (
        access.is_organizer(actor)
        and person.assigned_organizer_id is None
        and (person.region_id is None or person.region_id != actor.region_id)
    ):
        person.assigned_organizer = actor


# People ----------------------------------------------------------------------------------------------

@transaction.atomic
def person_create(*, actor: User, tags: Iterable[Tag] = (), **fields: Any) -> Person:
    """Add a person (staff, admins, organizers). Only a first name is required; the county sets the region."""
    if not access.works_with_people(actor):
        raise OutOfReach("person")
    person = Person(**fields)
    _place(actor, person)
    person.full_clean()
    person.save()
    if tags:
        person.tags.set(tags)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, summary=_("Added %(name)s") % {"name": person},
                 target=person)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, tags: Iterable[Tag] | None = None, **fields: Any) -> Person:
    """Change a person's record (anyone who may change it); saves only the given fields, the region follows."""
    _check_change(actor, person)
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
    return person


@transaction.atomic
def consent_set(*, actor: User, person: Person, channel: str, given: bool, how: str = "") -> Person:
    """Record consent on one channel with its time and how it was given; a change is audited. Idempotent."""
    _check_change(actor, person)
    if channel not in CONSENT_CHANNELS:
        raise ValidationError(_("Unknown channel."))
    current = getattr(person, f"{channel}_consent")
    current_how = getattr(person, f"{channel}_consent_how")
    if current == given and (not how or how == current_how):
        return person
    if given and not how.strip():
        raise ValidationError({f"{channel}_consent_how": _("Say how they agreed (in person, sign-in sheet, ...).")})
    setattr(person, f"{channel}_consent", given)
    setattr(person, f"{channel}_consent_at", timezone.now())
    setattr(person, f"{channel}_consent_how", how.strip() or current_how)
    person.full_clean()
    person.save(update_fields=[f"{channel}_consent", f"{channel}_consent_at", f"{channel}_consent_how", "updated_at"])
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, target=person,
        summary=(_("%(channel)s consent given") if given else _("%(channel)s consent withdrawn"))
        % {"channel": channel.upper()},
        detail={"channel": channel, "given": given, "how": how.strip()},
    )
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
    _check_change(actor, person)
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
    _check_change(actor, phone.person)
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
    _check_change(actor, phone.person)
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
    existing = Interaction.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.person_id != person.pk:
            raise ValidationError(_("This form was already used for someone else. Open the form again."))
        return existing, False
    try:
        return _interaction_create(
            actor=actor, person=person, idempotency_key=idempotency_key, channel=channel, kind=kind,
            outcome=outcome, notes=notes, self_interest=self_interest, ask=ask, answer=answer,
            happened_at=happened_at or timezone.now(), follow_up_on=follow_up_on, follow_up_note=follow_up_note,
        ), True
    except IntegrityError:
        # Two submits raced; the unique key let exactly one in.
        return Interaction.objects.get(idempotency_key=idempotency_key), False


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
    if not access.works_with_people(actor):
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


def _match(scope: models.QuerySet[Person], values: dict[str, Any]) -> Person | None:
    if values["phone"]:
        found = scope.filter(phones__digits=importing.phone_digits(values["phone"])).order_by("pk").first()
        if found:
            return found
    if values["email"]:
        found = scope.filter(email__iexact=values["email"]).order_by("pk").first()
        if found:
            return found
    if not values["phone"] and not values["email"]:
        return scope.filter(
            first_name__iexact=values["first_name"], last_name__iexact=values["last_name"], county=values["county"]
        ).order_by("pk").first()
    return None


def _import_row(actor: User, row: importing.Row) -> tuple[str, Person]:
    """Create or fill in one person from one clean row. Runs inside the row's own savepoint."""
    values = row.values
    scope = access.people_work_scope(actor)
    person = _match(scope, values)
    tags = [Tag.objects.get_or_create(name=name[:60])[0] for name in values["tags"]]
    plain = ["first_name", "last_name", "preferred_name", "pronouns", "email", "street_address", "city",
             "postal_code", "preferred_language"]
    if person is None:
        fields = {name: values[name] for name in plain if values[name]}
        person = person_create(actor=actor, tags=tags, county=values["county"], source=Person.Source.IMPORT,
                               **fields)
        outcome = "created"
    else:
        # A match is only filled in: what the record already says is kept.
        fields = {name: values[name] for name in plain if values[name] and not getattr(person, name)}
        if values["county"] and person.county_id is None:
            fields["county"] = values["county"]
        if fields:
            person_update(actor=actor, person=person, **fields)
        if tags:
            person.tags.add(*tags)
        outcome = "matched"
    if values["phone"] and not person.phones.filter(digits=importing.phone_digits(values["phone"])).exists():
        phone_add(actor=actor, person=person, number=values["phone"])
    return outcome, person


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Import every clean row, each in its own savepoint: a failed row never stops or half-applies another.

    Runs only a queued job (a second run finds it taken and does nothing); re-running a file matches instead
    of duplicating.
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
        results, counts = [], {"created": 0, "matched": 0, "failed": 0, "skipped": 0}
        for index, row in enumerate(rows, start=1):
            if row.repeats is not None:
                results.append({"row": row.number, "status": "skipped", "messages": row.problems})
                counts["skipped"] += 1
            elif row.problems:
                results.append({"row": row.number, "status": "failed", "messages": row.problems})
                counts["failed"] += 1
            else:
                try:
                    with transaction.atomic():
                        outcome, person = _import_row(actor, row)
                    results.append({"row": row.number, "status": outcome, "person": person.pk, "messages": []})
                    counts[outcome] += 1
                except (ValidationError, IntegrityError, OutOfReach) as error:
                    messages = getattr(error, "messages", None) or [str(error)]
                    results.append({"row": row.number, "status": "failed",
                                    "messages": [_("Row %(row)d: %(message)s") % {"row": row.number, "message": m}
                                                 for m in messages]})
                    counts["failed"] += 1
            if index % 10 == 0 or index == len(rows):
                ImportJob.objects.filter(pk=job.pk).update(processed_rows=index, updated_at=timezone.now())
        job.refresh_from_db(fields=["processed_rows"])
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
            if theirs and (not mine or drop.stage.order > keep.stage.order):
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
    keep, drop = (Person.objects.select_for_update().select_related("stage").get(pk=p.pk) for p in (keep, drop))
    summary = {"kept": keep.pk, "dropped": drop.pk, "dropped_name": str(drop), "moved": {}}
    # Phones first: the same number twice is one number, and the kept record keeps its primary.
    drop.phones.filter(digits__in=keep.phones.values("digits")).delete()
    if keep.phones.filter(is_primary=True).exists():
        drop.phones.update(is_primary=False)
    keep.tags.add(*drop.tags.all())
    # Every relation to Person, hidden ones (related_name="+") too, so later apps' rows move without edits here.
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        if relation.many_to_many:
            through = relation.through
            fk_name = next(f.name for f in through._meta.fields
                           if f.is_relation and f.related_model is Person)
            summary["moved"][through._meta.label] = _move_rows(through, fk_name, keep, drop)
        elif relation.one_to_one:
            model, field_name = relation.related_model, relation.field.name
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
            summary["moved"][model._meta.label] = 1
        elif relation.one_to_many:
            summary["moved"][relation.related_model._meta.label] = _move_rows(
                relation.related_model, relation.field.name, keep, drop
            )
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
