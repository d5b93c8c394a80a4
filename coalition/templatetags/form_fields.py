"""`{% field_widget field %}`: a form field's widget with the attributes phones and assistive technology need.

The forms partial (templates/partials/_form_fields.html) draws every field through it, so a new form gets, without
any code of its own: the keyboard and autofill a phone offers for phones, emails, names and dates (keyed on the
field's type and name), and Django's own `aria-invalid` and `aria-describedby` for errors and help.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.safestring import SafeString

register = template.Library()

# Field name -> the autocomplete token browsers know. Most of our forms are about someone else (an organizer adds a
# person), so the browser must not offer the organizer's own name or phone there: those fields get
# autocomplete="off" unless the form says it is about the person filling it in (`autofill_self = True`, as on
# a member's own contact page or a public RSVP). What a form sets on its widget always wins.
_PERSON_TOKENS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(^|_)first_name$"), "given-name"),
    (re.compile(r"(^|_)last_name$"), "family-name"),
    (re.compile(r"(^|_)preferred_name$"), "nickname"),
    (re.compile(r"(^|_)email$"), "email"),
    (re.compile(r"(^|_)(phone|mobile|phone_number)$"), "tel"),
]
_SELF_ONLY_TOKENS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(full_)?name$"), "name"),
    (re.compile(r"(^|_)(postal_code|zip|zip_code)$"), "postal-code"),
]
_PHONE_NAME = re.compile(r"(^|_)(phone|mobile|phone_number)$")


def _is_plain_text(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.TextInput) and getattr(widget, "input_type", "") == "text"


def phone_attrs(bound: BoundField) -> tuple[forms.Widget, dict[str, str | bool]]:
    """The widget to draw (a copy when its input type changes) and the attributes to add to it."""
    field, widget = bound.field, bound.field.widget
    attrs: dict[str, str | bool] = {}
    name = bound.name
    if isinstance(widget, forms.DateInput) and widget.input_type == "text":
        # A text box for a date: the phone's date picker instead, which sends ISO dates in every language.
        widget = copy.copy(widget)
        widget.input_type = "date"
        widget.format = "%Y-%m-%d"
    elif isinstance(field, forms.EmailField) or isinstance(widget, forms.EmailInput):
        attrs.update(inputmode="email", autocapitalize="off", spellcheck="false")
    elif _PHONE_NAME.search(name) or getattr(widget, "input_type", "") == "tel":
        if _is_plain_text(widget):
            widget = copy.copy(widget)
            widget.input_type = "tel"
        attrs["inputmode"] = "tel"
    elif isinstance(field, forms.IntegerField) and not isinstance(widget, (forms.Select, forms.HiddenInput)):
        attrs["inputmode"] = "numeric"
    if re.search(r"(^|_)(first_name|last_name|preferred_name)$|^(full_)?name$", name) and _is_plain_text(widget):
        attrs.setdefault("autocapitalize", "words")
        attrs.setdefault("spellcheck", "false")
    if isinstance(widget, Input) and not isinstance(widget, (forms.PasswordInput, forms.HiddenInput)):
        about_self = bool(getattr(bound.form, "autofill_self", False))
        for pattern, token in _PERSON_TOKENS:
            if pattern.search(name):
                attrs["autocomplete"] = token if about_self else "off"
                break
        else:
            for pattern, token in _SELF_ONLY_TOKENS:
                if about_self and pattern.search(name):
                    attrs["autocomplete"] = token
                    break
    # What the form itself says wins over the defaults.
    for key in list(attrs):
        if key in widget.attrs:
            del attrs[key]
    return widget, attrs


@register.simple_tag
def field_widget(bound: BoundField) -> SafeString:
    """Render `bound`'s widget with phone_attrs; Django adds aria-invalid and aria-describedby itself."""
    widget, attrs = phone_attrs(bound)
    result: Any = bound.as_widget(widget=widget, attrs=attrs)
    return result


@register.simple_tag
def bound_field(form: forms.Form, name: str) -> BoundField:
    """`{% bound_field form "q" as field %}`: one field of a form, by name."""
    return form[name]


@register.simple_tag
def filters_on(form: forms.Form, exclude: str = "") -> int:
    """How many of a bound filter form's fields (but `exclude`, the search box) have a value: the "Filters (2 on)"."""
    if not form.is_bound:
        return 0
    data = form.data

    def values(name: str) -> list[Any]:
        return list(data.getlist(name)) if hasattr(data, "getlist") else [data.get(name)]

    return sum(1 for name in form.fields
               if name != exclude and any(str(v).strip() for v in values(name) if v is not None))
