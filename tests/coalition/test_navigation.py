"""The bottom bar: each role's four most used places, never a page the role's navigation does not show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalition.navigation import SHORTCUTS, nav_for, shortcuts_for

pytestmark = pytest.mark.django_db

EXPECTED = {
    "coalition_admin": ["Home", "People", "Regions", "Audit log"],
    "staff": ["Home", "People", "Events", "Tables"],
    "organizer_chicago": ["Home", "People", "Events", "Pipeline"],
    "partner_rep": ["Home", "Tables", "Resources", "Orgs"],
    "member": ["Home", "How we reach you", "My development", "Resources"],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_gets_four_shortcuts_among_what_it_may_see(role: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(role)
    entries = nav_for(user, "/")
    shortcuts = shortcuts_for(user, entries)
    assert [str(entry["label"]) for entry in shortcuts] == EXPECTED[role]
    assert {entry["url"] for entry in shortcuts} <= {entry["url"] for entry in entries}


def test_a_shortcut_the_policy_hides_is_left_out(partner_rep) -> None:  # type: ignore[no-untyped-def]
    entries = [entry for entry in nav_for(partner_rep, "/") if entry["name"] != "coalition:table_list"]
    assert "Tables" not in [str(entry["label"]) for entry in shortcuts_for(partner_rep, entries)]
    assert all(len(names) == 4 for names in SHORTCUTS.values())


def test_the_page_marks_its_shortcut_current(client, organizer_chicago) -> None:  # type: ignore[no-untyped-def]
    client.force_login(organizer_chicago)
    response = client.get(reverse("members:person_list"))
    assert [str(e["label"]) for e in response.context["nav_shortcuts"] if e["current"]] == ["People"]
    assert str(response.context["nav_current"]["label"]) == "People"
    html = response.content.decode()
    bar = html[html.index('class="tab-bar"'):]
    assert 'aria-current="page"' in bar[: bar.index("</nav>")]
