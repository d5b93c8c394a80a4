"""`{{ person.pk|pk_url:"members:person_detail" }}`: a row's link without a `reverse` per row."""

from __future__ import annotations

from django import template

from coalition.urlcache import url_with_pk

register = template.Library()


@register.filter
def pk_url(pk: int | str, name: str) -> str:
    return url_with_pk(name, pk)
