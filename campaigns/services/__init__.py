"""Every write to campaigns, goals, participation, actions, bills, positions, lobby visits and drives."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import (
    Bill,
    Campaign,
    CampaignAction,
    Chamber,
    Goal,
    Legislator,
    LobbyVisit,
    Participation,
    Position,
    Resource,
    Stance,
    WitnessSlipDrive,
    WitnessSlipFiling,
)
from coalition import access

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from members.models import Person
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, Region, User
from coalition.services import audit_record


def _check(actor: User) -> None:
    if not access.may_manage_campaigns(actor):
        raise OutOfReach("campaign")


@transaction.atomic
def goal_create(*, actor: User, campaign: Campaign, description: str, metric: str, target: int,
                subject_id: int | None = None, due_on: datetime.date | None = None,
                idempotency_key: uuid.UUID | None = None) -> Goal:
    """Add a goal to a campaign (staff). The target must be above zero and the metric a registered one; a closed
    campaign takes no new goals. Idempotent by the form's key: a double post adds one goal."""
    _check(actor)
    if campaign.is_closed:
        raise ValidationError(_("The campaign is closed: its goals and their final tally no longer change."))

    def create() -> Goal:
        goal = Goal(campaign=campaign, description=description, metric=metric, target=target, subject_id=subject_id,
                    due_on=due_on, idempotency_key=idempotency_key)
        goal.full_clean()
        goal.save()
        return goal

    goal, created = create_once(Goal, idempotency_key, create)
    if not created and goal.campaign_id != campaign.pk:
        raise ValidationError(_("This form was already used. Open the form again to add another."))
    return goal


@transaction.atomic
def participation_add(*, actor: User, campaign: Campaign, person: Person, role: str, commitment: str,
                      joined_on: datetime.date | None = None) -> Participation:
    """A person joins a campaign with a role and commitment (staff). Joining twice is refused by name."""
    _check(actor)
    if Participation.objects.filter(campaign=campaign, person=person).exists():
        raise ValidationError({"person": _("%(person)s already takes part in %(campaign)s.") % {
            "person": person, "campaign": campaign}})
    participation = Participation(campaign=campaign, person=person, role=role, commitment=commitment,
                                  joined_on=joined_on or timezone.localdate())
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def campaign_action_record(*, actor: User | None, campaign: Campaign, person: Person, kind: str,
                           taken_on: datetime.date, legislator: Legislator | None = None,
                           bill: Bill | None = None) -> CampaignAction:
    """Log an action a person took for a campaign (staff, or a service acting for them); it counts toward goals."""
    if actor is not None:
        _check(actor)
    action = CampaignAction(campaign=campaign, person=person, kind=kind, taken_on=taken_on, legislator=legislator,
                            bill=bill, recorded_by=actor)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def position_record(*, actor: User, legislator: Legislator, bill: Bill, stance: str, source: str, note: str = "",
                    lobby_visit: LobbyVisit | None = None,
                    recorded_at: datetime.datetime | None = None) -> Position:
    """Append a position to a legislator's history on a bill (staff); the newest is the current one.

    Refused for a legislator of a chamber the bill has not reached.
    """
    _check(actor)
    position = Position(legislator=legislator, bill=bill, stance=stance, source=source, note=note,
                        lobby_visit=lobby_visit, recorded_by=actor, recorded_at=recorded_at or timezone.now())
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def lobby_visit_record(*, actor: User, legislator: Legislator, bills: Iterable[Bill], visited_on: datetime.date,
                       people: Iterable[Person], asked: str, response: str, resulting_stance: str) -> LobbyVisit:
    """Record a lobby visit report (staff): a position from "lobby visit" on each bill, and an "attended a lobby
    visit" action for each person who went, on the bill's campaign."""
    _check(actor)
    bills = list(bills)
    people = list(people)
    if not bills:
        raise ValidationError({"bills": _("Choose at least one bill the visit was about.")})
    for bill in bills:
        if legislator.chamber not in bill.chambers_reached():
            raise ValidationError({"legislator": _(
                "%(bill)s has not reached the %(chamber)s yet, so %(legislator)s does not vote on it."
            ) % {"bill": bill, "chamber": legislator.get_chamber_display(), "legislator": legislator}})
    visit = LobbyVisit(legislator=legislator, visited_on=visited_on, asked=asked, response=response,
                       resulting_stance=resulting_stance, recorded_by=actor)
    visit.full_clean()
    visit.save()
    visit.bills.set(bills)
    visit.people.set(people)
    when = timezone.make_aware(datetime.datetime.combine(visited_on, datetime.time(12, 0)))
    when = min(when, timezone.now())
    for bill in bills:
        position_record(actor=actor, legislator=legislator, bill=bill, stance=resulting_stance,
                        source=Position.Source.VISIT, lobby_visit=visit, recorded_at=when)
        if bill.campaign is not None:
            for person in people:
                campaign_action_record(actor=actor, campaign=bill.campaign, person=person,
                                       kind=CampaignAction.Kind.LOBBY_VISIT, taken_on=visited_on,
                                       legislator=legislator, bill=bill)
    return visit


