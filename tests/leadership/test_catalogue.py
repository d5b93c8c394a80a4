"""The training catalogue (staff) and the ladder's stages and criteria (admins), in services and pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.access import OutOfReach
from leadership import services
from leadership.forms import StageMoveForm, TrainingCompletionForm
from leadership.models import Stage, StageCriterion, Training
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_add_change_and_retire_trainings_and_a_retired_one_is_offered_no_more(regions, staff) -> None:
    training = services.training_create(actor=staff, name="Know your rights on the registry", description="2 h")
    training = services.training_update(actor=staff, training=training, description="Two hours, with a lawyer")
    assert training.description == "Two hours, with a lawyer"
    assert TrainingCompletionForm().fields["training"].queryset.filter(pk=training.pk).exists()
    services.training_retire(actor=staff, training=training)
    services.training_retire(actor=staff, training=training)  # twice: no change
    training.refresh_from_db()
    assert not training.active
    assert not TrainingCompletionForm().fields["training"].queryset.filter(pk=training.pk).exists()
    services.training_retire(actor=staff, training=training, restore=True)
    training.refresh_from_db()
    assert training.active


def test_a_training_name_twice_is_refused_on_the_name(regions, staff) -> None:
    services.training_create(actor=staff, name="Storytelling")
    with pytest.raises(ValidationError) as caught:
        services.training_create(actor=staff, name="Storytelling")
    assert "name" in caught.value.message_dict
    assert Training.objects.filter(name="Storytelling").count() == 1


def test_organizers_do_not_keep_the_catalogue_and_staff_do_not_keep_the_ladder(regions, staff,
                                                                             organizer_chicago) -> None:
    with pytest.raises(OutOfReach):
        services.training_create(actor=organizer_chicago, name="X")
    with pytest.raises(OutOfReach):
        services.stage_create(actor=staff, name="Mentor")
    assert not Stage.objects.filter(name="Mentor").exists()


def test_admins_add_a_stage_at_the_top_with_its_criteria_and_change_them(regions, coalition_admin) -> None:
    top = Stage.objects.order_by("-order").first()
    training = Training.objects.filter(active=True).first()
    stage = services.stage_create(actor=coalition_admin, name="Statewide leader", description="",
                                  watch_for_quiet=True, trainings=[training], milestone_kinds=["testified"],
                                  events_attended=3, events_window_days=90)
    assert stage.order == top.order + 1
    criterion = StageCriterion.objects.get(stage=stage)
    assert list(criterion.trainings.all()) == [training] and criterion.milestone_kinds == ["testified"]
    services.stage_update(actor=coalition_admin, stage=stage, name="Statewide leader", trainings=[],
                          milestone_kinds=["testified", "media"], events_attended=5, events_window_days=90)
    criterion.refresh_from_db()
    assert criterion.events_attended == 5 and not criterion.trainings.exists()
    with pytest.raises(ValidationError) as caught:
        services.stage_update(actor=coalition_admin, stage=stage, milestone_kinds=["flew"])
    assert "milestone_kinds" in caught.value.message_dict


def test_stages_swap_places_and_the_ends_do_not_move(regions, coalition_admin) -> None:
    first, second = Stage.objects.order_by("order")[:2]
    services.stage_move(actor=coalition_admin, stage=first, up=True)
    assert list(Stage.objects.order_by("order")[:2]) == [second, first]
    services.stage_move(actor=coalition_admin, stage=second, up=False)  # already at the bottom
    assert Stage.objects.order_by("order").first() == second


def test_a_stage_people_are_at_is_not_retired_and_a_retired_stage_is_no_destination(regions,
                                                                                     coalition_admin) -> None:
    busy, free = Stage.objects.order_by("order")[:2]
    PersonFactory(stage=busy)
    with pytest.raises(ValidationError, match="move them to another stage first"):
        services.stage_retire(actor=coalition_admin, stage=busy)
    services.stage_retire(actor=coalition_admin, stage=free)
    free.refresh_from_db()
    assert not free.active
    assert not StageMoveForm().fields["to_stage"].queryset.filter(pk=free.pk).exists()
    with pytest.raises(ValidationError):
        services.person_stage_move(actor=coalition_admin, person=PersonFactory(stage=busy), to_stage=free)


def test_the_stage_form_keeps_what_was_typed_and_says_what_is_wrong(regions, coalition_admin) -> None:
    client = _signed_in(coalition_admin)
    taken = Stage.objects.first().name
    response = client.post(reverse("leadership:stage_create"),
                           {"name": taken, "description": "typed text", "events_attended": "-1",
                            "events_window_days": "30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_name_error"' in html and 'id="id_events_attended_error"' in html and "typed text" in html
    response = client.post(reverse("leadership:stage_create"),
                           {"name": "Spokesperson", "description": "", "events_attended": "2",
                            "events_window_days": "30", "milestone_kinds": ["spoke"]})
    assert response.status_code == 302
    assert Stage.objects.get(name="Spokesperson").criterion.milestone_kinds == ["spoke"]


def test_the_catalogue_pages_link_from_the_pipeline_for_those_who_keep_them(regions, staff,
                                                                           organizer_chicago) -> None:
    assert reverse("leadership:training_list") in _signed_in(staff).get(
        reverse("leadership:pipeline")).content.decode()
    assert reverse("leadership:training_list") not in _signed_in(organizer_chicago).get(
        reverse("leadership:pipeline")).content.decode()


def _rows(page: str, n: int) -> None:
    for i in range(n):
        if page == "leadership:training_list":
            training = Training.objects.create(name=f"Training {n}-{i}")
            PersonFactory().training_completions.create(training=training, completed_on="2026-01-01")
        else:
            stage = Stage.objects.create(name=f"Stage {n}-{i}", order=100 + n * 100 + i)
            criterion = StageCriterion.objects.create(stage=stage, events_attended=1)
            criterion.trainings.set(Training.objects.all()[:2])
            PersonFactory(stage=stage)


@pytest.mark.parametrize(("page", "who"), [("leadership:training_list", "staff"),
                                           ("leadership:stage_list", "coalition_admin")])
def test_catalogue_lists_make_the_same_number_of_queries_for_1_and_20_rows(regions, page, who, request,
                                                                           django_assert_num_queries) -> None:
    user = request.getfixturevalue(who)
    client = _signed_in(user)
    _rows(page, 1)
    client.get(reverse(page))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(page)).status_code == 200
    one_row = len(captured)
    _rows(page, 20)
    client = _signed_in(user)
    client.get(reverse(page))
    with django_assert_num_queries(one_row):
        response = client.get(reverse(page))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25  # the first page: the lists are paginated
