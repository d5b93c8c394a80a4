"""As-you-type pickers: form fields that choose a person or an organization without a <select> of everyone.

The widget is a labelled text box (an ARIA combobox; `static/js/picker.js` drives it) whose matches come from a
search endpoint through htmx, and a hidden input with the chosen id. Without JavaScript the box's "Search"
button sends the form back: the page comes back with the other fields as typed and the matches as radio
buttons (checkboxes for the multiple variant). Nothing is saved on a search (`coalition.formflow.submit` knows).

The typed text travels as `<name>_search`, the text the page showed as `<name>_shown`: text changed since the
page was drawn means the person typed a new name, which is a search, never a silent save of the old choice.
How to use them: docs/howto.md, "Pick a person in a form".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.forms.utils import ErrorDict, flatatt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coalition import access

if TYPE_CHECKING:
    from coalition.access import Actor

SEARCH_BUTTON = "_pick"  # the no-JavaScript search button's name; its value names the field searched
SEARCH_SUFFIX = "_search"
SHOWN_SUFFIX = "_shown"
RESULTS = 10  # the most matches a picker lists
MIN_QUERY = 2  # fewer characters than this find nobody (one letter matches half the state)


@dataclass(frozen=True)
class Choice:
    """One person or organization as a picker shows it: the id, the name, and a few plain facts to tell
    namesakes apart (a region, the last digits of a phone), never anything sensitive."""

    pk: int
    label: str
    detail: str = ""


def searched_field(data: Mapping[str, Any] | None) -> str:
    """The name of the field whose "Search" button (no JavaScript) sent the form, or ""."""
    return str(data.get(SEARCH_BUTTON) or "") if data else ""


def show_search_step(form: BaseForm, name: str) -> None:
    """After a picker's search: the form comes back as typed with the matches, and only that field speaks (the
    other fields were not submitted yet, so their errors would be noise). The form stays invalid: the field
    searched always raises, so nothing is ever saved on a search."""
    kept = {key: value for key, value in form.errors.items() if form.add_prefix(key) == name}
    form._errors = ErrorDict(kept)  # type: ignore[attr-defined]


class PickerWidget(forms.Widget):
    """The combobox, the hidden id(s), the no-JS search button and, after a search, the matches as inputs."""

    template_name = "partials/_picker.html"
    multiple = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.query: str | None = None  # what was typed, when the form is bound
        self.shown: str | None = None  # what the page showed in the box when it was drawn
        self.search_pressed = False
        self.matches: list[Choice] | None = None  # set by the field when it searched
        self.chosen: list[Choice] | None = None  # set by the field once it knows the chosen rows
        self.field: PickerMixin | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> PickerWidget:
        copy = super().__deepcopy__(memo)
        copy.field = None  # the field re-attaches its own copy
        return copy

    def use_required_attribute(self, initial: Any) -> bool:
        # The text box is not the value: a required box would block the no-JS search step in the browser.
        return False

    def id_for_label(self, id_: str) -> str:
        return id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.query = (data.get(name + SEARCH_SUFFIX) or "").strip() if name + SEARCH_SUFFIX in data else None
        self.shown = (data.get(name + SHOWN_SUFFIX) or "").strip()
        self.search_pressed = data.get(SEARCH_BUTTON) == name
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + SEARCH_SUFFIX not in data

    def wants_search(self) -> bool:
        """Search rather than take the posted id: the search button, or a name typed since the page was drawn."""
        if self.query is None:
            return False
        return self.search_pressed or (bool(self.query) and self.query != self.shown)

    def cleared(self) -> bool:
        """The box was emptied since the page was drawn: the person means nobody."""
        return self.query == "" and bool(self.shown) and not self.multiple

    def _ids(self, value: Any) -> list[str]:
        if value in (None, "", [], ()):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if str(v).isdigit()]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        field = self.field
        chosen = self.chosen
        if chosen is None:
            ids = self._ids(value)
            chosen = field.describe(ids) if field is not None and ids else []
        chosen_ids = {c.pk for c in chosen}
        matches = [m for m in self.matches or [] if m.pk not in chosen_ids]
        searched = self.matches is not None
        if self.multiple:
            options = [{"choice": m, "checked": False} for m in matches]
        else:
            options = [{"choice": c, "checked": True} for c in chosen] + [{"choice": m, "checked": False}
                                                                          for m in matches]
        if self.query is not None:
            text = self.query
        else:
            text = chosen[0].label if chosen and not self.multiple else ""
        box_attrs = dict(context["widget"]["attrs"])
        box_id = box_attrs.get("id") or f"id_{name}"
        box_attrs["id"] = box_id
        box_attrs["aria-describedby"] = " ".join(
            filter(None, [box_attrs.get("aria-describedby", ""), f"{box_id}_hint"]))
        url = reverse(field.endpoint) if field is not None else ""
        context.update({
            "box_id": box_id, "attrs_html": flatatt(box_attrs), "text": text, "chosen": chosen,
            "options": options, "searched": searched, "query": self.query or "", "multiple": self.multiple,
            "search_name": name + SEARCH_SUFFIX, "shown_name": name + SHOWN_SUFFIX, "search_button": SEARCH_BUTTON,
            "url": f"{url}?field={name}&id={box_id}",
            "hint": field.hint if field is not None else "",
            "listbox_label": field.listbox_label if field is not None else "",
        })
        return context

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        # The project's template engine, not the form renderer's: the template lives in templates/partials/.
        return SafeString(render_to_string(self.template_name, self.get_context(name, value, attrs)))


class MultiplePickerWidget(PickerWidget):
    multiple = True


class PickerMixin:
    """What a picker field adds to a model choice field: a policy scope, a search and the labels of the chosen."""

    endpoint = ""  # the URL name of the search endpoint the widget asks as the person types
    hint: Any = ""  # the line under the box
    listbox_label: Any = ""  # the name of the list of matches
    widget: Any  # a PickerWidget; the field classes below say which
    queryset: Any
    error_messages: dict[str, Any]
    actor: Actor | None

    def _attach(self) -> None:
        self.widget.field = self

    def default_scope(self, actor: Actor | None) -> QuerySet[Any]:
        raise NotImplementedError

    def for_actor(self, actor: Actor | None, scope: QuerySet[Any] | None = None) -> None:
        """Give a field declared on the form class its actor and scope, in the form's __init__."""
        self.actor = actor
        self.queryset = self.default_scope(actor) if scope is None else scope

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)  # type: ignore[misc]
        result._attach()
        return result

    def search(self, query: str) -> list[Choice]:
        raise NotImplementedError

    def describe(self, ids: Sequence[str]) -> list[Choice]:
        raise NotImplementedError

    def _search_step(self) -> None:
        """Search for what was typed and stop the save: the field's message says to choose among the matches."""
        query = self.widget.query or ""
        self.widget.matches = self.search(query) if len(query) >= MIN_QUERY else []
        if not self.widget.matches:
            raise ValidationError(self.error_messages["none_found"], code="none_found", params={"query": query})
        raise ValidationError(self.error_messages["choose_found"], code="choose_found", params={"query": query})