@transaction.atomic
def witness_drive_create(*, actor: User, bill: Bill, hearing_on: datetime.date, deadline: datetime.datetime,
                         instructions: str = "") -> WitnessSlipDrive:
    """Start a witness-slip drive for a bill's hearing (staff). The deadline is not after the hearing day."""
    _check(actor)
    if timezone.localtime(deadline).date() > hearing_on:
        raise ValidationError({"deadline": _("The deadline must be on or before the hearing date.")})
    drive = WitnessSlipDrive(bill=bill, hearing_on=hearing_on, deadline=deadline, instructions=instructions)
    drive.full_clean()
    drive.save()
    return drive


@transaction.atomic
def witness_slip_mark_filed(*, actor: User, drive: WitnessSlipDrive, person: Person) -> WitnessSlipFiling:
    """Mark that a participant filed their slip (staff). Idempotent: once per person per drive; the first
    marking also logs a "filed a witness slip" action on the bill's campaign."""
    _check(actor)
    filing = WitnessSlipFiling.objects.filter(drive=drive, person=person).first()
    if filing is not None:
        return filing
    try:
        with transaction.atomic():
            filing = WitnessSlipFiling.objects.create(drive=drive, person=person, filed_at=timezone.now())
    except IntegrityError:
        return WitnessSlipFiling.objects.get(drive=drive, person=person)
    if drive.bill.campaign is not None:
        campaign_action_record(actor=actor, campaign=drive.bill.campaign, person=person,
                               kind=CampaignAction.Kind.WITNESS_SLIP, taken_on=timezone.localdate(), bill=drive.bill)
    return filing


# CSV imports -------------------------------------------------------------------------------------------

@dataclass
class ImportRow:
    number: int
    data: dict[str, str]
    problems: list[str] = field(default_factory=list)
    outcome: str = ""


@dataclass
class ImportResult:
    rows: list[ImportRow]
    applied: bool

    @property
    def problem_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.problems]

    @property
    def good_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.problems]


LEGISLATOR_COLUMNS = ("chamber", "district", "first_name", "last_name", "party", "region")
POSITION_COLUMNS = ("chamber", "district", "bill", "position", "source")


def _chamber(value: str) -> str | None:
    value = value.strip().lower()
    return {"house": Chamber.HOUSE, "h": Chamber.HOUSE, "senate": Chamber.SENATE, "s": Chamber.SENATE}.get(value)


def _problem(row: int, column: str, message: str) -> str:
    return _("Row %(row)d, column “%(column)s”: %(message)s") % {"row": row, "column": column, "message": message}


