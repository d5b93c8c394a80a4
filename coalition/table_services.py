"""Every write to coalition tables: the tables themselves, seats and their roles, representatives, meetings
(with their revisions and attendance) and action items. Staff and admins write (access.may_manage_tables);
an action item's owner may also mark it done. Import these from coalition.services."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import (
    ActionItem,
    AuditEntry,
    CoalitionTable,
    MeetingAttendance,
    MeetingRevision,
    Organization,
    SeatRepresentative,
    SeatRoleChange,
    TableMeeting,
    TableSeat,
    User,
)

if TYPE_CHECKING:
    from campaigns.models import Campaign
    from members.models import Person


def _audit(*, actor: User | None, action: str, summary: str, target: models.Model,
           detail: dict[str, Any] | None = None) -> None:
    from coalition.services import audit_record

    audit_record(actor=actor, action=action, summary=summary, target=target, detail=detail)


def _require_manager(actor: User | None, what: str = "table") -> None:
    if not access.may_manage_tables(actor):
        raise OutOfReach(what)


def _save_new(instance: models.Model, message: str) -> None:
    """full_clean then save; a unique constraint that lost a race becomes the same plain message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(message) from exc


def _refuse_if_closed(table: CoalitionTable) -> None:
    if table.status == CoalitionTable.Status.CLOSED:
        raise ValidationError(
            _("%(table)s is closed. Reopen it (Edit the table, status Active) before changing it.") % {"table": table}
        )


# Tables -----------------------------------------------------------------------------------------------

# Words the tables' URLs use after /tables/: a table must never take one as its short name.
RESERVED_SLUGS = frozenset({"new", "seats", "meetings", "representatives", "action-items"})


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:110].strip("-") or "table"
    others = CoalitionTable.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the table a name.")})
    same = CoalitionTable.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": _("A table named “%(name)s” already exists.") % {"name": name}})
    return name


def _set_chair(*, actor: User, table: CoalitionTable, chair: Organization | None, on: date) -> None:
    """Make `chair` the table's chair from `on` (seating it if needed); other chairs become members.
    None: the table has no chair. An organization that already chairs it changes nothing (co-chairs stay)."""
    current = list(TableSeat.objects.select_for_update().filter(table=table, left_on__isnull=True))
    chairs = [s for s in current if s.role == TableSeat.Role.CHAIR]
    if chair is not None and any(s.organization_id == chair.pk for s in chairs):
        return
    for seat in chairs:
        table_seat_role_change(actor=actor, seat=seat, role=TableSeat.Role.MEMBER, changed_on=on)
    if chair is None:
        return
    seated = next((s for s in current if s.organization_id == chair.pk), None)
    if seated is None:
        table_seat_add(actor=actor, table=table, organization=chair, role=TableSeat.Role.CHAIR, joined_on=on)
    else:
        table_seat_role_change(actor=actor, seat=seated, role=TableSeat.Role.CHAIR, changed_on=on)


