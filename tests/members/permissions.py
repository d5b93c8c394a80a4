"""Permission-matrix rows for the people pages: the Chicago person exists only for staff, admins and the
Chicago organizer; partners and members see none of these pages."""

from __future__ import annotations

from typing import Any

from members.models import FollowUp, ImportJob, PersonPhone
from tests.matrix import LOGIN, PEOPLE_WORKERS, Row, only
from tests.members.factories import PersonFactory

CHICAGO = ("admin", "staff", "organizer_chicago")


def world(base: dict[str, Any]) -> dict[str, Any]:
    """A Chicago person with a phone and a follow-up, a near twin, and an import by the Chicago organizer."""
    accounts = base["accounts"]
    person = PersonFactory(first_name="Quentin", last_name="Marsh")
    twin = PersonFactory(first_name="Quinton", last_name="Marsh")
    phone = PersonPhone(person=person, number="+13125550199", is_primary=True)
    phone.save()
    PersonPhone(person=person, number="+13125550198").save()
    follow_up = FollowUp.objects.create(person=person, owner=accounts["organizer_chicago"], due_on="2026-01-01")
    job = ImportJob.objects.create(created_by=accounts["organizer_chicago"], file_name="sheet.csv",
                                   encoding="utf-8", content="First name\nAna\n", mapping={"first_name": "First name"})
    member_phone = PersonPhone(person=accounts["member"].person, number="+17735550123", is_primary=True)
    member_phone.save()
    return {"person": person, "twin": twin, "phone": phone, "follow_up": follow_up, "import_job": job,
            "member_phone": member_phone}


def person(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["person"].pk}


def _post(kwargs: Any, status: int = 302, roles: tuple[str, ...] = CHICAGO) -> Row:
    expect = only(*roles, status=status)
    expect["anon"] = LOGIN
    return Row(method="post", kwargs=kwargs, expect=expect)


ROWS: dict[str, Row] = {
    "members:person_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:person_create": Row(expect=only(*PEOPLE_WORKERS)),
    "members:person_export": Row(expect=only(*PEOPLE_WORKERS)),
    # The person picker's search answers every people worker, each inside their own turf.
    "members:person_pick": Row(expect=only(*PEOPLE_WORKERS), query="field=person&person_search=Marsh"),
    "members:person_detail": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:person_update": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:person_consent": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:consent_withdraw": _post(lambda w: {"pk": w["person"].pk, "channel": "sms"}),
    "members:phone_add": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:phone_stopped": _post(lambda w: {"pk": w["person"].pk, "phone_pk": w["phone"].pk}),
    "members:phone_primary": _post(lambda w: {"pk": w["person"].pk, "phone_pk": w["phone"].pk}),
    "members:sensitive_update": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:interaction_create": Row(kwargs=person, expect=only(*CHICAGO)),
    "members:follow_up_done": _post(lambda w: {"pk": w["follow_up"].pk}),
    "members:import_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:import_create": Row(expect=only(*PEOPLE_WORKERS)),
    "members:import_detail": Row(kwargs=lambda w: {"pk": w["import_job"].pk}, expect=only(*CHICAGO)),
    "members:import_start": _post(lambda w: {"pk": w["import_job"].pk}),
    "members:import_progress": Row(kwargs=lambda w: {"pk": w["import_job"].pk}, expect=only(*CHICAGO)),
    "members:duplicate_list": Row(expect=only(*PEOPLE_WORKERS)),
    "members:person_merge": Row(kwargs=lambda w: {"pk": w["person"].pk, "other_pk": w["twin"].pk},
                                expect=only(*CHICAGO)),
}


ROWS.update({
    # A member's own contact details and phones; nobody else has a "me" page.
    "members:contact_mine": Row(expect=only("member")),
    "members:phone_mine_stopped": Row(
        method="post", kwargs=lambda w: {"phone_pk": w["member_phone"].pk}, expect=only("member", status=302)
    ),
})
