"""An attendance file another tool exported (Mobilize's, a sign-in sheet) imported into one event: each row's
person matched or added by the people import's rules, then an RSVP and, for those who came, a check-in."""

from __future__ import annotations

import dataclasses
import re

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access, csvimport
from coalition.access import OutOfReach
from coalition.models import AuditEntry, County, User
from coalition.services import audit_record
from events.models import RSVP, Event
from members import importing
from members import services as member_services

# A file this long is a people import, not one event's attendance: it runs in the background there.
ATTENDANCE_MAX_ROWS = 5000
_STATUS = ("status", "rsvpstatus", "attendancestatus")
_ATTENDED = ("attended", "checkedin", "checkin", "present", "cameto")
_NOT_GOING = {"cancelled", "canceled", "declined", "notgoing", "no"}


@dataclasses.dataclass
class AttendanceResult:
    """What an attendance import did: counts, and the problem of each row it left out."""

    rsvps: int = 0
    check_ins: int = 0
    people_added: int = 0
    unchanged: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    normal = {re.sub(r"[\s_\-.]+", "", column.lower()): column for column in header}
    return next((normal[name] for name in names if name in normal), None)


def event_attendance_import(*, actor: User, event: Event, file_name: str, raw: bytes) -> AttendanceResult:
    """Import an attendance file into `event`: RSVPs for everyone the file lists as coming, a check-in for
    everyone it marks as attended. Each row is all or nothing; no notice is sent (it already happened elsewhere).
    Running the same file again changes nothing. Raises ValidationError for a file that cannot be read."""
    if not access.event_scope(actor).filter(pk=event.pk).exists() or not access.may_work_with_people(actor):
        raise OutOfReach("event")
    decoded = importing.decode(raw, file_name)
    header = importing.read_header(decoded.text)
    mapping = importing.guess_mapping(header)
    if not mapping.get("first_name"):
        raise ValidationError(_("No column of %(name)s holds first names (given_name, First name, ...). Name the "
                                "columns in row 1 and upload it again.") % {"name": file_name})
    preset = importing.preset_for(header)
    source = preset.slug if preset else ""
    status_column, attended_column = _column(header, _STATUS), _column(header, _ATTENDED)
    counties: dict[str, County] = {}
    for county in County.objects.select_related("region"):
        counties[importing.normal_county(county.name)] = county
        counties[county.fips] = county
    rows = importing.read_rows(decoded.text, mapping, counties, source=source,
                               how=importing.consent_how(source, file_name, timezone.localdate()))
    if len(rows) > ATTENDANCE_MAX_ROWS:
        raise ValidationError(_("%(name)s has %(count)d rows; an attendance file holds at most %(limit)d. Import "
                                "the people first from the people import.")
                              % {"name": file_name, "count": len(rows), "limit": ATTENDANCE_MAX_ROWS})
    cells = {number: dict(zip(header, record, strict=False))
             for number, record in csvimport.records(decoded.text) if record is not None}
    result = AttendanceResult()
    for row in rows:
        if row.repeats is not None:
            continue
        if row.problems:
            result.problems.extend(row.problems)
            continue
        record = cells.get(row.number, {})
        status = re.sub(r"[\s_\-]+", "", (record.get(status_column or "", "") or "").lower())
        came = importing.consent_value(record.get(attended_column or "", "") or "") is True
        try:
            with transaction.atomic():
                _attendance_row(actor=actor, event=event, row=row, going=status not in _NOT_GOING, came=came,
                                result=result)
        except (ValidationError, OutOfReach, DatabaseError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            result.problems.extend(_("Row %(row)d: %(message)s") % {"row": row.number, "message": message}
                                   for message in messages)
    audit_record(actor=actor, action=AuditEntry.Action.IMPORT, target=event,
                 summary=_("Attendance imported from %(name)s: %(rsvps)d RSVPs, %(check_ins)d check-ins")
                 % {"name": file_name, "rsvps": result.rsvps, "check_ins": result.check_ins},
                 detail={"rsvps": result.rsvps, "check_ins": result.check_ins, "problems": len(result.problems)})
    return result


def _attendance_row(*, actor: User, event: Event, row: importing.Row, going: bool, came: bool,
                    result: AttendanceResult) -> None:
    outcome, person = member_services.person_signup(actor=actor, values=row.values)
    result.people_added += outcome == "created"
    rsvp = RSVP.objects.select_for_update().filter(event=event, person=person).first()
    changed = False
    if rsvp is None:
        if not going and not came:
            result.unchanged += 1
            return
        rsvp = RSVP(event=event, person=person, source=RSVP.Source.IMPORT, status=RSVP.Status.GOING if going or came
                    else RSVP.Status.DECLINED, language=person.preferred_language or "en", recorded_by=actor)
        result.rsvps += 1
        changed = True
    if came and rsvp.checked_in_at is None:
        # They came: going, whatever the RSVP said before, as a check-in at the door does.
        rsvp.checked_in_at, rsvp.checked_in_by, rsvp.no_show_at = timezone.now(), actor, None
        rsvp.status, rsvp.waitlisted_at = RSVP.Status.GOING, None
        result.check_ins += 1
        changed = True
    if not changed:
        result.unchanged += 1
        return
    rsvp.full_clean(exclude=["person", "event"])
    rsvp.save()
