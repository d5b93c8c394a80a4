"""Permission-matrix rows for the coalition's own URLs."""

from __future__ import annotations

from typing import Any

from coalition.table_undo_views import REPRESENTATIVE_END, SEAT_END
from coalition.undo import undo_token
from tests.coalition.factories import OrganizationFactory
from tests.matrix import OK, PEOPLE_WORKERS, STAFF, Row, everyone, only


def world(base: dict[str, Any]) -> dict[str, Any]:
    """Objects the coalition's rows point at."""
    return {"other_organization": OrganizationFactory(name="Kolbe House (test)"), **tables_world(base)}


def tables_world(base: dict[str, Any]) -> dict[str, Any]:
    """Issue 4: a table the partner's organization does not sit at, with a seat, a meeting and an action item."""
    import datetime

    from coalition.models import ActionItem
    from tests.campaigns.factories import MeetingFactory, RepresentativeFactory, SeatFactory, TableFactory

    table = TableFactory(name="Fully Free table (matrix)", slug="fully-free-matrix")
    seat = SeatFactory(table=table, organization=OrganizationFactory(name="Shriver Center (matrix)"))
    representative = RepresentativeFactory(seat=seat)
    meeting = MeetingFactory(table=table)
    item = ActionItem.objects.create(meeting=meeting, description="Send the memo", owner=base["accounts"]["staff"],
                                     due_on=datetime.date(2026, 12, 1))
    return {"table": table, "seat": seat, "meeting": meeting, "action_item": item, "representative": representative}


ROWS: dict[str, Row] = {
    "healthz": Row(expect=everyone(OK, anon=OK)),
    "set_language": Row(method="post", data=lambda w: {"language": "es", "next": "/"}, expect=everyone(302, anon=302)),
    "coalition:home": Row(expect=everyone()),
    "coalition:organization_list": Row(expect=only(*PEOPLE_WORKERS, "partner")),
    "coalition:organization_create": Row(expect=only(*STAFF)),
    # The organization picker's search: for those who work with people (the forms that pick one are theirs).
    "coalition:organization_pick": Row(expect=only(*PEOPLE_WORKERS), query="field=organization&organization_search=sa"),
    # The partner's own organization: they see it; another organization does not exist for them.
    "coalition:organization_detail": Row(
        kwargs=lambda w: {"pk": w["other_organization"].pk}, expect=only(*PEOPLE_WORKERS)
    ),
    "coalition:organization_update": Row(kwargs=lambda w: {"pk": w["other_organization"].pk}, expect=only(*STAFF)),
    # Archiving and restoring: staff and admins (both answer with the organization page); idempotent, so the
    # second of them finds it archived already.
    "coalition:organization_archive": Row(kwargs=lambda w: {"pk": w["other_organization"].pk}, method="post",
                                          expect=only(*STAFF, status=302)),
    "coalition:organization_restore": Row(kwargs=lambda w: {"pk": w["other_organization"].pk}, method="post",
                                          expect=only(*STAFF, status=302)),
    "coalition:region_list": Row(expect=only(*PEOPLE_WORKERS)),
    "coalition:region_update": Row(kwargs=lambda w: {"slug": "chicago"}, expect=only("admin")),
    "coalition:user_invite": Row(expect=only(*STAFF)),
    "coalition:audit_list": Row(expect=only("admin")),
    "coalition:retention": Row(expect=only("admin")),
    "admin:index": Row(expect=only("admin", anon=302)),
}

# Issue 4: coalition tables and meetings. The partner's organization has no seat at this table: 404.
ROWS.update({
    "coalition:table_list": Row(expect=only(*PEOPLE_WORKERS, "partner")),
    "coalition:table_detail": Row(kwargs=lambda w: {"slug": w["table"].slug}, expect=only(*PEOPLE_WORKERS)),
    "coalition:table_roster_csv": Row(kwargs=lambda w: {"slug": w["table"].slug}, expect=only(*PEOPLE_WORKERS)),
    "coalition:table_seat_add": Row(kwargs=lambda w: {"slug": w["table"].slug}, expect=only(*STAFF)),
    "coalition:table_meeting_create": Row(kwargs=lambda w: {"slug": w["table"].slug}, expect=only(*STAFF)),
    "coalition:table_seat_end": Row(kwargs=lambda w: {"pk": w["seat"].pk}, expect=only(*STAFF)),
    "coalition:table_representative_add": Row(kwargs=lambda w: {"pk": w["seat"].pk}, expect=only(*STAFF)),
    "coalition:table_meeting_detail": Row(kwargs=lambda w: {"pk": w["meeting"].pk}, expect=only(*PEOPLE_WORKERS)),
    "coalition:table_meeting_attendance": Row(kwargs=lambda w: {"pk": w["meeting"].pk}, expect=only(*STAFF)),
    # An empty POST: staff get the meeting page back with the form's errors.
    "coalition:table_action_item_create": Row(kwargs=lambda w: {"pk": w["meeting"].pk}, method="post",
                                              expect=only(*STAFF)),
    # The owner (staff) and admins may mark it done; it does not exist for anyone else.
    "coalition:table_action_item_done": Row(kwargs=lambda w: {"pk": w["action_item"].pk}, method="post",
                                            expect=only(*STAFF, status=302)),
})

# Starting and changing tables, roles, stepping down, editing and cancelling meetings, editing and reopening action
# items: staff and admins. The partner's organization has no seat at the world's table, so even reading is 404.
ROWS.update({
    "coalition:table_create": Row(expect=only(*STAFF)),
    "coalition:table_update": Row(kwargs=lambda w: {"slug": w["table"].slug}, expect=only(*STAFF)),
    "coalition:table_seat_role": Row(kwargs=lambda w: {"pk": w["seat"].pk}, expect=only(*STAFF)),
    "coalition:table_representative_end": Row(kwargs=lambda w: {"pk": w["representative"].pk},
                                              expect=only(*STAFF)),
    # An undo token is its maker's: staff's answers staff (refused: nothing to undo, back to the table);
    # admins, who may manage tables too, get 404 with it.
    "coalition:table_seat_end_undo": Row(
        kwargs=lambda w: {"pk": w["seat"].pk}, method="post", expect=only("staff", status=302),
        data=lambda w: {"token": undo_token(user=w["accounts"]["staff"], action=SEAT_END, pk=w["seat"].pk)}),
    "coalition:table_representative_end_undo": Row(
        kwargs=lambda w: {"pk": w["representative"].pk}, method="post", expect=only("staff", status=302),
        data=lambda w: {"token": undo_token(user=w["accounts"]["staff"], action=REPRESENTATIVE_END,
                                            pk=w["representative"].pk)}),
    "coalition:table_meeting_update": Row(kwargs=lambda w: {"pk": w["meeting"].pk}, expect=only(*STAFF)),
    "coalition:table_meeting_cancel": Row(kwargs=lambda w: {"pk": w["meeting"].pk}, expect=only(*STAFF)),
    "coalition:table_action_item_update": Row(kwargs=lambda w: {"pk": w["action_item"].pk}, expect=only(*STAFF)),
    # The owner (staff) and admins may reopen it; it does not exist for anyone else.
    "coalition:table_action_item_reopen": Row(kwargs=lambda w: {"pk": w["action_item"].pk}, method="post",
                                              expect=only(*STAFF, status=302)),
})
