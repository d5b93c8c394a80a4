"""Every write to the coalition's own records: accounts, regions, organizations, the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, County, Organization, Region, User

if TYPE_CHECKING:
    from coalition.models import (
        ActionItem,
        CoalitionTable,
        MeetingAttendance,
        SeatRepresentative,
        TableMeeting,
        TableSeat,
    )
    from members.models import Person


def audit_record(
    *,
    actor: User | None,
    action: str,
    summary: str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry (who did what to which record). Any caller; never edited afterwards."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        detail=detail or {},
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:200]
    entry.save()
    return entry


def audit_record_many(
    *, actor: User | None, action: str, entries: Iterable[tuple[models.Model, str]],
    detail: dict[str, Any] | None = None,
) -> list[AuditEntry]:
    """Write one audit entry per (target, summary) in one query: a list page that shows something audited
    about each of its rows. Any caller."""
    rows = []
    for target, summary in entries:
        rows.append(AuditEntry(
            actor=actor if actor is not None and actor.is_authenticated else None, action=action,
            summary=summary[:300], detail=detail or {},
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=str(target.pk), object_repr=str(target)[:200],
        ))
    return AuditEntry.objects.bulk_create(rows) if rows else []


@transaction.atomic
def region_set_counties(*, actor: User, region: Region, counties: Iterable[County]) -> Region:
    """Move the given counties into the region (admins only). Audited; safe to repeat."""
    if not access.may_manage_regions(actor):
        raise OutOfReach("region")
    county_ids = sorted({c.pk for c in counties})
    leaving = list(
        County.objects.filter(region=region).exclude(pk__in=county_ids).values_list("name", flat=True)
    )
    if leaving:
        raise ValidationError(
            _(
                "Every county belongs to a region. To take %(names)s out of %(region)s, add them to another "
                "region instead."
            )
            % {"names": ", ".join(leaving), "region": region.name}
        )
    moved = list(County.objects.filter(pk__in=county_ids).exclude(region=region).values_list("fips", flat=True))
    County.objects.filter(pk__in=county_ids).update(region=region)
    if moved:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            summary=_("Moved %(count)d counties into %(region)s") % {"count": len(moved), "region": region.name},
            target=region,
            detail={"counties": moved},
        )
    return region


@transaction.atomic
def organization_create(*, actor: User, **fields: Any) -> Organization:
    """Create a partner organization (staff and admins)."""
    if not access.may_manage_organizations(actor):
        raise OutOfReach("organization")
    organization = Organization(**fields)
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, actor: User, organization: Organization, **fields: Any) -> Organization:
    """Change a partner organization's details (staff and admins); saves only the given fields."""
    if not access.may_manage_organizations(actor):
        raise OutOfReach("organization")
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save(update_fields=[*fields, "updated_at"])
    return organization


@transaction.atomic
def user_invite(
    *,
    actor: User,
    email: str,
    first_name: str,
    last_name: str = "",
    role: str,
    region: Region | None = None,
    organization: Organization | None = None,
    person: Person | None = None,
    base_url: str,
) -> User:
    """Create an account with no password and email a link to choose one. Staff invite; admins invite staff.

    The email goes out after the transaction commits. Refuses a person flagged "no online identity".
    """
    if not access.may_invite(actor, role):
        raise OutOfReach("invite")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    if person is not None and person.no_online_identity:
        raise ValidationError(
            _("This person is flagged “no online identity”: the app never creates a login for them.")
        )
    user = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        region=region if role == User.Role.ORGANIZER else None,
        organization=organization if role == User.Role.PARTNER else None,
        person=person,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        summary=_("Invited %(email)s as %(role)s") % {"email": email, "role": user.get_role_display()},
        target=user,
    )
    key = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
    )

    def send() -> None:
        with translation.override(user.preferred_language):
            send_mail(
                subject=_("You are invited to the coalition's organizing app"),
                message=render_to_string("coalition/email/invitation.txt", {"user": user, "link": link}),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[email],
            )

    transaction.on_commit(send)
    return user


@transaction.atomic
def admin_create(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create an admin account with a password: the first account of a new installation (manage.py createadmin).

    No actor: it runs from the command line, for whoever holds the server. Refuses an email that already has an
    account (whatever its role), so running it twice never makes a second one; checks the password against
    AUTH_PASSWORD_VALIDATORS. Audited.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip(), role=User.Role.ADMIN)
    user.full_clean(exclude=["password"])
    password_validation.validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # another run took the email in the meantime
        raise ValidationError({"email": _("An account with this email address already exists.")}) from error
    audit_record(actor=None, action=AuditEntry.Action.CREATE, target=user,
                 summary=_("Admin account %(email)s created from the command line") % {"email": email})
    return user


# Coalition tables and meetings ------------------------------------------------------------------------

def _save_new(instance: models.Model, message: str) -> None:
    """full_clean then save; a unique constraint that lost a race becomes the same plain message."""
    from django.db import IntegrityError

    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(message) from exc


@transaction.atomic
def table_seat_add(
    *, actor: User, table: CoalitionTable, organization: Organization, role: str, joined_on: date
) -> TableSeat:
    """Seat an organization at a table (staff). Refuses an organization that already sits there."""
    from coalition.models import TableSeat

    if not access.may_manage_tables(actor):
        raise OutOfReach("table")
    seat = TableSeat(table=table, organization=organization, role=role, joined_on=joined_on)
    message = _("%(organization)s already sits at %(table)s.") % {"organization": organization, "table": table}
    if TableSeat.objects.filter(table=table, organization=organization, left_on__isnull=True).exists():
        raise ValidationError({"organization": message})
    _save_new(seat, message)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=seat,
                 summary=_("Seated %(seat)s") % {"seat": seat})
    return seat


