"""The stories sections other pages show: a person's development page (coalition.home.DEVELOPMENT_PANELS), a
campaign's page (CAMPAIGN_PANELS) and a campaign's public toolkit (TOOLKIT_PANELS)."""

from __future__ import annotations

from typing import Any

from coalition import access
from coalition.home import Panel
from stories import selectors


def development_stories_panel(user: Any, person: Any) -> Panel | None:
    """The person's stories with live consent, for whoever may read stories; recording one for whoever may
    change the person."""
    if not access.story_audiences(user):
        return None
    return Panel("stories/partials/development_stories.html", {
        "person": person,
        "stories": selectors.person_stories(actor=user, person=person),
        "may_manage": access.may_manage_stories(user, person),
    })


def campaign_stories_panel(user: Any, campaign: Any) -> Panel | None:
    """The stories tied to a campaign that the user may read inside the coalition (the one consent rule), each
    naming its teller only where story_names_teller allows."""
    if not access.story_audiences(user):
        return None
    return Panel("stories/partials/campaign_stories.html", {
        "campaign": campaign, "stories": selectors.campaign_stories(actor=user, campaign=campaign),
    })


def toolkit_stories_panel(campaign: Any) -> Panel | None:
    """The stories tied to a campaign whose consent is public, for the toolkit page; nothing when there are none."""
    stories = selectors.public_campaign_stories(campaign=campaign)
    if not stories:
        return None
    return Panel("stories/partials/toolkit_stories.html", {"stories": stories})
