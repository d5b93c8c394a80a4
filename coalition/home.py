"""The home page is made of panels, one or more per app: each app adds its function to PANELS.

A panel function takes the user and returns None (nothing to show) or a Panel with a template and its
context; it does its own reads through its app's selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# Dotted paths, in page order. Each app appends its own.
PANELS: list[str] = [
    "coalition.views.action_items_panel",  # the owner's open action items from table meetings
    "events.home.attendance_prompt_panel",  # "Record who came to ...": events the user planned that just ended
    "members.home.my_people_panel",  # follow-ups due, my people, my region's quiet people
    "leadership.home.mentorship_overdue_panel",  # mentorship check-ins overdue
    "events.home.member_events_panel",  # a member's own upcoming events
    "events.home.member_join_panel",  # public events of the member's region they can join in one tap
    "calls.home.calls_for_me_panel",  # the call lists a member was given the caller role for
    "leadership.home.my_development_panel",  # a member's own trainings and their next step on the ladder
]


# A person's development page is built the same way: sections from the apps above the page's own app, which
# it never imports. Each function takes the user and the person (already in the user's reach).
DEVELOPMENT_PANELS: list[str] = [
    "stories.panels.development_stories_panel",  # the person's stories, and recording a new one
]


# A person's page gets sections from the apps that stand on members (their events, for instance); members never
# imports them. Each function takes the user and the person (already in the user's reach).
PERSON_PANELS: list[str] = [
    "events.panels.person_events_panel",  # the person's RSVPs, and RSVPing them to an upcoming event
]


# An organization's page is built the same way: sections from apps above coalition (the events it hosts or co-hosts,
# for instance), which coalition never imports. Each function takes the user and the organization (already in the
# user's reach) and returns None or a Panel; an empty list shows nothing extra.
ORGANIZATION_PANELS: list[str] = [
    "events.home.organization_events_panel",  # the events the organization hosts or co-hosts
]


# A campaign's page is built the same way: sections from the apps above campaigns (stories), which campaigns never
# imports. Each function takes the user and the campaign (already in the user's reach).
CAMPAIGN_PANELS: list[str] = [
    "stories.panels.campaign_stories_panel",  # stories tied to the campaign, as far as their consent reaches
]

# The public toolkit page of a campaign: no one is signed in, so each function takes only the campaign.
TOOLKIT_PANELS: list[str] = [
    "stories.panels.toolkit_stories_panel",  # stories whose consent is public
]


def _shown(paths: list[str], *args: Any) -> list[Panel]:
    shown = []
    for dotted in paths:
        module_name, _, function_name = dotted.rpartition(".")
        panel = getattr(import_module(module_name), function_name)(*args)
        if panel is not None:
            shown.append(panel)
    return shown


def panels_for(user: Any) -> list[Panel]:
    """The panels this user sees on their home page, in order."""
    return _shown(PANELS, user)


def development_panels_for(user: Any, person: Any) -> list[Panel]:
    """The sections other apps add to this person's development page for this user, in order."""
    return _shown(DEVELOPMENT_PANELS, user, person)


def person_panels_for(user: Any, person: Any) -> list[Panel]:
    """The sections other apps add to this person's page for this user, in order."""
    return _shown(PERSON_PANELS, user, person)


def organization_panels_for(user: Any, organization: Any) -> list[Panel]:
    """The sections other apps add to this organization's page for this user, in order."""
    return _shown(ORGANIZATION_PANELS, user, organization)


def campaign_panels_for(user: Any, campaign: Any) -> list[Panel]:
    """The sections other apps add to this campaign's page for this user, in order."""
    return _shown(CAMPAIGN_PANELS, user, campaign)


def toolkit_panels_for(campaign: Any) -> list[Panel]:
    """The sections other apps add to a campaign's public toolkit page, in order."""
    return _shown(TOOLKIT_PANELS, campaign)
