"""What stories erases when a person is forgotten (coalition/forget.py runs it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coalition.forget import Forgetting, Step
from members.models import StorySharing
from stories.models import MediaAppearance, Story


def _stories(f: Forgetting) -> int:
    """Their stories are withdrawn (consent revoked, which hides a story everywhere) and their words erased. The
    rows stay, so a campaign's count of stories gathered does not change."""
    mine = Story.objects.filter(person_id=f.person_id)
    MediaAppearance.objects.filter(story__in=mine).update(link="")
    return mine.update(title="", text="", consent_level=StorySharing.INTERNAL,
                       media_readiness=Story.Readiness.NOT_READY, revoked_at=f.now, expires_on=None)


STEPS = [
    Step("stories", _("Their stories are withdrawn and their words erased; links to where they appeared are "
                      "dropped"), _stories),
]
