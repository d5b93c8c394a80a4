"""Leadership reads through the policy: the pipeline's people, a person's development, a member's own."""

from __future__ import annotations

from typing import Any

import pytest

from coalition.access import OutOfReach
from leadership import selectors
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _counts(pipeline: dict[str, Any]) -> dict[int, int]:
    return {stage.order: stage.count for stage in pipeline["stages"] if stage.count}


def test_the_pipeline_counts_the_people_of_its_region_the_actor_works_with(
    organizer_chicago: Any, staff: Any, regions: Any, stages: Any
) -> None:
    central = regions["central"]
    in_central = {"county": central.counties.first(), "region": central}
    PersonFactory(stage=stages[3])
    PersonFactory(stage=stages[3])
    PersonFactory()
    PersonFactory(stage=stages[3], **in_central)
    # On the organizer's turf by assignment, but not of their region: not in their region's pipeline.
    PersonFactory(stage=stages[2], assigned_organizer=organizer_chicago, **in_central)

    mine = selectors.pipeline(actor=organizer_chicago)
    assert mine["region"] == regions["chicago"] and not mine["statewide_allowed"]
    assert _counts(mine) == {3: 2} and mine["unstaged"] == 1
    assert [bar.value for bar in mine["funnel"].bars] == [s.count for s in mine["stages"]]

    statewide = selectors.pipeline(actor=staff)
    assert statewide["region"] is None and statewide["statewide_allowed"]
    assert _counts(statewide) == {2: 1, 3: 3} and statewide["unstaged"] == 1
    assert _counts(selectors.pipeline(actor=staff, region_slug="central")) == {2: 1, 3: 1}


def test_the_pipeline_and_a_development_are_out_of_reach_to_those_who_do_not_work_with_people(
    member: Any, partner_rep: Any, stages: Any
) -> None:
    for actor in (member, partner_rep):
        with pytest.raises(OutOfReach):
            selectors.pipeline(actor=actor)
        with pytest.raises(OutOfReach):
            selectors.pipeline(actor=actor, region_slug="chicago")
    # A member's own record is theirs to see on "My development", not on the people worker's page.
    with pytest.raises(OutOfReach):
        selectors.development(actor=member, pk=member.person.pk)


def test_my_development_is_a_members_own_record_only(member: Any, staff: Any, organizer_chicago: Any,
                                                     stages: Any) -> None:
    mine = selectors.my_development(actor=member)
    assert mine is not None and mine["person"] == member.person
    # An account of another role linked to a person still has no "My development".
    staff.person = PersonFactory()
    staff.save()
    assert selectors.my_development(actor=staff) is None
    assert selectors.my_development(actor=organizer_chicago) is None
