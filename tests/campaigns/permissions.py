"""Permission-matrix rows for campaigns, bills, legislators, whip counts and drives."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from campaigns.models import WitnessSlipDrive
from tests.campaigns.factories import BillFactory, CampaignFactory, LegislatorFactory
from tests.matrix import OK, PEOPLE_WORKERS, STAFF, Row, everyone, only


def world(base: dict[str, Any]) -> dict[str, Any]:
    campaign = CampaignFactory(name="Fully Free (matrix)", slug="fully-free-matrix")
    bill = BillFactory(kind="HB", number=4120, campaign=campaign)
    LegislatorFactory(chamber="house", district=7)
    drive = WitnessSlipDrive.objects.create(
        bill=bill, hearing_on=datetime.date(2027, 2, 18), deadline=timezone.now() + datetime.timedelta(days=3))
    return {"campaign": campaign, "bill": bill, "drive": drive}


def _bill(w: dict[str, Any]) -> dict[str, Any]:
    return {"kind": w["bill"].kind, "number": w["bill"].number}


def _slug(w: dict[str, Any]) -> dict[str, Any]:
    return {"slug": w["campaign"].slug}


READERS = only(*PEOPLE_WORKERS)
MANAGERS = only(*STAFF)

ROWS: dict[str, Row] = {
    "coalition:campaigns:campaign_list": Row(expect=READERS),
    "coalition:campaigns:campaign_detail": Row(kwargs=_slug, expect=READERS),
    "coalition:campaigns:goal_create": Row(kwargs=_slug, expect=MANAGERS),
    "coalition:campaigns:participation_create": Row(kwargs=_slug, expect=MANAGERS),
    "coalition:campaigns:action_create": Row(kwargs=_slug, expect=MANAGERS),
    "coalition:campaigns:bill_list": Row(expect=READERS),
    "coalition:campaigns:bill_detail": Row(kwargs=_bill, expect=READERS),
    "coalition:campaigns:position_create": Row(kwargs=_bill, expect=MANAGERS),
    "coalition:campaigns:drive_create": Row(kwargs=_bill, expect=MANAGERS),
    "coalition:campaigns:drive_detail": Row(kwargs=lambda w: {"pk": w["drive"].pk}, expect=READERS),
    # An empty POST: staff get the form back with its errors (200); everyone else 404.
    "coalition:campaigns:drive_mark_filed": Row(kwargs=lambda w: {"pk": w["drive"].pk}, method="post",
                                                expect=MANAGERS),
    "coalition:campaigns:lobby_visit_create": Row(expect=MANAGERS),
    "coalition:campaigns:legislator_list": Row(expect=READERS),
    "coalition:campaigns:legislator_import": Row(expect=MANAGERS),
    "coalition:campaigns:position_import": Row(expect=MANAGERS),
}


# Resources ------------------------------------------------------------------------------------

_campaigns_world = world


def world(base: dict[str, Any]) -> dict[str, Any]:  # noqa: F811 (extends the campaigns world above)
    """Adds a partners-level document at a table where the partner's organization has a current seat."""
    from django.core.files.base import ContentFile

    from campaigns.models import Resource
    from tests.campaigns.factories import SeatFactory, TableFactory

    found = _campaigns_world(base)
    partner = base["accounts"]["partner"]
    table = TableFactory(name="Chicago 400 (matrix)", slug="chicago-400-matrix")
    SeatFactory(table=table, organization=partner.organization)
    resource = Resource(title="Talking points", kind=Resource.Kind.TALKING_POINTS, table=table,
                        audience=Resource.Audience.PARTNERS, file_name="points.pdf", content_type="application/pdf",
                        size=9, uploaded_by=base["accounts"]["staff"])
    resource.file.save("points.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    resource.save()
    return {**found, "resource": resource}


_removed = only("admin", status=302)
_removed["staff"] = 404  # the admin's request removed it first: it no longer exists for anyone

ROWS.update({
    "coalition:campaigns:resource_list": Row(expect=only(*PEOPLE_WORKERS, "partner", "member")),
    "coalition:campaigns:resource_create": Row(expect=only(*PEOPLE_WORKERS)),
    "coalition:campaigns:resource_file": Row(kwargs=lambda w: {"pk": w["resource"].pk},
                                             expect=only(*PEOPLE_WORKERS, "partner")),
    "coalition:campaigns:resource_delete": Row(method="post", kwargs=lambda w: {"pk": w["resource"].pk},
                                               expect=_removed),
})


# Keeping campaigns, goals, sessions, bills and legislators; resource versions; the public toolkit ---------------

_resources_world = world


def world(base: dict[str, Any]) -> dict[str, Any]:  # noqa: F811 (extends the worlds above)
    """Adds a goal, a session, a position, an earlier version of the partners' document and a public document on
    the campaign's toolkit."""
    from django.core.files.base import ContentFile

    from campaigns.models import Goal, LegislativeSession, Resource, ResourceVersion
    from tests.campaigns.factories import PositionFactory

    found = _resources_world(base)
    goal = Goal.objects.create(campaign=found["campaign"], description="Calls", metric="actions", target=10)
    session = LegislativeSession.objects.create(name="104th General Assembly (matrix)",
                                                starts_on=datetime.date(2025, 1, 8), ends_on=datetime.date(2027, 1, 12))
    legislator = LegislatorFactory(chamber="house", district=9)
    position = PositionFactory(bill=found["bill"], legislator=legislator)
    version = ResourceVersion(resource=found["resource"], file_name="points-v1.pdf", content_type="application/pdf",
                              size=9, uploaded_at=timezone.now(), replaced_at=timezone.now())
    version.file.save("points-v1.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    version.save()
    public = Resource(title="Sample ordinance", kind=Resource.Kind.SAMPLE_POLICY, campaign=found["campaign"],
                      audience=Resource.Audience.PUBLIC, file_name="ordinance.pdf", content_type="application/pdf",
                      size=9, uploaded_by=base["accounts"]["staff"])
    public.file.save("ordinance.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    public.save()
    return {**found, "goal": goal, "session": session, "legislator": legislator, "position": position,
            "version": version, "public_resource": public}


_pk = {
    "goal": lambda w: {"pk": w["goal"].pk},
    "session": lambda w: {"pk": w["session"].pk},
    "legislator": lambda w: {"pk": w["legislator"].pk},
    "position": lambda w: {"pk": w["position"].pk},
    "resource": lambda w: {"pk": w["resource"].pk},
    "version": lambda w: {"pk": w["version"].pk},
}
PARTNER_DOCUMENT = only(*PEOPLE_WORKERS, "partner")

ROWS.update({
    "coalition:campaigns:campaign_create": Row(expect=MANAGERS),
    "coalition:campaigns:campaign_update": Row(kwargs=_slug, expect=MANAGERS),
    # GET: the confirmation step, listing the open goal.
    "coalition:campaigns:campaign_close": Row(kwargs=_slug, expect=MANAGERS),
    "coalition:campaigns:goal_update": Row(kwargs=_pk["goal"], expect=MANAGERS),
    # Retiring twice keeps the first: both managers are sent back to the campaign.
    "coalition:campaigns:goal_retire": Row(kwargs=_pk["goal"], method="post", expect=only(*STAFF, status=302)),
    "coalition:campaigns:session_list": Row(expect=READERS),
    "coalition:campaigns:session_create": Row(expect=MANAGERS),
    "coalition:campaigns:session_update": Row(kwargs=_pk["session"], expect=MANAGERS),
    "coalition:campaigns:bill_create": Row(expect=MANAGERS),
    "coalition:campaigns:bill_update": Row(kwargs=_bill, expect=MANAGERS),
    "coalition:campaigns:position_update": Row(kwargs=_pk["position"], expect=MANAGERS),
    "coalition:campaigns:legislator_create": Row(expect=MANAGERS),
    "coalition:campaigns:legislator_detail": Row(kwargs=_pk["legislator"], expect=READERS),
    "coalition:campaigns:legislator_update": Row(kwargs=_pk["legislator"], expect=MANAGERS),
    # An empty POST: managers get the page back with the date's error (200); nothing changes.
    "coalition:campaigns:legislator_leave_office": Row(kwargs=_pk["legislator"], method="post", expect=MANAGERS),
    "coalition:campaigns:resource_detail": Row(kwargs=_pk["resource"], expect=PARTNER_DOCUMENT),
    # Staff shared it: organizers may change only what they shared themselves.
    "coalition:campaigns:resource_update": Row(kwargs=_pk["resource"], expect=MANAGERS),
    "coalition:campaigns:resource_replace": Row(kwargs=_pk["resource"], expect=MANAGERS),
    "coalition:campaigns:resource_version_file": Row(kwargs=_pk["version"], expect=PARTNER_DOCUMENT),
    # The public toolkit and its public files: anyone, signed in or not.
    "toolkit:toolkit": Row(kwargs=_slug, expect=everyone(OK, anon=OK)),
    "toolkit:toolkit_file": Row(kwargs=lambda w: {"slug": w["campaign"].slug, "pk": w["public_resource"].pk},
                                expect=everyone(OK, anon=OK)),
})
