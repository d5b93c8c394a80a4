"""Every write that keeps the campaigns' own records: campaigns (create, change, close with a final tally), goals
(change, retire), legislative sessions, bills, legislators (create, change, leave office) and corrections to a
position. Re-exported from campaigns.services: callers write `services.campaign_close(...)`."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.metrics import goal_count_expression
from campaigns.models import Bill, Campaign, Goal, LegislativeSession, Legislator, Position
from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, CoalitionTable, User
from coalition.services import audit_record

USED_FORM = gettext_lazy("This form was already used. Open the form again to add another.")


def _check(actor: User) -> None:
    if not access.may_manage_campaigns(actor):
        raise OutOfReach("campaign")


def _set(obj: Any, fields: dict[str, Any]) -> list[str]:
    """Set the fields that change and return their names (for update_fields and the audit entry)."""
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


def _open_goals(campaign: Campaign) -> list[Goal]:
    return list(Goal.objects.filter(campaign=campaign, retired_at__isnull=True).order_by("id"))


# Campaigns -----------------------------------------------------------------------------------------------

def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "campaign"
    slug, n = base, 2
    while Campaign.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def campaign_create(*, actor: User, name: str, kind: str, description: str = "", slug: str = "",
                    name_es: str = "", description_es: str = "",
                    status: str = Campaign.Status.ACTIVE, starts_on: datetime.date | None = None,
                    ends_on: datetime.date | None = None, tables: Iterable[CoalitionTable] = (),
                    idempotency_key: uuid.UUID | None = None) -> Campaign:
    """Start a campaign (staff, admins), run by the given tables. Without a short name one is made from the name.
    A campaign is closed only through campaign_close. Idempotent by the form's key. Audited."""
    _check(actor)
    if status == Campaign.Status.CLOSED:
        raise ValidationError({"status": _("A new campaign cannot start closed.")})
    name = name.strip()

    def create() -> Campaign:
        if Campaign.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": _("There is already a campaign called “%(name)s”.") % {"name": name}})
        if slug and Campaign.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _("Another campaign already uses the short name “%(slug)s”.") % {
                "slug": slug}})
        campaign = Campaign(name=name, slug=slug or _unique_slug(name), kind=kind, description=description.strip(),
                            name_es=name_es.strip(), description_es=description_es.strip(), status=status,
                            starts_on=starts_on, ends_on=ends_on, idempotency_key=idempotency_key)
        campaign.full_clean()
        campaign.save()
        campaign.tables.set(tables)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=campaign, summary=_("Started a campaign"))
        return campaign

    campaign, _created = create_once(Campaign, idempotency_key, create)
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign: Campaign, tables: Iterable[CoalitionTable] | None = None,
                    **fields: Any) -> Campaign:
    """Change a campaign's name, short name, kind, dates, status or description, in English or Spanish (staff,
    admins). Closing goes through campaign_close, and a closed campaign keeps its status: its tally is frozen.
    Audited."""
    _check(actor)
    status = fields.get("status", campaign.status)
    if campaign.is_closed and status != Campaign.Status.CLOSED:
        raise ValidationError({"status": _("This campaign is closed and its tally is frozen; it cannot reopen.")})
    if not campaign.is_closed and status == Campaign.Status.CLOSED:
        raise ValidationError({"status": _("Use “Close the campaign” to close it: that records its final tally.")})
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if Campaign.objects.filter(name__iexact=fields["name"]).exclude(pk=campaign.pk).exists():
            raise ValidationError({"name": _("There is already a campaign called “%(name)s”.") % {
                "name": fields["name"]}})
    if fields.get("slug") and Campaign.objects.filter(slug=fields["slug"]).exclude(pk=campaign.pk).exists():
        raise ValidationError({"slug": _("Another campaign already uses the short name “%(slug)s”.") % {
            "slug": fields["slug"]}})
    if "slug" in fields and not fields["slug"]:
        fields.pop("slug")
    changed = _set(campaign, fields)
    campaign.full_clean()
    if changed:
        campaign.save(update_fields=[*changed, "updated_at"])
    if tables is not None:
        before = set(campaign.tables.values_list("pk", flat=True))
        tables = list(tables)
        if before != {t.pk for t in tables}:
            campaign.tables.set(tables)
            changed.append("tables")
    if changed:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=campaign, summary=_("Changed a campaign"),
                     detail={"fields": sorted(changed)})
    return campaign