@transaction.atomic
def table_create(
    *, actor: User, name: str, description: str = "", status: str = CoalitionTable.Status.ACTIVE,
    name_es: str = "", description_es: str = "", campaigns: Iterable[Campaign] = (), chair: Organization | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> CoalitionTable:
    """Start a coalition table (staff). Its short name (slug) is made from the name and kept unique; the chair
    organization, if given, is seated as chair from today. A double submit with the same key returns the first
    table. Audited."""
    _require_manager(actor)
    if status == CoalitionTable.Status.CLOSED:
        raise ValidationError({"status": _("A new table cannot start closed.")})

    def create() -> CoalitionTable:
        table = CoalitionTable(name=_check_name(name), description=description, status=status,
                               name_es=" ".join(name_es.split()), description_es=description_es,
                               idempotency_key=idempotency_key)
        table.slug = _unique_slug(table.name)
        _save_new(table, _("A table with this name already exists."))
        return table

    table, created = create_once(CoalitionTable, idempotency_key, create)
    if not created:
        return table
    table.campaigns.set(list(campaigns))
    if chair is not None:
        _set_chair(actor=actor, table=table, chair=chair, on=timezone.localdate())
    _audit(actor=actor, action=AuditEntry.Action.CREATE, target=table,
           summary=_("Started the table %(table)s") % {"table": table})
    return table


@transaction.atomic
def table_update(
    *, actor: User, table: CoalitionTable, name: str, description: str, status: str,
    name_es: str | None = None, description_es: str | None = None, campaigns: Iterable[Campaign] | None = None,
    chair: Organization | None = None, change_chair: bool = True,
    closed_on: date | None = None,
) -> CoalitionTable:
    """Change a table's name, description, status, campaigns and chair (staff). Closing keeps everything (seats,
    meetings, history) and records the date, today unless given; reopening clears it. The slug never changes,
    so links keep working. Saves only what changed; audited."""
    _require_manager(actor)
    table = CoalitionTable.objects.select_for_update().get(pk=table.pk)
    fields = ("name", "name_es", "description", "description_es", "status")
    before = {k: getattr(table, k) for k in fields}
    table.name = _check_name(name, exclude_pk=table.pk)
    table.description = description
    if name_es is not None:
        table.name_es = " ".join(name_es.split())
    if description_es is not None:
        table.description_es = description_es
    if status == CoalitionTable.Status.CLOSED:
        table.closed_on = table.closed_on if table.status == status and closed_on is None else (
            closed_on or timezone.localdate())
    else:
        table.closed_on = None
    table.status = status
    after = {k: getattr(table, k) for k in fields}
    table.full_clean()
    table.save(update_fields=[*fields, "closed_on", "updated_at"])
    if campaigns is not None:
        table.campaigns.set(list(campaigns))
    if change_chair and status != CoalitionTable.Status.CLOSED:
        _set_chair(actor=actor, table=table, chair=chair, on=timezone.localdate())
    changed = {k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]}
    if changed.get("status", {}).get("after") == CoalitionTable.Status.CLOSED:
        summary = _("Closed the table %(table)s") % {"table": table}
    else:
        summary = _("Changed the table %(table)s") % {"table": table}
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=table, summary=summary,
           detail={"changed": sorted(changed)})
    return table


# Seats and representatives -------------------------------------------------------------------------------

@transaction.atomic
def table_seat_add(
    *, actor: User, table: CoalitionTable, organization: Organization, role: str, joined_on: date
) -> TableSeat:
    """Seat an organization at a table (staff). Refuses an organization that already sits there, an archived
    organization and a closed table; the unique constraint settles a double submit. Audited."""
    _require_manager(actor)
    _refuse_if_closed(table)
    message = _("%(organization)s already sits at %(table)s.") % {"organization": organization, "table": table}
    if Organization.objects.filter(pk=organization.pk, archived_at__isnull=False).exists():
        raise ValidationError({"organization": _("%(organization)s is archived; restore it first.") % {
            "organization": organization}})
    if TableSeat.objects.filter(table=table, organization=organization, left_on__isnull=True).exists():
        raise ValidationError({"organization": message})
    seat = TableSeat(table=table, organization=organization, role=role, joined_on=joined_on)
    try:
        _save_new(seat, message)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"organization": error.messages}) from error
    _audit(actor=actor, action=AuditEntry.Action.CREATE, target=seat, summary=_("Seated %(seat)s") % {"seat": seat})
    return seat


@transaction.atomic
def table_seat_role_change(*, actor: User, seat: TableSeat, role: str, changed_on: date) -> TableSeat:
    """Change a current seat's role from `changed_on` (staff), keeping the old role in the seat's history.
    The same change submitted twice is absorbed. Audited."""
    _require_manager(actor)
    seat = TableSeat.objects.select_for_update().select_related("table", "organization").get(pk=seat.pk)
    if role not in TableSeat.Role.values:
        raise ValidationError({"role": _("Choose chair, member or observer.")})
    if seat.left_on is not None:
        raise ValidationError(_("%(organization)s has left this table; seat it again first.") % {
            "organization": seat.organization})
    if seat.role == role:
        last = seat.role_changes.order_by("-id").first()
        if last is not None and last.role_after == role and last.changed_on == changed_on:
            return seat  # the same form, submitted twice
        raise ValidationError({"role": _("%(organization)s is already %(role)s at this table.") % {
            "organization": seat.organization, "role": seat.get_role_display().lower()}})
    since = seat.role_since or seat.joined_on
    if changed_on < since:
        raise ValidationError({"changed_on": _(
            "The change cannot be before %(date)s, when the current role began.") % {"date": since}})
    SeatRoleChange.objects.create(seat=seat, role_before=seat.role, role_after=role, changed_on=changed_on,
                                  changed_by=actor)
    seat.role, seat.role_since = role, changed_on
    seat.full_clean()
    seat.save(update_fields=["role", "role_since", "updated_at"])
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=seat,
           summary=_("%(seat)s is now %(role)s") % {"seat": seat, "role": seat.get_role_display()})
    return seat


