"""The one flow of a form page: on a valid POST call a service, and show its ValidationError on the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from coalition import pickers

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What the service returned; always true, even when that is None."""

    value: T


def add_form_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def submit(request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], T],
           success: StrOrPromise | None = None) -> Saved[T] | None:
    """On a valid POST call `save` (a service) with a copy of the cleaned data; a ValidationError it raises is
    shown on the form. Returns Saved(result) after a success (adding the success message), None when the form
    is to be shown. A picker's "Search" button (coalition.pickers, without JavaScript) never saves: the form comes
    back as typed, with the matches."""
    if request.method != "POST":
        return None
    if not form.is_valid():
        if searched := pickers.searched_field(request.POST):
            pickers.show_search_step(form, searched)
        return None
    try:
        value = save(dict(form.cleaned_data))
    except ValidationError as error:
        add_form_errors(form, error)
        return None
    if success is not None:
        messages.success(request, success)
    return Saved(value)