def campaign_open_goals(*, actor: User, campaign: Campaign) -> list[Goal]:
    """The goals that are still open (not retired): what closing the campaign asks about (staff, admins)."""
    _check(actor)
    return _open_goals(campaign)


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign, confirm_open_goals: bool = False) -> Campaign:
    """Close a campaign (staff, admins): each goal's live count and target are frozen as the final tally. With open
    goals it asks first: refused unless `confirm_open_goals`. Idempotent: closing a closed campaign changes
    nothing. Audited."""
    _check(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_closed:
        return campaign
    open_goals = _open_goals(campaign)
    if open_goals and not confirm_open_goals:
        raise ValidationError({"confirm_open_goals": _(
            "%(count)d goals are still open: %(goals)s. Tick the box to close the campaign with them open, or "
            "retire them first."
        ) % {"count": len(open_goals), "goals": "; ".join(g.description for g in open_goals)}})
    now = timezone.now()
    goals = list(Goal.objects.filter(campaign=campaign).annotate(live=goal_count_expression()))
    for goal in goals:
        goal.final_count = goal.live
        goal.final_target = goal.target
    Goal.objects.bulk_update(goals, ["final_count", "final_target"])
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = now
    campaign.closed_by = actor
    campaign.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=campaign, summary=_("Closed a campaign"),
                 detail={"goals": {str(g.pk): [g.final_count, g.final_target] for g in goals},
                         "open_goals": len(open_goals)})
    return campaign


# Goals ----------------------------------------------------------------------------------------------------

def _goal_changeable(goal: Goal) -> None:
    if goal.campaign.is_closed:
        raise ValidationError(_("The campaign is closed: its goals and their final tally no longer change."))


@transaction.atomic
def goal_update(*, actor: User, goal: Goal, **fields: Any) -> Goal:
    """Change a goal's description, target or due date (staff, admins); not once its campaign is closed."""
    _check(actor)
    _goal_changeable(goal)
    if goal.retired_at is not None:
        raise ValidationError(_("This goal is retired; add a new goal instead."))
    changed = _set(goal, fields)
    goal.full_clean()
    if changed:
        goal.save(update_fields=changed)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=goal, summary=_("Changed a goal"),
                     detail={"fields": sorted(changed)})
    return goal


@transaction.atomic
def goal_retire(*, actor: User, goal: Goal) -> Goal:
    """Retire a goal (staff, admins): it stays on the page, no longer open. Idempotent: the first time is kept."""
    _check(actor)
    _goal_changeable(goal)
    if Goal.objects.filter(pk=goal.pk, retired_at__isnull=True).update(retired_at=timezone.now()):
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=goal, summary=_("Retired a goal"))
    goal.refresh_from_db()
    return goal


# Sessions, bills ---------------------------------------------------------------------------------------------

@transaction.atomic
def session_create(*, actor: User, name: str, starts_on: datetime.date, ends_on: datetime.date) -> LegislativeSession:
    """Add a legislative session (staff, admins). Names are unique."""
    _check(actor)
    if LegislativeSession.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("There is already a session called “%(name)s”.") % {"name": name.strip()}})
    session = LegislativeSession(name=name.strip(), starts_on=starts_on, ends_on=ends_on)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(*, actor: User, session: LegislativeSession, **fields: Any) -> LegislativeSession:
    """Change a session's name or dates (staff, admins); refused when a bill's hearing would fall outside it."""
    _check(actor)
    changed = _set(session, fields)
    session.full_clean()
    outside = session.bills.exclude(hearing_on__isnull=True).exclude(
        hearing_on__gte=session.starts_on, hearing_on__lte=session.ends_on).order_by("kind", "number").first()
    if outside is not None:
        raise ValidationError({"ends_on": _("%(bill)s has its hearing on %(date)s, outside these dates.") % {
            "bill": outside, "date": outside.hearing_on.isoformat() if outside.hearing_on else ""}})
    if changed:
        session.save(update_fields=[*changed, "updated_at"])
    return session


def _bill_number_free(*, kind: str, number: int, session: LegislativeSession | None, pk: int | None) -> None:
    taken = Bill.objects.filter(kind=kind, number=number, session=session).exclude(pk=pk or 0)
    if taken.exists():
        raise ValidationError({"number": _("%(kind)s %(number)d is already in the app for %(session)s.") % {
            "kind": kind, "number": number,
            "session": session or _("bills without a session")}})


def _sponsor_fits(kind: str, sponsor: Legislator | None) -> None:
    # The chief sponsor files the bill in their own chamber: an HB's is a representative, an SB's a senator.
    if sponsor is not None:
        chamber = "house" if kind == Bill.Kind.HB else "senate"
        if sponsor.chamber != chamber:
            raise ValidationError({"sponsor": _("%(kind)s bills are sponsored in the %(chamber)s; %(who)s sits in "
                                                "the other chamber.") % {"kind": kind, "who": sponsor,
                                                                         "chamber": _(chamber.title())}})