def _district(n: int, data: dict[str, str], chamber: str | None, problems: list[str]) -> int | None:
    raw = (data.get("district") or "").strip()
    top = 118 if chamber == Chamber.HOUSE else 59
    # isdigit() alone also accepts "²" and other digits int() refuses; no district has more than three digits.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 3:
        problems.append(_problem(n, "district", _("“%(value)s” is not a district number.") % {"value": raw[:40]}))
        return None
    district = int(raw)
    if chamber and not 1 <= district <= top:
        problems.append(_problem(n, "district", _("unknown district %(district)d: %(chamber)s districts are 1 to "
                                                   "%(top)d.") % {"district": district, "chamber": chamber.title(),
                                                                  "top": top}))
        return None
    return district


def _header_problems(rows: list[dict[str, str]], columns: tuple[str, ...]) -> list[str]:
    if not rows:
        return [_("The file has no rows.")]
    missing = [c for c in columns if c not in rows[0] and c != "region"]
    return [_("The file has no “%(column)s” column.") % {"column": c} for c in missing]


def legislator_import(*, actor: User, rows: list[dict[str, str]], apply: bool) -> ImportResult:
    """Check (apply=False) or import (apply=True) legislators from CSV rows (staff).

    Each row is its own savepoint: a bad row is named by row and column and skipped, good rows are saved.
    Keyed by chamber and district, so importing the same file again changes nothing.
    """
    _check(actor)
    regions = {r.name.lower(): r for r in Region.objects.all()} | {r.slug: r for r in Region.objects.all()}
    result = ImportResult(rows=[], applied=apply)
    for n, data in enumerate(rows, start=2):  # row 1 is the header
        data = {k.strip().lower(): (v or "").strip() for k, v in data.items() if k}
        row = ImportRow(number=n, data=data)
        chamber = _chamber(data.get("chamber", ""))
        if chamber is None:
            row.problems.append(_problem(n, "chamber", _("write House or Senate.")))
        district = _district(n, data, chamber, row.problems)
        for column in ("first_name", "last_name"):
            if not data.get(column):
                row.problems.append(_problem(n, column, _("this is required.")))
        party = (data.get("party") or "").strip().upper()[:1]
        if party not in Legislator.Party.values:
            row.problems.append(_problem(n, "party", _("write D, R or I.")))
        region = None
        if data.get("region"):
            region = regions.get(data["region"].lower())
            if region is None:
                row.problems.append(_problem(n, "region", _("unknown region “%(value)s”.") % {"value": data["region"]}))
        result.rows.append(row)
        if row.problems or not apply or chamber is None or district is None:
            continue
        try:
            with transaction.atomic():
                legislator = Legislator.objects.filter(chamber=chamber, district=district,
                                                       left_office_on__isnull=True).first()
                fields = {"first_name": data["first_name"], "last_name": data["last_name"], "party": party,
                          "region": region}
                if legislator is None:
                    legislator = Legislator(chamber=chamber, district=district, **fields)
                    legislator.full_clean()
                    legislator.save()
                    row.outcome = "created"
                elif any(getattr(legislator, k) != v for k, v in fields.items()):
                    for k, v in fields.items():
                        setattr(legislator, k, v)
                    legislator.full_clean()
                    legislator.save(update_fields=[*fields, "updated_at"])
                    row.outcome = "updated"
                else:
                    row.outcome = "unchanged"
        except ValidationError as error:
            row.problems.extend(_problem(n, "", m) for m in error.messages)
    if apply:
        audit_record(actor=actor, action=AuditEntry.Action.IMPORT,
                     summary=_("Imported legislators: %(good)d rows, %(bad)d with problems") % {
                         "good": len(result.good_rows), "bad": len(result.problem_rows)})
    return result


