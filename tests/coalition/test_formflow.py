"""The shared form flow: a service is called only on a valid POST, and its ValidationError lands on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from coalition.formflow import Saved, submit


class NameForm(forms.Form):
    name = forms.CharField()


def post(data: dict[str, str]) -> HttpRequest:
    request = RequestFactory().post("/", data)
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_get_or_an_invalid_post_does_not_call_the_service() -> None:
    calls: list[dict[str, Any]] = []
    assert submit(RequestFactory().get("/"), NameForm(), calls.append) is None
    form = NameForm({})
    assert submit(post({}), form, calls.append) is None
    assert calls == [] and "name" in form.errors


def test_a_success_returns_the_result_even_none_and_adds_the_message() -> None:
    request = post({"name": "Lola"})
    saved = submit(request, NameForm(request.POST), lambda data: None, "Saved.")
    assert saved == Saved(None) and saved
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_the_service_gets_a_copy_of_the_cleaned_data() -> None:
    request = post({"name": "Lola"})
    form = NameForm(request.POST)
    saved = submit(request, form, lambda data: data.pop("name"))
    assert saved == Saved("Lola") and form.cleaned_data == {"name": "Lola"}


def test_a_validation_error_is_shown_on_its_field_or_on_the_form() -> None:
    def refuse_by_field(data: dict[str, Any]) -> None:
        raise ValidationError({"name": "Taken.", "elsewhere": "Not a field here."})

    def refuse(data: dict[str, Any]) -> None:
        raise ValidationError("No.")

    request = post({"name": "Lola"})
    form = NameForm(request.POST)
    assert submit(request, form, refuse_by_field, "Saved.") is None
    assert form.errors["name"] == ["Taken."] and form.non_field_errors() == ["Not a field here."]
    assert list(get_messages(request)) == []

    form = NameForm(request.POST)
    assert submit(request, form, refuse, "Saved.") is None
    assert form.non_field_errors() == ["No."]
