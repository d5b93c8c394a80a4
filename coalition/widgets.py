"""Widgets written in one pass of Python instead of through the form renderer's templates.

Django draws every widget by rendering `django/forms/widgets/*.html` (an include per attribute list): fine for a
form page, heavy on a list page that carries a few forms on every keystroke (the people list: its filters, the
bulk-tag and save-the-list forms). These write the same markup as Django's templates, attribute for attribute.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class QuickSelect(forms.Select):
    """A single select, its options written in one pass (100 counties among them)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = set(self.format_value(value))
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in selected else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class QuickHiddenInput(forms.HiddenInput):
    """A hidden input, as django/forms/widgets/input.html writes it."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        shown = self.format_value(value)
        return format_html('<input type="hidden" name="{}"{}{}>', name,
                           format_html(' value="{}"', shown) if shown is not None else "",
                           flatatt(self.build_attrs(self.attrs, attrs)))


class QuickTextInput(forms.TextInput):
    """A one-line text input, as django/forms/widgets/input.html writes it."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        shown = self.format_value(value)
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name,
                           format_html(' value="{}"', shown) if shown is not None else "",
                           flatatt(self.build_attrs(self.attrs, attrs)))


class QuickTextarea(forms.Textarea):
    """A textarea, as django/forms/widgets/textarea.html writes it (a line feed after the opening tag)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        shown = self.format_value(value)
        return format_html('<textarea name="{}"{}>\n{}</textarea>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)), shown if shown is not None else "")