@transaction.atomic
def table_seat_end(*, actor: User, seat: TableSeat, left_on: date) -> TableSeat:
    """An organization leaves a table on `left_on`; its representatives leave with it. Kept as history."""
    if not access.may_manage_tables(actor):
        raise OutOfReach("table")
    if seat.left_on is not None:
        return seat
    seat.left_on = left_on
    seat.full_clean()
    seat.save(update_fields=["left_on", "updated_at"])
    seat.representatives.filter(until__isnull=True).update(until=left_on)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=seat,
                 summary=_("%(seat)s left the table") % {"seat": seat})
    return seat


@transaction.atomic
def table_representative_add(*, actor: User, seat: TableSeat, person: Person | None, since: date) -> SeatRepresentative:
    """Name a person as a representative of a current seat (staff). The person must exist in the system."""
    from coalition.models import SeatRepresentative
    from members.models import Person

    if not access.may_manage_tables(actor):
        raise OutOfReach("table")
    if person is None or not isinstance(person, Person) or person.pk is None:
        raise ValidationError({"person": _("A representative must be a person in the system. Add them first.")})
    if seat.left_on is not None:
        raise ValidationError(_("%(organization)s has left this table; seat it again first.") % {
            "organization": seat.organization})
    representative = SeatRepresentative(seat=seat, person=person, since=since)
    _save_new(representative, _("This person already represents the organization at this table."))
    return representative


@transaction.atomic
def table_meeting_create(*, actor: User, table: CoalitionTable, starts_at: datetime, place: str = "", link: str = "",
                         agenda: str = "", notes: str = "") -> TableMeeting:
    """Schedule a table meeting (staff). It needs a place or a link."""
    from coalition.models import TableMeeting

    if not access.may_manage_tables(actor):
        raise OutOfReach("table")
    if not place and not link:
        raise ValidationError({"place": _("Give a place or a video link for the meeting.")})
    meeting = TableMeeting(table=table, starts_at=starts_at, place=place, link=link, agenda=agenda, notes=notes)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def table_meeting_update(*, actor: User, meeting: TableMeeting, **fields: Any) -> TableMeeting:
    """Change a meeting's details or notes (staff); saves only the given fields."""
    if not access.may_manage_tables(actor):
        raise OutOfReach("table")
    for name, value in fields.items():
        setattr(meeting, name, value)
    if not meeting.place and not meeting.link:
        raise ValidationError({"place": _("Give a place or a video link for the meeting.")})
    meeting.full_clean()
    meeting.save(update_fields=[*fields, "updated_at"])
    return meeting


@transaction.atomic
def table_meeting_attendance_set(
    *, actor: User, meeting: TableMeeting, representatives: Iterable[SeatRepresentative], guests: Iterable[str] = ()
) -> list[MeetingAttendance]:
    """Record who came: the checked representatives (each for their organization) and guests by name.

    Replaces the meeting's attendance with exactly this set, so saving the same form twice changes nothing.
    Every representative must sit at the meeting's table.
    """
    from coalition.models import MeetingAttendance

    if not access.may_manage_tables(actor):
        raise OutOfReach("table")
    wanted: dict[int, int] = {}
    for representative in representatives:
        if representative.seat.table_id != meeting.table_id:
            raise ValidationError(_("%(person)s does not sit at this table.") % {"person": representative.person})
        wanted[representative.person_id] = representative.seat.organization_id
    guest_names = sorted({g.strip()[:200] for g in guests if g.strip()})
    MeetingAttendance.objects.filter(meeting=meeting).exclude(person_id__in=wanted).delete()
    existing = {a.person_id: a for a in MeetingAttendance.objects.filter(meeting=meeting, person__isnull=False)}
    for person_id, organization_id in wanted.items():
        row = existing.get(person_id)
        if row is None:
            MeetingAttendance.objects.create(meeting=meeting, person_id=person_id, organization_id=organization_id)
        elif row.organization_id != organization_id:
            row.organization_id = organization_id
            row.save(update_fields=["organization"])
    MeetingAttendance.objects.filter(meeting=meeting, person__isnull=True).exclude(guest_name__in=guest_names).delete()
    have = set(MeetingAttendance.objects.filter(meeting=meeting, person__isnull=True).values_list("guest_name",
                                                                                                flat=True))
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, guest_name=name) for name in guest_names if name not in have]
    )
    return list(MeetingAttendance.objects.filter(meeting=meeting))


@transaction.atomic
def table_action_item_create(
    *, actor: User, meeting: TableMeeting, description: str, owner: User | None, due_on: date
) -> ActionItem:
    """Add an action item to a meeting (staff); it shows on the owner's home page until done."""
    from coalition.models import ActionItem

    if not access.may_manage_tables(actor):
        raise OutOfReach("table")
    if not access.may_own_action_items(owner):
        raise ValidationError({"owner": _("Choose an active coalition account as the owner.")})
    item = ActionItem(meeting=meeting, description=description, owner=owner, due_on=due_on)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def table_action_item_done(*, actor: User, item: ActionItem) -> ActionItem:
    """Mark an action item done (its owner, or staff). Idempotent: the first done time is kept."""
    from django.utils import timezone

    if not access.may_mark_action_item_done(actor, item):
        raise OutOfReach("action item")
    if item.done_at is None:
        item.done_at = timezone.now()
        item.save(update_fields=["done_at", "updated_at"])
    return item
