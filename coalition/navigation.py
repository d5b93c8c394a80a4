"""The navigation, by role. Each app adds its entries here; the policy decides who sees them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from django.urls import NoReverseMatch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.models import User
from coalition.urlcache import url_for


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool]


def _signed_in(user: Any) -> bool:
    return bool(user.is_authenticated)


NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "coalition:home", _signed_in),
    NavItem(_("How we reach you"), "members:contact_mine", access.may_see_own_record),
    NavItem(_("My development"), "leadership:development_mine", access.may_see_own_record),
    NavItem(_("People"), "members:person_list", access.may_work_with_people),
    NavItem(_("Lists"), "members:saved_list_list", access.may_keep_lists),
    NavItem(_("Events"), "events:event_list", access.may_work_with_people),
    NavItem(_("Broadcasts"), "messaging:broadcast_list", access.may_work_with_people),
    NavItem(_("Call lists"), "calls:call_list_list", access.may_work_with_people),
    NavItem(_("County map"), "reports:county_map", access.may_read_county_map),
    NavItem(_("Dashboard"), "reports:dashboard", access.may_read_dashboards),
    NavItem(_("Funder report"), "reports:funder_report", access.may_read_funder_report),
    NavItem(_("Pipeline"), "leadership:pipeline", access.may_work_with_people),
    NavItem(_("Tables"), "coalition:table_list", access.may_read_tables),
    NavItem(_("Campaigns"), "coalition:campaigns:campaign_list", access.may_read_campaigns),
    NavItem(_("Bills"), "coalition:campaigns:bill_list", access.may_read_campaigns),
    NavItem(_("Stories"), "stories:story_list", lambda u: bool(access.story_audiences(u))),
    NavItem(_("Resources"), "coalition:campaigns:resource_list", access.may_read_resources),
    NavItem(_("Organizations"), "coalition:organization_list", access.may_read_organizations),
    NavItem(_("Duplicates"), "members:duplicate_list", access.may_work_with_people),
    NavItem(_("Imports"), "members:import_list", access.may_work_with_people),
    NavItem(_("Tags"), "members:tag_list", access.may_read_tags),
    NavItem(_("Audiences"), "members:audience_pick", access.may_pick_audiences),
    NavItem(_("Referrals"), "members:referral_list", access.may_work_with_people),
    NavItem(_("Regions"), "coalition:region_list", access.may_work_with_people),
    NavItem(_("Invite"), "coalition:user_invite", access.may_invite),
    NavItem(_("Inbox"), "messaging:inbox", access.may_use_inbox),
    NavItem(_("Outbox"), "messaging:outbox", access.may_view_outbox),
    NavItem(_("Audit log"), "coalition:audit_list", access.may_read_audit_log),
    NavItem(_("Retention"), "coalition:retention", access.may_read_audit_log),
    NavItem(_("Forget requests"), "members:forget_request_list", access.may_record_forget_request),
    NavItem(_("Back office"), "admin:index", access.may_use_back_office),
]


# The bottom bar on a phone: each role's four most used places, by URL name, in this order. An entry shows only when
# the role also sees it in NAVIGATION (the policy predicates above decide), so a shortcut never reveals a page.
SHORTCUTS: dict[str, tuple[str, ...]] = {
    User.Role.ADMIN: ("coalition:home", "members:person_list", "coalition:region_list", "coalition:audit_list"),
    User.Role.STAFF: ("coalition:home", "members:person_list", "events:event_list", "coalition:table_list"),
    User.Role.ORGANIZER: ("coalition:home", "members:person_list", "events:event_list", "leadership:pipeline"),
    User.Role.PARTNER: ("coalition:home", "coalition:table_list", "coalition:campaigns:resource_list",
                "coalition:organization_list"),
    User.Role.MEMBER: ("coalition:home", "members:contact_mine", "leadership:development_mine",
               "coalition:campaigns:resource_list"),
}
# Shorter labels for the bottom bar, where four sit side by side on a 360 px screen.
SHORT_LABELS: dict[str, str | Promise] = {
    "coalition:organization_list": _("Orgs"),
}


class NavEntry(TypedDict):
    label: str | Promise
    url: str
    current: bool
    name: str


def nav_for(user: Any, current_path: str = "") -> list[NavEntry]:
    """The entries this user sees, with their URLs and whether each is the current page."""
    items: list[NavEntry] = []
    for item in NAVIGATION:
        if not item.visible(user):
            continue
        try:
            url = url_for(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "current": False, "name": item.url_name})
    # The current entry is the one whose URL is the longest prefix of the path (/people/stories/ is Stories).
    matches = [entry for entry in items if current_path == entry["url"] or
               (entry["url"] != "/" and current_path.startswith(entry["url"]))]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["current"] = True
    return items


def shortcuts_for(user: Any, entries: list[NavEntry]) -> list[NavEntry]:
    """The bottom bar: the user's role's SHORTCUTS among the `entries` they see (nav_for's), with short labels."""
    by_name = {entry["name"]: entry for entry in entries}
    names = SHORTCUTS.get(getattr(user, "role", ""), ())
    return [{**by_name[name], "label": SHORT_LABELS.get(name, by_name[name]["label"])}
            for name in names if name in by_name]
