"""Permission-matrix rows for the story pages: a Chicago teller's story told at partners level, which every
organizer and the partner may read; only staff, admins and the Chicago organizer record or change it."""

from __future__ import annotations

from typing import Any

from members.models import StorySharing
from tests.matrix import LOGIN, PEOPLE_WORKERS, Row, only
from tests.members.factories import PersonFactory
from tests.stories.factories import StoryFactory

CHICAGO = ("admin", "staff", "organizer_chicago")


def world(base: dict[str, Any]) -> dict[str, Any]:
    """A Chicago teller who agreed to public sharing, and their story told at partners level."""
    teller = PersonFactory(first_name="Rosalind", last_name="Achebe", story_sharing=StorySharing.PUBLIC)
    story = StoryFactory(person=teller, title="Home again", text="…", consent_level=StorySharing.PARTNERS)
    return {"teller": teller, "story": story}


def _teller(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["teller"].pk}


def _story(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["story"].pk}


def _post(kwargs: Any) -> Row:
    expect = only(*CHICAGO, status=302)
    expect["anon"] = LOGIN
    return Row(method="post", kwargs=kwargs, expect=expect)


ROWS: dict[str, Row] = {
    "stories:story_list": Row(expect=only(*PEOPLE_WORKERS, "partner")),
    "stories:story_export": Row(expect=only(*PEOPLE_WORKERS, "partner")),
    # A partners-level story: every organizer and the partner may read it; members may not.
    "stories:story_detail": Row(kwargs=_story, expect=only(*PEOPLE_WORKERS, "partner")),
    "stories:story_create": Row(kwargs=_teller, expect=only(*CHICAGO)),
    "stories:story_update": Row(kwargs=_story, expect=only(*CHICAGO)),
    "stories:story_revoke": _post(_story),
    "stories:story_appearance_create": Row(kwargs=_story, expect=only(*CHICAGO)),
}