class PersonPickerMixin(PickerMixin):
    endpoint = "members:person_pick"
    hint = _("Type part of a name or a phone number, then choose the person.")
    listbox_label = _("People found")

    def default_scope(self, actor: Actor | None) -> QuerySet[Any]:
        return access.people_work_scope(actor)

    def search(self, query: str) -> list[Choice]:
        # The people page's own search and ranking (members.selectors), inside this field's scope.
        from members.selectors import person_pick

        return person_pick(actor=self.actor, query=query, scope=self.queryset, limit=RESULTS)

    def describe(self, ids: Sequence[str]) -> list[Choice]:
        from members.selectors import person_pick_describe

        return person_pick_describe(actor=self.actor, ids=ids, scope=self.queryset)


class OrganizationPickerMixin(PickerMixin):
    endpoint = "coalition:organization_pick"
    hint = _("Type part of the organization's name, then choose it.")
    listbox_label = _("Organizations found")

    def default_scope(self, actor: Actor | None) -> QuerySet[Any]:
        return access.organization_scope(actor)

    def search(self, query: str) -> list[Choice]:
        from coalition.selectors import organization_pick

        return organization_pick(actor=self.actor, query=query, scope=self.queryset, limit=RESULTS)

    def describe(self, ids: Sequence[str]) -> list[Choice]:
        from coalition.selectors import organization_pick_describe

        return organization_pick_describe(actor=self.actor, ids=ids, scope=self.queryset)


PERSON_MESSAGES = {
    "invalid_choice": _("Choose a person who is in the system."),
    "required": _("Type a name or phone number, then choose the person."),
    "choose_found": _("Choose one of the people found for “%(query)s”."),
    "none_found": _("Nobody you can reach matches “%(query)s”. Check the spelling, or add the person first."),
}
ORGANIZATION_MESSAGES = {
    "invalid_choice": _("Choose an organization that is in the system."),
    "required": _("Type a name, then choose the organization."),
    "choose_found": _("Choose one of the organizations found for “%(query)s”."),
    "none_found": _("No organization matches “%(query)s”. Check the spelling, or add the organization first."),
}


