"""The cached URLs are exactly what `reverse` gives."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from coalition.urlcache import url_for, url_with_pk


@pytest.mark.parametrize("name", ["members:person_detail", "members:interaction_create", "events:event_detail",
                                  "coalition:organization_detail"])
@pytest.mark.parametrize("pk", [1, 7, 42, 1234567])
def test_url_with_pk_matches_reverse(name: str, pk: int) -> None:
    assert url_with_pk(name, pk) == reverse(name, args=[pk])


def test_url_for_and_the_template_filter() -> None:
    assert url_for("members:person_list") == reverse("members:person_list")
    rendered = Template('{% load urls %}{{ 12|pk_url:"members:person_detail" }}').render(Context({}))
    assert rendered == reverse("members:person_detail", args=[12])


def test_a_pk_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError):
        url_with_pk("members:person_detail", "12/../../admin")
