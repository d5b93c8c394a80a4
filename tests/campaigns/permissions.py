"""Permission-matrix rows for campaigns, bills, legislators, whip counts and drives."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from campaigns.models import WitnessSlipDrive
from tests.campaigns.factories import BillFactory, CampaignFactory, LegislatorFactory
from tests.matrix import PEOPLE_WORKERS, STAFF, Row, only


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