@transaction.atomic
def table_seat_end(*, actor: User, seat: TableSeat, left_on: date) -> TableSeat:
    """An organization leaves a table on `left_on`; its representatives leave with it. Kept as history;
    idempotent (a seat that has left stays as it was). Audited."""
    _require_manager(actor)
    seat = TableSeat.objects.select_for_update().select_related("table", "organization").get(pk=seat.pk)
    if seat.left_on is not None:
        return seat
    if left_on < seat.joined_on:
        raise ValidationError({"left_on": _("An organization cannot leave a table before it joined (%(date)s).") % {
            "date": seat.joined_on}})
    seat.left_on = left_on
    seat.full_clean()
    seat.save(update_fields=["left_on", "updated_at"])
    seat.representatives.filter(until__isnull=True).update(until=left_on)
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=seat,
           summary=_("%(seat)s left the table") % {"seat": seat})
    return seat


@transaction.atomic
def table_representative_add(*, actor: User, seat: TableSeat, person: Person | None, since: date) -> SeatRepresentative:
    """Name a person as a representative of a current seat (staff). The person must exist in the system;
    someone who already represents the seat is refused (the unique constraint settles a double submit)."""
    from members.models import Person

    _require_manager(actor)
    if person is None or not isinstance(person, Person) or person.pk is None:
        raise ValidationError({"person": _("A representative must be a person in the system. Add them first.")})
    if seat.left_on is not None:
        raise ValidationError(_("%(organization)s has left this table; seat it again first.") % {
            "organization": seat.organization})
    if since < seat.joined_on:
        raise ValidationError({"since": _("A representative cannot start before the organization joined "
                                          "(%(date)s).") % {"date": seat.joined_on}})
    message = _("%(person)s already represents %(organization)s at this table.") % {
        "person": person, "organization": seat.organization}
    if SeatRepresentative.objects.filter(seat=seat, person=person, until__isnull=True).exists():
        raise ValidationError({"person": message})
    representative = SeatRepresentative(seat=seat, person=person, since=since)
    _save_new(representative, message)
    _audit(actor=actor, action=AuditEntry.Action.CREATE, target=seat,
           summary=_("%(person)s represents %(seat)s") % {"person": person, "seat": seat})
    return representative


@transaction.atomic
def table_representative_end(*, actor: User, representative: SeatRepresentative, until: date) -> SeatRepresentative:
    """A representative steps down on `until` (staff); they stay listed as a past representative. Idempotent.
    Audited."""
    _require_manager(actor)
    representative = (SeatRepresentative.objects.select_for_update().select_related("person", "seat__organization",
                                                                                       "seat__table")
                      .get(pk=representative.pk))
    if representative.until is not None:
        return representative
    if until < representative.since:
        raise ValidationError({"until": _("A representative cannot step down before they started (%(date)s).") % {
            "date": representative.since}})
    representative.until = until
    representative.full_clean()
    representative.save(update_fields=["until"])
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=representative.seat,
           summary=_("%(person)s stepped down for %(seat)s") % {"person": representative.person,
                                                                "seat": representative.seat})
    return representative


# Meetings ------------------------------------------------------------------------------------------------

class MeetingChanged(ValidationError):
    """Someone else saved the meeting after this form was drawn. Carries the meeting as it is now."""

    def __init__(self, meeting: TableMeeting, revision: MeetingRevision | None) -> None:
        self.meeting = meeting
        self.revision = revision
        who = revision.actor if revision is not None and revision.actor is not None else None
        when = time_format(timezone.localtime(revision.at)) if revision is not None else ""
        if who is not None:
            text = _("%(who)s saved this meeting at %(when)s while you were editing. Your text is kept below; "
                     "compare it with what is saved now, then save again.") % {"who": who, "when": when}
        else:
            text = _("Someone else saved this meeting while you were editing. Your text is kept below; compare "
                     "it with what is saved now, then save again.")
        super().__init__(text, code="stale")


MEETING_FIELDS = ("starts_at", "place", "link", "agenda", "notes")


def _same(name: str, old: Any, new: Any) -> bool:
    if name == "starts_at" and old is not None and new is not None:
        # The form keeps minutes: a time saved with seconds is the same time to the person editing it.
        return bool(old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0))
    return bool(old == new)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _revision(*, actor: User | None, meeting: TableMeeting, changes: dict[str, Any]) -> MeetingRevision:
    return MeetingRevision.objects.create(meeting=meeting, actor=actor, version=meeting.version, changes=changes)


