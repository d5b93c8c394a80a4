"""Words staff type in both languages: a field pair `<field>` (English, as required as before) and `<field>_es`
(Spanish, optional), for titles, names and descriptions that members read (docs/architecture.md, "Content in two
languages").

The model mixes in `Bilingual` and names its pairs in `bilingual_fields`; pages show `{{ event|localized:"title" }}`
(coalition/templatetags/bilingual.py), code calls `event.localized("title")`, and staff forms mix in
`BilingualFormMixin` so each Spanish field sits right after its English one with a clear label. Messages are
composed inside `translation.override(person's language)`, so the same call gives the reader's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SPANISH_SUFFIX = "_es"


def is_spanish(language: str | None = None) -> bool:
    """Whether `language` (the active one when None) is Spanish."""
    return (get_language() if language is None else language or "").startswith("es")


def localized_value(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>_es` when the language is Spanish and it is filled in, else `obj.<field>` (English).

    Works on model instances and on the dictionaries of `values()` queries; an object without the Spanish
    attribute answers its English value."""
    if isinstance(obj, Mapping):
        english, spanish = obj.get(field, ""), obj.get(field + SPANISH_SUFFIX, "")
    else:
        english, spanish = getattr(obj, field, ""), getattr(obj, field + SPANISH_SUFFIX, "")
    if spanish and is_spanish(language):
        return str(spanish)
    return "" if english is None else str(english)


class Bilingual:
    """Mixin for models with English/Spanish field pairs. `bilingual_fields` names the English fields; each has a
    `<field>_es` column next to it. Its `__str__` should show `self.localized(<name field>)`, so choice lists
    and `{{ obj }}` read in the page's language."""

    bilingual_fields: ClassVar[tuple[str, ...]] = ()

    def localized(self, field: str, language: str | None = None) -> str:
        """The field in `language` (the active language when None), English when the Spanish is empty."""
        return localized_value(self, field, language)


def spanish_label(label: Any) -> str:
    """ "Title" -> "Title in Spanish (optional)", translated."""
    return _("%(label)s in Spanish (optional)") % {"label": label}


class BilingualFormMixin:
    """For forms (plain or model forms) holding `<field>` and `<field>_es` fields: puts each Spanish field right
    after its English one, labels it "<label> in Spanish (optional)", makes it optional and marks its input
    `lang="es"` (screen readers then read it in Spanish)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual_form_setup(self)


def bilingual_form_setup(form: Any) -> None:
    """Order, label and mark the Spanish fields of `form` (see BilingualFormMixin)."""
    order: list[str] = []
    for name in list(form.fields):
        if name.endswith(SPANISH_SUFFIX) and name[: -len(SPANISH_SUFFIX)] in form.fields:
            continue
        order.append(name)
        spanish = name + SPANISH_SUFFIX
        if spanish in form.fields:
            order.append(spanish)
            field = form.fields[spanish]
            field.label = spanish_label(form.fields[name].label or name.replace("_", " ").capitalize())
            field.required = False
            field.widget.attrs["lang"] = "es"
            if not field.help_text:
                field.help_text = _("Shown to people reading in Spanish; when empty they see the English.")
    form.fields = {name: form.fields[name] for name in order}


def spanish_field(english: forms.Field) -> forms.Field:
    """A Spanish twin of a declared form field (plain forms): same kind, widget and length, optional."""
    kwargs: dict[str, Any] = {"required": False, "widget": type(english.widget)(attrs=dict(english.widget.attrs))}
    max_length = getattr(english, "max_length", None)
    if max_length is not None:
        kwargs["max_length"] = max_length
    return forms.CharField(**kwargs)
