"""The call list pages: making a list, working it from the calling page, progress, export and what a caller sees."""

from __future__ import annotations

import csv
import functools
import io
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from calls import selectors
from calls.forms import CallForm, blank_call_fields
from calls.models import CallList, CallTarget, Question
from members.models import Interaction, SensitiveFacts
from tests.calls.factories import call_list, callee, saved_list
from tests.members.factories import add_phone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _daytime(settings) -> None:
    settings.SMS_QUIET_HOURS = None


def _call(client, made: CallList, **answers: str) -> CallTarget:
    client.post(reverse("calls:call_next", args=[made.pk]))
    target = CallTarget.objects.get(call_list=made, outcome="", locked_until__isnull=False)
    page = client.get(reverse("calls:call_work", args=[made.pk]))
    key = page.context["form"]["idempotency_key"].value()
    data = {"idempotency_key": key, "outcome": "reached", "notes": "", "call_back_at": "",
            **{f"q{q.pk}": answers.get(q.prompt, "") for q in made.questions.all()}}
    response = client.post(reverse("calls:call_save", args=[made.pk, target.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return target


def test_staff_makes_a_list_from_a_saved_list_and_opens_it(client, staff) -> None:
    people = [callee("+13125550101"), callee("+13125550102", consent=False)]
    riders = saved_list(staff, people)
    client.force_login(staff)
    page = client.get(reverse("calls:call_list_create"))
    key = page.context["form"]["idempotency_key"].value()
    data = {"idempotency_key": key, "name": "Springfield day", "audience": f"list:{riders.pk}",
            "script_en": "Hi {preferred_name}", "script_es": "Hola {preferred_name}"}
    assert client.post(reverse("calls:call_list_create"), data).status_code == 302
    assert client.post(reverse("calls:call_list_create"), data).status_code == 302  # a double submit
    made = CallList.objects.get()
    client.post(reverse("calls:question_add", args=[made.pk]), {"prompt": "Which bus?", "kind": "choice",
                                                                 "options": "Chicago\nRockford"})
    assert made.questions.get().options == ["Chicago", "Rockford"]
    client.post(reverse("calls:call_list_open", args=[made.pk]))
    detail = client.get(reverse("calls:call_list_detail", args=[made.pk])).content.decode()
    assert made.targets.count() == 1
    assert "No phone consent" in detail


def test_an_unknown_merge_field_is_shown_on_the_form(client, staff) -> None:
    riders = saved_list(staff, [callee()])
    client.force_login(staff)
    page = client.get(reverse("calls:call_list_create"))
    response = client.post(reverse("calls:call_list_create"), {
        "idempotency_key": page.context["form"]["idempotency_key"].value(), "name": "x",
        "audience": f"list:{riders.pk}", "script_en": "Hi {bus}"})
    assert response.status_code == 200 and "{bus}" in response.content.decode()
    assert not CallList.objects.exists()


def test_the_caller_sees_the_person_the_number_and_the_script_and_nothing_else(client, staff) -> None:
    person = callee("+13125550101", preferred_name="Toni", language="es", email="toni@private.example")
    SensitiveFacts.objects.create(person=person, note="On parole until May")
    add_phone(person, "+13125550999", kind="home")  # another number: not the one to dial
    made = call_list(staff, [person])
    client.force_login(staff)
    client.post(reverse("calls:call_next", args=[made.pk]))
    page = client.get(reverse("calls:call_work", args=[made.pk])).content.decode()
    assert 'href="tel:+13125550101"' in page
    assert f"Hola Toni, habla {staff.first_name}." in page
    assert "Coming to Springfield?" in page and "Save and next" in page
    assert "toni@private.example" not in page and "parole" not in page and "5550999" not in page


def test_save_and_next_logs_the_call_once_and_shows_it_on_the_person(client, staff) -> None:
    first, second = callee("+13125550101"), callee("+13125550102")
    made = call_list(staff, [first, second])
    client.force_login(staff)
    client.post(reverse("calls:call_next", args=[made.pk]))
    target = CallTarget.objects.get(call_list=made, locked_until__isnull=False)
    page = client.get(reverse("calls:call_work", args=[made.pk]))
    bus = Question.objects.get(prompt="Which bus?")
    data = {"idempotency_key": page.context["form"]["idempotency_key"].value(), "outcome": "reached",
            f"q{bus.pk}": "Rockford"}
    url = reverse("calls:call_save", args=[made.pk, target.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the retry on bad signal
    assert Interaction.objects.filter(kind="call").count() == 1
    # "Save and next" handed out the other person.
    assert CallTarget.objects.get(call_list=made, outcome="").locked_by == staff
    person_page = client.get(reverse("members:person_detail", args=[target.person_id])).content.decode()
    assert "Which bus?" in person_page and "Rockford" in person_page


def test_save_and_next_reads_the_list_once_for_the_whole_request(client, staff) -> None:
    made = call_list(staff, [callee("+13125550101"), callee("+13125550102")])
    client.force_login(staff)
    client.post(reverse("calls:call_next", args=[made.pk]))
    target = CallTarget.objects.get(call_list=made, locked_until__isnull=False)
    page = client.get(reverse("calls:call_work", args=[made.pk]))
    data = {"idempotency_key": page.context["form"]["idempotency_key"].value(), "outcome": "no_answer"}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("calls:call_save", args=[made.pk, target.pk]), data).status_code == 302
    list_reads = [q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith('SELECT "calls_calllist"."id"')]
    assert len(list_reads) == 1, "\n\n".join(list_reads)
    assert CallTarget.objects.get(call_list=made, outcome="").locked_by == staff


def test_a_bad_answer_comes_back_in_plain_words(client, staff) -> None:
    made = call_list(staff, [callee()])
    client.force_login(staff)
    client.post(reverse("calls:call_next", args=[made.pk]))
    target = CallTarget.objects.get(call_list=made)
    page = client.get(reverse("calls:call_work", args=[made.pk]))
    response = client.post(reverse("calls:call_save", args=[made.pk, target.pk]), {
        "idempotency_key": page.context["form"]["idempotency_key"].value(), "outcome": "call_back"})
    assert response.status_code == 200 and "Say when to call back." in response.content.decode()
    assert not Interaction.objects.exists()


def test_a_closed_list_shows_the_caller_nothing(client, staff) -> None:
    made = call_list(staff, [callee()])
    client.force_login(staff)
    client.post(reverse("calls:call_next", args=[made.pk]))
    client.post(reverse("calls:call_list_close", args=[made.pk]))
    assert client.get(reverse("calls:call_work", args=[made.pk])).status_code == 404
    assert client.post(reverse("calls:call_next", args=[made.pk])).status_code == 404


def test_another_organizer_gets_404(client, organizer_chicago, organizer_central) -> None:
    made = call_list(organizer_chicago, [callee()])
    client.force_login(organizer_central)
    for name in ("calls:call_list_detail", "calls:call_work", "calls:call_list_export"):
        assert client.get(reverse(name, args=[made.pk])).status_code == 404


@pytest.mark.parametrize("n", [2, 8])
def test_progress_has_constant_queries_and_right_tallies(client, staff, n, django_assert_max_num_queries) -> None:
    made = call_list(staff, [callee(f"+1312555{i:04d}") for i in range(n)])
    client.force_login(staff)
    for i in range(n):
        _call(client, made, **{"Coming to Springfield?": "yes" if i % 2 == 0 else "no", "Which bus?": "Chicago"})
    with django_assert_max_num_queries(14):
        page = client.get(reverse("calls:call_list_detail", args=[made.pk]))
    progress = page.context["progress"]
    assert progress.to_go == 0 and progress.total == n
    assert dict(progress.tallies[0].counts) == {"Yes": n // 2, "No": n // 2}
    assert dict(progress.tallies[1].counts) == {"Chicago": n}
    assert progress.callers[0]["calls"] == n


def test_the_export_has_one_row_a_person_with_the_answers(client, staff) -> None:
    made = call_list(staff, [callee("+13125550101")])
    client.force_login(staff)
    _call(client, made, **{"Which bus?": "Rockford"})
    response = client.get(reverse("calls:call_list_export", args=[made.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-3:] == ["Coming to Springfield?", "Which bus?", "Travel permission needed?"]
    assert rows[1][2] == "Reached" and rows[1][-2] == "Rockford"


@pytest.mark.parametrize(("language", "page"), [("en", "en"), ("es", "en"), ("es", "es")])
def test_the_blank_fields_drawn_once_are_the_fields_drawn_each_time(staff, language, page) -> None:
    made = call_list(staff, [callee()], script_es="Hola")
    Question.objects.filter(prompt="Which bus?").update(prompt_es="¿Qué autobús?")
    questions = selectors.questions(made)
    squash = functools.partial(re.sub, r"\s+", " ")
    with translation.override(page):
        form = CallForm(questions=questions, language=language)
        drawn = render_to_string("partials/_form_fields.html", {"form": form})
        for _twice in range(2):
            kept = str(form["idempotency_key"]) + blank_call_fields(questions, language)
            assert squash(kept).strip() == squash(drawn).strip()
    assert ("¿Qué autobús?" in drawn) == (language == "es")
    # A question worded anew is drawn anew.
    Question.objects.filter(prompt="Which bus?").update(prompt="Which bus home?")
    assert "Which bus home?" in blank_call_fields(selectors.questions(made), "en")