def position_import(*, actor: User, rows: list[dict[str, str]], apply: bool) -> ImportResult:
    """Check or import positions (chamber, district, bill like "HB 1836", position, source) from CSV (staff).

    Each row is its own savepoint. A row that matches the legislator's current position and source is
    skipped, so importing the same file again changes nothing.
    """
    _check(actor)
    legislators = {(x.chamber, x.district): x for x in Legislator.objects.filter(left_office_on__isnull=True)}
    # A number names the bill of the newest session that has it (later rows of the ordering win).
    bills = {f"{b.kind}{b.number}": b for b in Bill.objects.order_by(F("session__starts_on").asc(nulls_first=True),
                                                                        "id")}
    stances = {v: v for v in Stance.values} | {str(label).lower(): v for v, label in Stance.choices}
    sources = {v: v for v in Position.Source.values} | {str(label).lower(): v for v, label in Position.Source.choices}
    result = ImportResult(rows=[], applied=apply)
    for n, data in enumerate(rows, start=2):
        data = {k.strip().lower(): (v or "").strip() for k, v in data.items() if k}
        row = ImportRow(number=n, data=data)
        chamber = _chamber(data.get("chamber", ""))
        if chamber is None:
            row.problems.append(_problem(n, "chamber", _("write House or Senate.")))
        district = _district(n, data, chamber, row.problems)
        legislator = legislators.get((chamber, district)) if chamber and district else None
        if chamber and district and legislator is None:
            row.problems.append(_problem(n, "district", _("no legislator is known for this district; import "
                                                           "legislators first.")))
        bill = bills.get(data.get("bill", "").replace(" ", "").upper())
        if bill is None:
            row.problems.append(_problem(n, "bill", _("unknown bill “%(value)s”.") % {"value": data.get("bill", "")}))
        stance = stances.get(data.get("position", "").lower().replace(" ", "_")) or stances.get(
            data.get("position", "").lower())
        if stance is None:
            row.problems.append(_problem(n, "position", _("write sponsor, yes, lean yes, undecided, lean no or no.")))
        source = sources.get(data.get("source", "").lower().replace(" ", "_")) or sources.get(
            data.get("source", "").lower())
        if source is None:
            row.problems.append(_problem(n, "source", _("write visit, call, statement or roll call.")))
        if legislator and bill and legislator.chamber not in bill.chambers_reached():
            row.problems.append(_problem(n, "chamber", _("%(bill)s has not reached the %(chamber)s yet.") % {
                "bill": bill, "chamber": legislator.get_chamber_display()}))
        result.rows.append(row)
        if row.problems or not apply or legislator is None or bill is None or stance is None or source is None:
            continue
        latest = Position.objects.filter(legislator=legislator, bill=bill).order_by("-recorded_at", "-id").first()
        if latest is not None and latest.stance == stance and latest.source == source:
            row.outcome = "unchanged"
            continue
        try:
            with transaction.atomic():
                position_record(actor=actor, legislator=legislator, bill=bill, stance=stance, source=source,
                                note=_("CSV import"))
                row.outcome = "created"
        except ValidationError as error:
            row.problems.extend(_problem(n, "", m) for m in error.messages)
    if apply:
        audit_record(actor=actor, action=AuditEntry.Action.IMPORT,
                     summary=_("Imported positions: %(good)d rows, %(bad)d with problems") % {
                         "good": len(result.good_rows), "bad": len(result.problem_rows)})
    return result


# Resources ------------------------------------------------------------------------------------

# Documents and images only. No SVG: it can carry scripts. Each type is known by its extension, the type the
# browser sent and its first bytes; all three must agree.
RESOURCE_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("application/pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip",
              "application/octet-stream")),
    "odt": ("application/vnd.oasis.opendocument.text",
            ("application/vnd.oasis.opendocument.text", "application/zip", "application/octet-stream")),
    "png": ("image/png", ("image/png",)),
    "jpg": ("image/jpeg", ("image/jpeg", "image/pjpeg")),
    "jpeg": ("image/jpeg", ("image/jpeg", "image/pjpeg")),
}


def _looks_like(extension: str, upload: UploadedFile) -> bool:
    """Whether the file's own bytes are what its extension claims."""
    import zipfile

    upload.seek(0)
    head: bytes = upload.read(8)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension == "docx":
                return "word/document.xml" in names
            return archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
    except (zipfile.BadZipFile, KeyError):
        return False
    finally:
        upload.seek(0)