@transaction.atomic
def bill_create(*, actor: User, kind: str, number: int, title: str, session: LegislativeSession | None = None,
                idempotency_key: uuid.UUID | None = None, **fields: Any) -> Bill:
    """Add a bill (staff, admins): a number once per session, a hearing inside the session, a chief sponsor of
    the bill's chamber. Idempotent by the form's key. Audited."""
    _check(actor)

    def create() -> Bill:
        _bill_number_free(kind=kind, number=number, session=session, pk=None)
        _sponsor_fits(kind, fields.get("sponsor"))
        bill = Bill(kind=kind, number=number, title=title.strip(), session=session,
                    idempotency_key=idempotency_key, **fields)
        if not bill.current_chamber:
            bill.current_chamber = bill.origin_chamber
        bill.full_clean()
        bill.save()
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=bill, summary=_("Added a bill"))
        return bill

    bill, created = create_once(Bill, idempotency_key, create)
    if not created and (bill.kind, bill.number) != (kind, number):
        raise ValidationError(USED_FORM)
    return bill


@transaction.atomic
def bill_update(*, actor: User, bill: Bill, **fields: Any) -> Bill:
    """Change a bill's number, title, session, chambers, status, committee, hearing or sponsor (staff, admins),
    with the same checks as adding one. Audited."""
    _check(actor)
    kind = fields.get("kind", bill.kind)
    _bill_number_free(kind=kind, number=fields.get("number", bill.number),
                      session=fields.get("session", bill.session), pk=bill.pk)
    _sponsor_fits(kind, fields.get("sponsor", bill.sponsor))
    changed = _set(bill, fields)
    bill.full_clean()
    if changed:
        bill.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=bill, summary=_("Changed a bill"),
                     detail={"fields": sorted(changed)})
    return bill


# Legislators --------------------------------------------------------------------------------------------------

def _district_free(*, chamber: str, district: int, pk: int | None) -> None:
    sitting = Legislator.objects.filter(chamber=chamber, district=district, left_office_on__isnull=True).exclude(
        pk=pk or 0).first()
    if sitting is not None:
        raise ValidationError({"district": _("%(who)s sits for this district. Mark them as having left office "
                                             "first.") % {"who": sitting}})


@transaction.atomic
def legislator_create(*, actor: User, chamber: str, district: int, idempotency_key: uuid.UUID | None = None,
                      **fields: Any) -> Legislator:
    """Add a sitting legislator (staff, admins): one per district. Idempotent by the form's key."""
    _check(actor)

    def create() -> Legislator:
        legislator = Legislator(chamber=chamber, district=district, idempotency_key=idempotency_key, **fields)
        legislator.full_clean(validate_constraints=False)  # the district's range speaks first, by field
        _district_free(chamber=chamber, district=district, pk=None)
        legislator.full_clean()
        legislator.save()
        return legislator

    legislator, _created = create_once(Legislator, idempotency_key, create)
    return legislator


@transaction.atomic
def legislator_update(*, actor: User, legislator: Legislator, **fields: Any) -> Legislator:
    """Change a legislator's name, party, region, chamber or district (staff, admins)."""
    _check(actor)
    changed = _set(legislator, fields)
    legislator.full_clean(validate_constraints=False)
    if legislator.left_office_on is None:
        _district_free(chamber=legislator.chamber, district=legislator.district, pk=legislator.pk)
    legislator.full_clean()
    if changed:
        legislator.save(update_fields=[*changed, "updated_at"])
    return legislator


@transaction.atomic
def legislator_leave_office(*, actor: User, legislator: Legislator, left_on: datetime.date) -> Legislator:
    """A legislator left office on a date (staff, admins): they leave the current whip counts, their position
    history stays, and their district is free for a successor. Not a date in the future. Audited."""
    _check(actor)
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("Give the day they left; a date in the future has not happened yet.")})
    if legislator.left_office_on is not None:
        raise ValidationError({"left_on": _("%(who)s already left office on %(date)s.") % {
            "who": legislator, "date": legislator.left_office_on.isoformat()}})
    legislator.left_office_on = left_on
    legislator.full_clean()
    legislator.save(update_fields=["left_office_on", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=legislator,
                 summary=_("A legislator left office"))
    return legislator


# Positions ------------------------------------------------------------------------------------------------------

@transaction.atomic
def position_update(*, actor: User, position: Position, **fields: Any) -> Position:
    """Correct an entry of a position history (staff, admins): its position, source or note. A change of mind is a
    new entry (position_record). Audited with the fields changed."""
    _check(actor)
    changed = _set(position, fields)
    position.full_clean()
    if changed:
        position.save(update_fields=changed)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=position,
                     summary=_("Corrected a position"), detail={"fields": sorted(changed)})
    return position
