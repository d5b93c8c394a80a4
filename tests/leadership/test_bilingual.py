"""The ladder and the catalogue in English and Spanish: their staff forms save the Spanish words, and a member
reading in Spanish sees their stage and trainings in Spanish."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from leadership.models import Stage, Training, TrainingCompletion

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_training_form_saves_the_spanish_name_and_description(staff) -> None:
    client = _signed_in(staff)
    page = client.get(reverse("leadership:training_create")).content.decode()
    assert page.index('name="name"') < page.index('name="name_es"') < page.index('name="description"')
    response = client.post(reverse("leadership:training_create"), {
        "name": "Tenant rights", "name_es": "Derechos de inquilinos", "description": "Police, landlords.",
        "description_es": "Policía, caseros."})
    assert response.status_code == 302
    training = Training.objects.get(name="Tenant rights")
    assert (training.name_es, training.description_es) == ("Derechos de inquilinos", "Policía, caseros.")
    response = client.post(reverse("leadership:training_update", args=[training.pk]), {
        "name": "Tenant rights", "name_es": "Sus derechos", "description": "Police, landlords.",
        "description_es": ""})
    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.name_es, training.description_es) == ("Sus derechos", "")


def test_the_stage_form_saves_the_spanish_name(coalition_admin) -> None:
    client = _signed_in(coalition_admin)
    data = {"name": "Spokesperson", "name_es": "Vocera", "description": "Speaks for the coalition.",
            "description_es": "Habla por la coalición.", "events_attended": "0", "events_window_days": "180"}
    response = client.post(reverse("leadership:stage_create"), data)
    assert response.status_code == 302
    stage = Stage.objects.get(name="Spokesperson")
    assert (stage.name_es, stage.description_es) == ("Vocera", "Habla por la coalición.")
    response = client.post(reverse("leadership:stage_update", args=[stage.pk]), {**data, "name_es": "Vocero"})
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.name_es == "Vocero"


def test_a_member_reading_in_spanish_sees_their_stage_and_training_in_spanish(member) -> None:
    stage = Stage.objects.get(name="Active")
    stage.name_es = "Activa"
    stage.save()
    training = Training.objects.create(name="Storytelling", name_es="Contar su historia")
    person = member.person
    person.stage = stage
    person.save()
    TrainingCompletion.objects.create(person=person, training=training, completed_on=datetime.date(2026, 3, 1))
    member.preferred_language = "es"
    member.save()
    page = _signed_in(member).get(reverse("leadership:development_mine")).content.decode()
    assert "Activa" in page and "Contar su historia" in page
    assert "Storytelling" not in page
