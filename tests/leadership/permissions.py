"""Permission-matrix rows for the development pages: a Chicago leader's pages exist only for staff, admins and
the Chicago organizer; the pipeline is for everyone who works with people; a member sees only their own."""

from __future__ import annotations

from typing import Any

from leadership.models import Stage, Training
from tests.leadership.factories import AdvancementSuggestionFactory, MentorshipFactory, stage
from tests.matrix import PEOPLE_WORKERS, STAFF, Row, only
from tests.members.factories import PersonFactory
from tests.members.permissions import CHICAGO, _post


def world(base: dict[str, Any]) -> dict[str, Any]:
    """A Chicago leader with a waiting suggestion and a mentor."""
    leader = PersonFactory(first_name="Lena", last_name="Okafor", stage=stage(3))
    mentor = PersonFactory(first_name="Marvin", last_name="Okafor", stage=stage(5))
    suggestion = AdvancementSuggestionFactory(person=leader)
    mentorship = MentorshipFactory(mentor=mentor, mentee=leader)
    training = Training.objects.create(name="Matrix training")
    # A stage nobody is at, so retiring it goes through for every admin request.
    spare = Stage.objects.create(name="Matrix stage", order=99)
    return {"leader": leader, "suggestion": suggestion, "mentorship": mentorship, "training": training,
            "stage": spare}


def _leader(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["leader"].pk}


ROWS: dict[str, Row] = {
    "leadership:pipeline": Row(expect=only(*PEOPLE_WORKERS)),
    "leadership:pipeline_region": Row(kwargs=lambda w: {"region": "chicago"}, expect=only(*CHICAGO)),
    "leadership:suggestion_accept": _post(lambda w: {"pk": w["suggestion"].pk}),
    "leadership:suggestion_dismiss": _post(lambda w: {"pk": w["suggestion"].pk}),
    "leadership:development_mine": Row(expect=only("member")),
    "leadership:development_detail": Row(kwargs=_leader, expect=only(*CHICAGO)),
    "leadership:development_move": Row(kwargs=_leader, expect=only(*CHICAGO)),
    "leadership:training_completion_create": Row(kwargs=_leader, expect=only(*CHICAGO)),
    "leadership:milestone_create": Row(kwargs=_leader, expect=only(*CHICAGO)),
    "leadership:mentorship_create": Row(kwargs=_leader, expect=only(*CHICAGO)),
    "leadership:mentorship_check_in": Row(kwargs=lambda w: {"pk": w["mentorship"].pk}, expect=only(*CHICAGO)),
    "leadership:mentorship_end": _post(lambda w: {"pk": w["mentorship"].pk}),
    # The training catalogue is staff's; the ladder's stages and criteria are the admins'.
    "leadership:training_list": Row(expect=only(*STAFF)),
    "leadership:training_create": Row(expect=only(*STAFF)),
    "leadership:training_update": Row(kwargs=lambda w: {"pk": w["training"].pk}, expect=only(*STAFF)),
    "leadership:training_retire": Row(kwargs=lambda w: {"pk": w["training"].pk}, method="post",
                                      expect=only(*STAFF, status=302)),
    "leadership:stage_list": Row(expect=only("admin")),
    "leadership:stage_create": Row(expect=only("admin")),
    "leadership:stage_update": Row(kwargs=lambda w: {"pk": w["stage"].pk}, expect=only("admin")),
    "leadership:stage_move": Row(kwargs=lambda w: {"pk": w["stage"].pk}, method="post",
                                 data=lambda w: {"direction": "down"}, expect=only("admin", status=302)),
    "leadership:stage_retire": Row(kwargs=lambda w: {"pk": w["stage"].pk}, method="post",
                                   expect=only("admin", status=302)),
}