def resource_file_check(upload: UploadedFile) -> str:
    """Refuse anything but a PDF, DOCX, ODT, PNG or JPEG within RESOURCE_MAX_UPLOAD_MB, with a plain message.
    Returns the content type to serve it with."""
    from django.conf import settings

    name = upload.name or ""
    size = upload.size or 0
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted({e.upper() for e in RESOURCE_TYPES if e != "jpeg"}))
    if extension not in RESOURCE_TYPES:
        raise ValidationError({"file": _("“%(name)s” is not a document or an image we accept. Upload one of: "
                                         "%(allowed)s.") % {"name": name, "allowed": allowed}})
    limit = settings.RESOURCE_MAX_UPLOAD_MB * 1024 * 1024
    if size > limit:
        raise ValidationError({"file": _("“%(name)s” is %(size).1f MB; the largest file we accept is %(max)d MB.")
                               % {"name": name, "size": size / 1024 / 1024,
                                  "max": settings.RESOURCE_MAX_UPLOAD_MB}})
    serve_as, accepted = RESOURCE_TYPES[extension]
    sent = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if (sent and sent not in accepted) or not _looks_like(extension, upload):
        raise ValidationError({"file": _("“%(name)s” does not look like a real %(kind)s file. Save it again as "
                                         "%(kind)s and upload that.") % {"name": name, "kind": extension.upper()}})
    return serve_as


@transaction.atomic
def resource_create(*, actor: User, upload: UploadedFile, **fields: Any) -> Resource:
    """Share a document (staff, admins, organizers); the file is checked first. Audited."""
    import os

    if not access.may_upload_resources(actor):
        raise OutOfReach("resource")
    content_type = resource_file_check(upload)
    resource = Resource(**fields, file=upload, file_name=os.path.basename(upload.name or "")[:200],
                        content_type=content_type, size=upload.size or 0, uploaded_by=actor)
    resource.full_clean()
    resource.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=resource,
                 summary=_("Shared a resource (%(audience)s)") % {"audience": resource.get_audience_display()})
    return resource


@transaction.atomic
def resource_delete(*, actor: User, resource: Resource) -> None:
    """Remove a shared document and its file (staff, or the organizer who shared it). Audited."""
    if not access.may_change_resource(actor, resource):
        raise OutOfReach("resource")
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, target=resource, summary=_("Removed a resource"))
    stored = [name for name in [resource.file.name, *resource.versions.values_list("file", flat=True)] if name]
    storage = resource.file.storage
    resource.delete()
    for name in stored:
        transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]


# Split by sub-domain; callers keep `campaigns.services.<name>`.
from campaigns.services.records import (  # noqa: E402
    bill_create as bill_create,
)
from campaigns.services.records import (  # noqa: E402
    bill_update as bill_update,
)
from campaigns.services.records import (  # noqa: E402
    campaign_close as campaign_close,
)
from campaigns.services.records import (  # noqa: E402
    campaign_create as campaign_create,
)
from campaigns.services.records import (  # noqa: E402
    campaign_open_goals as campaign_open_goals,
)
from campaigns.services.records import (  # noqa: E402
    campaign_update as campaign_update,
)
from campaigns.services.records import (  # noqa: E402
    goal_retire as goal_retire,
)
from campaigns.services.records import (  # noqa: E402
    goal_update as goal_update,
)
from campaigns.services.records import (  # noqa: E402
    legislator_create as legislator_create,
)
from campaigns.services.records import (  # noqa: E402
    legislator_leave_office as legislator_leave_office,
)
from campaigns.services.records import (  # noqa: E402
    legislator_update as legislator_update,
)
from campaigns.services.records import (  # noqa: E402
    position_update as position_update,
)
from campaigns.services.records import (  # noqa: E402
    session_create as session_create,
)
from campaigns.services.records import (  # noqa: E402
    session_update as session_update,
)
from campaigns.services.toolkit import (  # noqa: E402
    resource_replace_file as resource_replace_file,
)
from campaigns.services.toolkit import (  # noqa: E402
    resource_update as resource_update,
)
