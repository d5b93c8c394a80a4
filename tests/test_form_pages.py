"""Every staff form page stays small with a statewide roster: 5,000 people and 600 organizations.

The pages are found from the URL x role matrix (every URL of the project has a row there): each GET that staff
(or, where only admins may, an admin) open with a form in its context is rendered and must be under 100 kB,
with no <select> of more than 250 options. A form that lists every person or organization in a <select> fails;
it should use a picker (coalition.pickers, docs/howto.md "Pick a person in a form").
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse

from coalition.models import County, Organization
from members.models import Person
from tests.test_permissions import ROWS, build_world

PEOPLE = 5_000
ORGANIZATIONS = 600
MAX_BYTES = 100_000
MAX_OPTIONS = 250
# URL names that are forms by their name: each must be found to have a form, or the detection is broken.
FORM_SUFFIXES = ("_create", "_update", "_add", "_new", "_edit", "_invite", "_move", "_check_in")


class SelectSizes(HTMLParser):
    """The number of options of every <select> on a page, by its name."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: dict[str, int] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "select":
            self._current = dict(attrs).get("name") or f"select-{len(self.sizes)}"
            self.sizes[self._current] = 0
        elif tag == "option" and self._current is not None:
            self.sizes[self._current] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._current = None


def _statewide(accounts: dict[str, Any]) -> None:
    counties = list(County.objects.select_related("region"))
    Person.objects.bulk_create(
        [Person(first_name=f"Person{n}", last_name=f"Statewide{n:05d}", county=counties[n % len(counties)],
                region=counties[n % len(counties)].region) for n in range(PEOPLE)],
        batch_size=1000,
    )
    Organization.objects.bulk_create(
        [Organization(name=f"Partner organization {n:04d}") for n in range(ORGANIZATIONS)], batch_size=1000)


def _forms_in(response: Any) -> list[str]:
    if response.context is None:
        return []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = []
    for context in contexts:
        for layer in getattr(context, "dicts", [context]):
            found.extend(key for key, value in layer.items() if isinstance(value, BaseForm))
    return sorted(set(found))


def _role_for(expect: dict[str, int]) -> str | None:
    for role in ("staff", "admin"):
        if expect.get(role) == 200:
            return role
    return None


@pytest.mark.scale
@pytest.mark.django_db
def test_every_staff_form_page_is_small_with_5000_people(accounts: dict[str, Any], regions: Any) -> None:
    world = build_world(accounts)
    _statewide(accounts)
    assert Person.objects.count() >= PEOPLE and Organization.objects.count() >= ORGANIZATIONS
    clients: dict[str, Client] = {}
    checked, problems, formless = [], [], []
    for name, row in sorted(ROWS.items()):
        role = _role_for(row.expect)
        if row.method != "get" or role is None:
            continue
        client = clients.setdefault(role, Client())
        client.force_login(accounts[role])
        url = reverse(name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        forms = _forms_in(response)
        if not forms:
            if name.endswith(FORM_SUFFIXES):
                formless.append(name)
            continue
        html = response.content.decode()
        sizes = SelectSizes()
        sizes.feed(html)
        big = {select: n for select, n in sizes.sizes.items() if n > MAX_OPTIONS}
        checked.append(name)
        if len(response.content) > MAX_BYTES:
            problems.append(f"{name} ({url}): {len(response.content):,} bytes")
        if big:
            problems.append(f"{name} ({url}): selects with more than {MAX_OPTIONS} options: {big}")
    assert not formless, f"form pages without a form in their context (is the detection broken?): {formless}"
    # The pickers' own forms are among those checked, so the test cannot pass by checking nothing.
    for name in ("coalition:campaigns:participation_create", "coalition:campaigns:lobby_visit_create",
                 "coalition:table_seat_add", "coalition:table_representative_add", "coalition:user_invite",
                 "leadership:mentorship_create", "members:person_create", "members:person_update"):
        assert name in checked, f"{name} was not checked"
    assert not problems, "\n".join(problems)