@transaction.atomic
def table_meeting_create(
    *, actor: User, table: CoalitionTable, starts_at: datetime, place: str = "", link: str = "", agenda: str = "",
    notes: str = "", idempotency_key: uuid.UUID | None = None,
) -> TableMeeting:
    """Schedule a table meeting (staff). It needs a place or a link; a closed table takes no new meetings.
    A double submit with the same key returns the first meeting. Audited."""
    _require_manager(actor)
    _refuse_if_closed(table)
    if not place and not link:
        raise ValidationError({"place": _("Give a place or a video link for the meeting.")})

    def create() -> TableMeeting:
        meeting = TableMeeting(table=table, starts_at=starts_at, place=place, link=link, agenda=agenda,
                               notes=notes, idempotency_key=idempotency_key)
        meeting.full_clean()
        meeting.save()
        return meeting

    meeting, created = create_once(TableMeeting, idempotency_key, create)
    if created:
        _audit(actor=actor, action=AuditEntry.Action.CREATE, target=meeting,
               summary=_("Scheduled a meeting of %(table)s") % {"table": table})
    return meeting


@transaction.atomic
def table_meeting_update(
    *, actor: User, meeting: TableMeeting, expected_version: int | None = None, **fields: Any
) -> TableMeeting:
    """Change a meeting's details, agenda or notes, before or after it took place (staff).

    With `expected_version` (the version the form was drawn at) a change someone else saved meanwhile raises
    MeetingChanged and saves nothing, unless this submission asks for exactly what is already saved (a double
    submit). Saves only the given fields, bumps the version, keeps a revision (before and after) and audits.
    """
    _require_manager(actor, "meeting")
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"not a meeting field: {sorted(unknown)}")
    meeting = TableMeeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    changes = {name: {"before": _plain(getattr(meeting, name)), "after": _plain(value)}
               for name, value in fields.items() if not _same(name, getattr(meeting, name), value)}
    if expected_version is not None and expected_version != meeting.version and changes:
        raise MeetingChanged(meeting, meeting.revisions.select_related("actor").first())
    if not changes:
        return meeting
    for name in changes:
        setattr(meeting, name, fields[name])
    if not meeting.place and not meeting.link:
        raise ValidationError({"place": _("Give a place or a video link for the meeting.")})
    meeting.version += 1
    meeting.full_clean()
    meeting.save(update_fields=[*changes, "version", "updated_at"])
    _revision(actor=actor, meeting=meeting, changes=changes)
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=meeting,
           summary=_("Changed the meeting of %(table)s") % {"table": meeting.table},
           detail={"changed": sorted(changes)})
    return meeting


@transaction.atomic
def table_meeting_cancel(*, actor: User, meeting: TableMeeting, reason: str = "") -> TableMeeting:
    """Cancel a meeting (staff). It stays on the table's page marked cancelled, with its notes and history.
    Idempotent: the first cancellation is kept. Audited."""
    _require_manager(actor, "meeting")
    meeting = TableMeeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    if meeting.cancelled_at is not None:
        return meeting
    meeting.cancelled_at = timezone.now()
    meeting.cancel_reason = reason.strip()[:300]
    meeting.version += 1
    meeting.save(update_fields=["cancelled_at", "cancel_reason", "version", "updated_at"])
    _revision(actor=actor, meeting=meeting, changes={"cancelled": {"before": "", "after": meeting.cancel_reason}})
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=meeting,
           summary=_("Cancelled the meeting of %(table)s") % {"table": meeting.table})
    return meeting


