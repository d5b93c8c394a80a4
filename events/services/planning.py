"""Every write to an event itself: create, change, cancel, archive, and the organizations hosting it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, Organization
from coalition.services import audit_record
from events import notices
from events.models import Event, EventHost
from events.services.rsvps import ACTIVE, _promote

if TYPE_CHECKING:
    from coalition.models import User

EVENT_FIELDS = (
    "title", "title_es", "slug", "kind", "region", "campaign", "description", "description_es", "starts_at",
    "ends_at", "venue", "online_url", "capacity", "rsvp_deadline", "access_info", "is_public",
    "registration_open", "reminder_minutes",
)
# A change to any of these is a change people must hear about (new calendar file, change notice).
NOTICE_FIELDS = ("starts_at", "ends_at", "venue", "online_url")


@transaction.atomic
def event_create(*, actor: User, **fields: Any) -> Event:
    """Create an event of any kind (staff anywhere; organizers only in their own region). Audited."""
    event = Event(**{k: v for k, v in fields.items() if k in EVENT_FIELDS}, created_by=actor)
    if not access.may_create_event(actor) or not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    event.full_clean()
    event.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=event,
                 summary=gettext_noop("Created event %(title)s"), values={"title": event.title})
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, from_series: bool = False, **fields: Any) -> Event:
    """Change an event. A new time or place marks it changed, raises the calendar SEQUENCE and sends every
    active RSVP a change notice with the updated calendar file. A new time or new reminder offsets schedule
    the new reminders at once (set-wise) and skip the pending ones of the old plan, with the reason. An event of a
    series changed here (not by `from_series`, the series' own edit) keeps its details when the series changes.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    changed = [name for name, value in fields.items() if name in EVENT_FIELDS and getattr(event, name) != value]
    for name in changed:
        setattr(event, name, fields[name])
    if not access.may_manage_event(actor, event):
        raise ValidationError({"region": _("Organizers keep events in their own region.")})
    noticed = any(name in NOTICE_FIELDS for name in changed)
    if changed and event.series_id is not None and not from_series and not event.series_edited:
        event.series_edited = True
        changed.append("series_edited")
    elif from_series and event.series_edited:
        event.series_edited = False
        changed.append("series_edited")
    if noticed and event.status != Event.Status.CANCELLED:
        event.status = Event.Status.CHANGED
        event.sequence += 1
        changed += ["status", "sequence"]
    event.full_clean()
    if changed:
        event.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=event,
                     summary=gettext_noop("Changed event %(title)s"), values={"title": event.title},
                     detail={"fields": changed})
    if noticed and event.status != Event.Status.CANCELLED:
        for rsvp in event.rsvps.filter(status__in=ACTIVE).select_related("event"):
            notices.notice_queue(rsvp=rsvp, kind=notices.Kind.CHANGE)
    if {"starts_at", "reminder_minutes"} & set(changed):
        notices.reminders_schedule_event(event=event)
    if "capacity" in changed:
        _promote(event)
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> Event:
    """Cancel an event: everyone with an active RSVP gets a cancellation notice (METHOD:CANCEL calendar file);
    pending reminders are skipped at send time. Idempotent.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    if event.status == Event.Status.CANCELLED:
        return event
    event.status = Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=event,
                 summary=gettext_noop("Cancelled event %(title)s"), values={"title": event.title})
    for rsvp in event.rsvps.filter(status__in=ACTIVE).select_related("event"):
        notices.notice_queue(rsvp=rsvp, kind=notices.Kind.CANCELLATION)
    return event


@transaction.atomic
def event_archive(*, actor: User, event: Event, restore: bool = False) -> Event:
    """Archive an event that is over or cancelled (out of the lists and off its public page; its RSVPs and
    attendance stay), or `restore` it. An upcoming event that still happens is cancelled first. Idempotent."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    if restore:
        if event.archived_at is None:
            return event
        event.archived_at = None
    else:
        if event.archived_at is not None:
            return event
        if event.ends_at > timezone.now() and event.status != Event.Status.CANCELLED:
            raise ValidationError(_("This event has not happened yet: cancel it first, so the people who RSVPed "
                                    "are told, then archive it."))
        event.archived_at = timezone.now()
    event.save(update_fields=["archived_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=event,
                 summary=gettext_noop("Restored event %(title)s") if restore
                 else gettext_noop("Archived event %(title)s"), values={"title": event.title})
    return event


@transaction.atomic
def event_host_add(*, actor: User, event: Event, organization: Organization, role: str) -> EventHost:
    """Name a partner organization as host or co-host of an event (whoever may manage the event). The same
    organization again changes its role. Audited."""
    if not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    if not access.organization_scope(actor).filter(pk=organization.pk).exists():
        raise OutOfReach("organization")
    host = EventHost.objects.select_for_update().filter(event=event, organization=organization).first()
    if host is None:
        host = EventHost(event=event, organization=organization, role=role)
        host.full_clean()
        host.save()
    elif host.role != role:
        host.role = role
        host.full_clean()
        host.save(update_fields=["role", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=event,
                 summary=gettext_noop("%(organization)s hosts %(title)s") if host.role == EventHost.Role.HOST
                 else gettext_noop("%(organization)s co-hosts %(title)s"),
                 values={"organization": organization.name, "title": event.title})
    return host


@transaction.atomic
def event_host_remove(*, actor: User, event: Event, organization: Organization) -> bool:
    """Take an organization off an event's hosts (whoever may manage the event). Idempotent: False when it was
    not a host. Audited."""
    if not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    deleted, _rows = EventHost.objects.filter(event=event, organization=organization).delete()
    if deleted:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=event,
                     summary=gettext_noop("%(organization)s no longer hosts %(title)s"),
                     values={"organization": organization.name, "title": event.title})
    return bool(deleted)
