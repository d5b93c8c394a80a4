"""`{% person_cards people bulk %}`: the people list's rows, written in one pass of Python.

The list draws 25 cards on every keystroke of a search; through the template language each card cost as much as
the page's SQL (a dozen variable lookups, three `blocktranslate`s and a `timesince`). This writes the same markup,
with the same translations (the catalogue's msgids are the ones the template used), reading each text once per
page instead of once per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext

from coalition.bilingual import localized_value
from coalition.urlcache import url_with_pk

register = template.Library()


def _phones_or_reach(person: Any, reach_through: str) -> str:
    phones = getattr(person, "working_phones", None)
    if phones is None:
        phones = [phone for phone in person.phones.all() if phone.stopped_working_on is None]
    if phones:
        return ", ".join(str(conditional_escape(phone.number.as_national)) for phone in phones)
    if person.reach_through:
        return f"{reach_through} {conditional_escape(person.reach_through_name or person.get_reach_through_display())}"
    return ""


@register.simple_tag
def person_cards(people: Iterable[Any], bulk: Any = None) -> SafeString:
    """The `<li class="card">` of each person (their phones, county, stage, organizer, last contact and tags, and
    the "Log a contact" link); `bulk` adds the tick box the bulk-tag form reads."""
    # msgids of templates/members/partials/_person_rows.html's former per-row blocks, read once per page.
    select = gettext("Select %(name)s")
    last_contact = gettext("last contact %(when)s ago")
    log_contact = gettext('Log a contact<span class="visually-hidden"> with %(name)s</span>')
    never = conditional_escape(gettext("never contacted"))
    no_county = conditional_escape(gettext("No county"))
    reach_through = conditional_escape(gettext("Reach through:"))
    cards = []
    for person in people:
        pk = int(person.pk)
        name = conditional_escape(person.display_name)
        pick = (format_html('<span class="bulk-pick"><input type="checkbox" name="bulk-person" value="{}" '
                            'id="pick-{}"><label for="pick-{}"><span class="visually-hidden">{}</span></label></span>',
                            pk, pk, pk, mark_safe(select % {"name": name}))  # noqa: S308 (escaped above)
                if bulk else "")
        first = (format_html(' <span class="meta-inline">({})</span>', person.first_name)
                 if person.preferred_name else "")
        email = format_html(" · {}", person.email) if person.email else ""
        county = conditional_escape(person.county.name) if person.county and person.county.name else no_county
        stage = format_html(" · {}", localized_value(person.stage, "name")) if person.stage else ""
        organizer = (format_html(" · {}", person.assigned_organizer.get_full_name())
                     if person.assigned_organizer else "")
        when = (last_contact % {"when": conditional_escape(timesince(person.last_contact_at))}
                if person.last_contact_at else never)
        tags = "".join(f'<span class="badge">{conditional_escape(tag)}</span> ' for tag in person.tags.all())
        cards.append(
            f'<li class="card">\n{pick}\n'
            f'<a href="{url_with_pk("members:person_detail", pk)}">{name}{first}</a>\n'
            f'<span class="meta">\n{_phones_or_reach(person, reach_through)}\n{email}\n</span>\n'
            f'<span class="meta">{county}{stage}{organizer}\n· {when}</span>\n'
            f'{tags}\n'
            f'<a class="button button--quiet" href="{url_with_pk("members:interaction_create", pk)}">'
            f'{log_contact % {"name": name}}</a>\n</li>\n'
        )
    return mark_safe("".join(cards))  # noqa: S308 (every value is escaped above)
