"""The county map: its numbers equal the people list's per county, each measure is one query, the policy cuts
what an organizer and a partner see, and small counts are hidden from partners."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from coalition.models import County, User
from leadership.models import Stage
from leadership.reference import load_default_stages
from members.filters import people_matching
from members.models import RecordClearingReferral
from reports import selectors
from reports.geo import county_shapes
from tests.events.factories import EventFactory, RSVPFactory
from tests.reports.factories import SPREAD, county, partner_campaign_event, people_spread, referral

pytestmark = pytest.mark.django_db


def test_the_shapes_cover_every_county_in_the_database() -> None:
    county("17031")
    shapes = county_shapes()["counties"]
    fips = set(County.objects.values_list("fips", flat=True))
    assert len(fips) == 102
    assert set(shapes) == fips
    assert all(shape["path"].startswith("M") and shape["path"].endswith("Z") for shape in shapes.values())


def test_the_people_map_equals_the_people_list_for_every_county(staff: User, organizer_chicago: User) -> None:
    people_spread()
    for actor in (staff, organizer_chicago):
        drawn = selectors.county_map(actor=actor, measure="people")
        linked = [cell for cell in drawn.counties if cell.link]
        # Staff may filter the people list by every county; an organizer by their region's (Cook).
        assert len(linked) == (102 if actor == staff else 1)
        for cell in linked:
            assert cell.link == f"/people/?county={cell.pk}"
            assert cell.count == people_matching(actor=actor, filters={"county": cell.pk}).count(), cell.name
        assert drawn.total == people_matching(actor=actor, filters={}).count()


def test_the_stage_map_equals_the_people_list_filtered_by_stage_and_links_to_it(staff: User) -> None:
    load_default_stages()
    made = people_spread()
    leader = Stage.objects.get(order=5)
    for person in made[::2]:
        person.stage = leader
        person.save(update_fields=["stage"])
    drawn = selectors.county_map(actor=staff, measure="stage", subject=selectors.Subject(stage=leader))
    cook = next(c for c in drawn.counties if c.fips == "17031")
    assert cook.link == f"/people/?county={cook.pk}&stage={leader.pk}"
    for cell in drawn.counties:
        assert cell.count == people_matching(actor=staff, filters={"county": cell.pk, "stage": leader.pk}).count()
    leaders = selectors.county_counts(actor=staff, measure="leaders")
    assert sum(leaders.values()) == len(made[::2])


def test_contacts_in_the_last_30_and_90_days(staff: User) -> None:
    made = people_spread({"17031": 4})
    made[1].last_contact_at = timezone.now() - datetime.timedelta(days=60)
    made[1].save(update_fields=["last_contact_at"])
    cook = county("17031").pk
    assert selectors.county_counts(actor=staff, measure="contacted_30") == {cook: 2}
    assert selectors.county_counts(actor=staff, measure="contacted_90") == {cook: 3}


def test_the_chicago_organizer_counts_only_their_reach(organizer_chicago: User, staff: User) -> None:
    people_spread()
    drawn = selectors.county_map(actor=organizer_chicago, measure="people")
    counted = {c.fips: c.count for c in drawn.counties if c.count}
    assert counted == {"17031": SPREAD["17031"]}
    assert sum(selectors.county_counts(actor=staff, measure="people").values()) == sum(SPREAD.values())


def test_referrals_by_status_follow_the_referral_policy(staff: User, organizer_chicago: User,
                                                        organizer_central: User) -> None:
    made = people_spread({"17031": 2, "17167": 2})
    referral(made[0], RecordClearingReferral.Status.GRANTED)
    referral(made[1])
    referral(made[2], RecordClearingReferral.Status.GRANTED)
    granted = selectors.Subject(status=RecordClearingReferral.Status.GRANTED)
    cook, sangamon = county("17031").pk, county("17167").pk
    assert selectors.county_counts(actor=staff, measure="referrals", subject=granted) == {cook: 1, sangamon: 1}
    assert selectors.county_counts(actor=organizer_chicago, measure="referrals") == {cook: 2}
    assert selectors.county_counts(actor=organizer_central, measure="referrals", subject=granted) == {sangamon: 1}


def test_a_partner_sees_only_their_tables_campaign_events_with_small_counts_hidden(
        partner_rep: User, staff: User) -> None:
    made = people_spread()
    ours = partner_campaign_event(partner_rep.organization, made)
    # An event of a campaign the partner's tables do not run: not counted for them.
    other = EventFactory()
    for person in made[:6]:
        RSVPFactory(event=other, person=person)
    assert [m.key for m in selectors.measure_choices(actor=partner_rep)] == ["rsvps", "checkins"]
    assert selectors.county_counts(actor=partner_rep, measure="people") == {}
    drawn = selectors.county_map(actor=partner_rep, measure="checkins")
    shown = {c.fips: c.shown for c in drawn.counties if c.count}
    assert shown == {"17031": "9", "17167": "6", "17143": "fewer than 5", "17019": "5", "17003": "fewer than 5"}
    assert drawn.total is None and drawn.hidden_small
    assert all(c.link == "" for c in drawn.counties)
    hidden = next(c for c in drawn.counties if c.fips == "17003")
    assert hidden.pattern == "hidden" and "fewer than 5" in hidden.title
    assert selectors.county_counts(actor=partner_rep, measure="rsvps",
                                   subject=selectors.Subject(event=ours)) == \
        selectors.county_counts(actor=staff, measure="rsvps", subject=selectors.Subject(event=ours))
    assert sum(selectors.county_counts(actor=staff, measure="rsvps").values()) == len(made) + 6
    # Staff see the exact small numbers.
    assert next(c for c in selectors.county_map(actor=staff, measure="checkins").counties
                if c.fips == "17003").shown == "1"


def test_a_partner_without_a_seat_counts_nothing(partner_rep: User) -> None:
    made = people_spread()
    EventFactory()
    partner_campaign_event(partner_rep.organization, made)
    partner_rep.organization.seats.update(left_on=timezone.localdate())
    assert selectors.county_counts(actor=partner_rep, measure="rsvps") == {}


@pytest.mark.parametrize("measure", list(selectors.MEASURES))
def test_every_measure_is_one_query_however_many_people(staff: User, measure: str,
                                                        django_assert_num_queries: Any) -> None:
    people_spread({"17031": 1})
    with django_assert_num_queries(1):
        selectors.county_counts(actor=staff, measure=measure)
    made = people_spread()
    for person in made:
        RSVPFactory(person=person, checked_in_at=timezone.now())
        referral(person)
    with django_assert_num_queries(1):
        selectors.county_counts(actor=staff, measure=measure)


def test_the_legend_shades_darken_with_the_count(staff: User) -> None:
    people_spread()
    drawn = selectors.county_map(actor=staff, measure="people")
    cells = {c.fips: c for c in drawn.counties}
    assert cells["17001"].pattern == "none"
    assert cells["17031"].fill == drawn.legend[-1].fill
    assert cells["17003"].fill == drawn.legend[1].fill
    assert [s.label for s in drawn.legend][0] == "None"


def test_the_table_sorts_by_count_and_name(staff: User) -> None:
    people_spread()
    by_count = selectors.county_map(actor=staff, measure="people", sort="-count").table
    assert [c.fips for c in by_count[:2]] == ["17031", "17167"]
    by_name = selectors.county_map(actor=staff, measure="people", sort="name").table
    assert by_name[0].name == "Adams County"


def test_over_the_demo_data_every_county_equals_the_people_list() -> None:
    from django.core.management import call_command

    call_command("seed_demo")
    for email in ("staff@demo.coalition.test", "chicago.organizer@demo.coalition.test",
                  "central.organizer@demo.coalition.test"):
        actor = User.objects.get(email=email)
        for measure in ("people", "stage"):
            stage = Stage.objects.order_by("order").first() if measure == "stage" else None
            drawn = selectors.county_map(actor=actor, measure=measure, subject=selectors.Subject(stage=stage))
            filters = {"stage": stage.pk} if stage else {}
            linked = [cell for cell in drawn.counties if cell.link]
            assert linked
            for cell in linked:
                assert cell.count == people_matching(actor=actor, filters={"county": cell.pk, **filters}).count()
            assert sum(c.count for c in drawn.counties) + drawn.outside == people_matching(
                actor=actor, filters=filters).count()