@transaction.atomic
def table_meeting_attendance_set(
    *, actor: User, meeting: TableMeeting, representatives: Iterable[SeatRepresentative], guests: Iterable[str] = ()
) -> list[MeetingAttendance]:
    """Record who came, before or long after the meeting: the checked representatives (each for their
    organization) and guests by name (staff).

    Replaces the meeting's attendance with exactly this set, so saving the same form twice changes nothing.
    Every representative must sit at the meeting's table. A change keeps a revision (who was added or removed).
    """
    _require_manager(actor, "meeting")
    meeting = TableMeeting.objects.select_for_update().get(pk=meeting.pk)
    wanted: dict[int, tuple[int, str]] = {}
    for representative in representatives:
        if representative.seat.table_id != meeting.table_id:
            raise ValidationError(_("%(person)s does not sit at this table.") % {"person": representative.person})
        wanted[representative.person_id] = (representative.seat.organization_id, str(representative.person))
    guest_names = sorted({g.strip()[:200] for g in guests if g.strip()})
    rows = list(MeetingAttendance.objects.filter(meeting=meeting).select_related("person"))
    existing = {a.person_id: a for a in rows if a.person_id}
    have_guests = {a.guest_name for a in rows if not a.person_id}
    removed = [str(a.person) for pid, a in existing.items() if pid not in wanted]
    removed += [name for name in have_guests if name not in guest_names]
    added = [label for pid, (_org, label) in wanted.items() if pid not in existing]
    added += [name for name in guest_names if name not in have_guests]
    MeetingAttendance.objects.filter(meeting=meeting, person__isnull=False).exclude(person_id__in=wanted).delete()
    for person_id, (organization_id, _label) in wanted.items():
        row = existing.get(person_id)
        if row is None:
            MeetingAttendance.objects.create(meeting=meeting, person_id=person_id, organization_id=organization_id)
        elif row.organization_id != organization_id:
            row.organization_id = organization_id
            row.save(update_fields=["organization"])
    MeetingAttendance.objects.filter(meeting=meeting, person__isnull=True).exclude(guest_name__in=guest_names).delete()
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, guest_name=name) for name in guest_names if name not in have_guests]
    )
    if added or removed:
        _revision(actor=actor, meeting=meeting,
                  changes={"attendance": {"added": sorted(added), "removed": sorted(removed)}})
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=meeting,
               summary=_("Recorded attendance: %(added)d added, %(removed)d removed") % {
                   "added": len(added), "removed": len(removed)})
    return list(MeetingAttendance.objects.filter(meeting=meeting))


# Action items ----------------------------------------------------------------------------------------------

@transaction.atomic
def table_action_item_create(
    *, actor: User, meeting: TableMeeting, description: str, owner: User | None, due_on: date,
    idempotency_key: uuid.UUID | None = None,
) -> ActionItem:
    """Add an action item to a meeting (staff); it shows on the owner's home page until done. A double submit
    with the same key returns the first item."""
    _require_manager(actor, "meeting")
    if not access.may_own_action_items(owner):
        raise ValidationError({"owner": _("Choose an active coalition account as the owner.")})

    def create() -> ActionItem:
        item = ActionItem(meeting=meeting, description=description, owner=owner, due_on=due_on,
                          idempotency_key=idempotency_key)
        item.full_clean()
        item.save()
        return item

    item, created = create_once(ActionItem, idempotency_key, create)
    if created:
        _audit(actor=actor, action=AuditEntry.Action.CREATE, target=item,
               summary=_("Action item for %(owner)s") % {"owner": owner})
    return item


@transaction.atomic
def table_action_item_update(
    *, actor: User, item: ActionItem, description: str, owner: User | None, due_on: date
) -> ActionItem:
    """Change what an action item asks, who owns it (reassigning moves it to the new owner's home page) or when it
    is due (staff). Saves only what changed; audited."""
    _require_manager(actor, "action item")
    if not access.may_own_action_items(owner):
        raise ValidationError({"owner": _("Choose an active coalition account as the owner.")})
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    before_owner = item.owner_id
    wanted = {"description": description, "owner_id": getattr(owner, "pk", None), "due_on": due_on}
    changed = [name for name, value in wanted.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, wanted[name])
    item.full_clean()
    item.save(update_fields=[*(n.removesuffix("_id") for n in changed), "updated_at"])
    summary = (_("Reassigned an action item to %(owner)s") % {"owner": owner} if item.owner_id != before_owner
               else _("Changed an action item"))
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=item, summary=summary,
           detail={"changed": [n.removesuffix("_id") for n in changed]})
    return item


@transaction.atomic
def table_action_item_done(*, actor: User, item: ActionItem) -> ActionItem:
    """Mark an action item done (its owner, or staff). Idempotent: the first done time is kept."""
    if not access.may_mark_action_item_done(actor, item):
        raise OutOfReach("action item")
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.done_at is None:
        item.done_at = timezone.now()
        item.save(update_fields=["done_at", "updated_at"])
    return item


@transaction.atomic
def table_action_item_reopen(*, actor: User, item: ActionItem) -> ActionItem:
    """Open a done action item again (its owner, or staff): it is back on the owner's home page. Idempotent.
    Audited."""
    if not access.may_mark_action_item_done(actor, item):
        raise OutOfReach("action item")
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.done_at is not None:
        item.done_at = None
        item.save(update_fields=["done_at", "updated_at"])
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=item, summary=_("Reopened an action item"))
    return item