class _SinglePicker(forms.ModelChoiceField):
    widget = PickerWidget
    messages: dict[str, Any] = {}

    def __init__(self, *, actor: Actor | None = None, scope: QuerySet[Any] | None = None, **kwargs: Any) -> None:
        kwargs["error_messages"] = {**self.messages, **kwargs.get("error_messages", {})}
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=self.default_scope(actor) if scope is None else scope,  # type: ignore[attr-defined]
                         **kwargs)
        self.actor = actor
        self._attach()  # type: ignore[attr-defined]

    def clean(self, value: Any) -> Any:
        widget: PickerWidget = self.widget  # type: ignore[assignment]
        if widget.wants_search():
            self._search_step()  # type: ignore[attr-defined]
        if widget.cleared():
            value = None
        obj = super().clean(value)
        widget.chosen = [] if obj is None else self.describe([str(obj.pk)])  # type: ignore[attr-defined]
        return obj


class _MultiplePicker(forms.ModelMultipleChoiceField):
    widget = MultiplePickerWidget
    messages: dict[str, Any] = {}

    def __init__(self, *, actor: Actor | None = None, scope: QuerySet[Any] | None = None, **kwargs: Any) -> None:
        kwargs["error_messages"] = {**self.messages, "invalid_pk_value": self.messages["invalid_choice"],
                                    **kwargs.get("error_messages", {})}
        super().__init__(queryset=self.default_scope(actor) if scope is None else scope,  # type: ignore[attr-defined]
                         **kwargs)
        self.actor = actor
        self._attach()  # type: ignore[attr-defined]

    def clean(self, value: Any) -> Any:
        widget: PickerWidget = self.widget  # type: ignore[assignment]
        # What was already chosen stays on the page through a search.
        widget.chosen = self.describe(widget._ids(value)) if value else []  # type: ignore[attr-defined]
        if widget.wants_search():
            self._search_step()  # type: ignore[attr-defined]
        try:
            return super().clean(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                # One message, whatever the reason: never whether the id exists out of reach.
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error
            raise


class PersonChoiceField(PersonPickerMixin, _SinglePicker):
    """Choose one person: `PersonChoiceField(actor=actor, scope=access.person_scope(actor), label=...)`; the scope
    defaults to access.people_work_scope(actor). An id outside it answers "Choose a person who is in the
    system." and nothing else."""

    messages = PERSON_MESSAGES


class PersonMultipleChoiceField(PersonPickerMixin, _MultiplePicker):
    """Choose several people ("who went"): checked boxes of the chosen, a search box to add one more."""

    messages = PERSON_MESSAGES


class OrganizationChoiceField(OrganizationPickerMixin, _SinglePicker):
    """Choose one organization among `scope` (default access.organization_scope(actor))."""

    messages = ORGANIZATION_MESSAGES


# The search endpoints' answer -------------------------------------------------------------------------------

_SAFE_NAME = re.compile(r"^[A-Za-z][\w-]{0,80}$")


@dataclass(frozen=True)
class PickRequest:
    """What a picker's box asks its endpoint: the text typed and the ids its options must carry."""

    query: str
    box_id: str

    @property
    def searchable(self) -> bool:
        """Long enough to search: shorter text finds nobody."""
        return len(self.query) >= MIN_QUERY


def pick_request(request: HttpRequest) -> PickRequest:
    """Read an endpoint's query string: `field` (the form field's name; the text is its `<field>_search`, as the
    htmx box sends it) and `id` (the box's id, the options' id prefix). Anything odd is ignored, not echoed."""
    field = request.GET.get("field", "")
    box_id = request.GET.get("id", "")
    if not _SAFE_NAME.match(box_id):
        box_id = "picker"
    text = request.GET.get(field + SEARCH_SUFFIX, "") if _SAFE_NAME.match(field) else ""
    return PickRequest(query=(text or request.GET.get("q", "")).strip()[:100], box_id=box_id)


def results_response(request: HttpRequest, asked: PickRequest, choices: list[Choice], nothing: str) -> HttpResponse:
    """The options of a picker's listbox, and the sentence its live region reads out (`nothing` when none)."""
    if len(asked.query) < MIN_QUERY:
        status = gettext("Type at least %(count)s letters or digits.") % {"count": MIN_QUERY}
    elif not choices:
        status = nothing
    else:
        status = ngettext("%(count)s match. Use the up and down arrows to choose, then Enter.",
                          "%(count)s matches. Use the up and down arrows to choose, then Enter.",
                          len(choices)) % {"count": len(choices)}
    return render(request, "partials/_picker_results.html",
                  {"choices": choices, "box_id": asked.box_id, "status": status})
