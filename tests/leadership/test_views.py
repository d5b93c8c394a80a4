"""Leadership development pages: the pipeline, accepting a suggestion, the development forms, the home panels."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import AdvancementSuggestion, Mentorship, QuietFlag, StageMove, Training, TrainingCompletion
from tests.members.factories import PersonFactory


def _world(n: int, stages: Any, organizer: Any) -> None:
    for _ in range(n):
        person = PersonFactory(stage=stages[3], last_contact_at=timezone.now() - datetime.timedelta(days=90))
        StageMove.objects.create(person=person, from_stage=stages[2], to_stage=stages[3], moved_by=organizer)
        AdvancementSuggestion.objects.create(person=person, from_stage=stages[3], to_stage=stages[4])
        QuietFlag.objects.create(person=person)


@pytest.mark.parametrize("url_name", ["leadership:pipeline", "leadership:pipeline_region"])
def test_pipeline_queries_do_not_grow_with_rows(client: Any, organizer_chicago: Any, stages: Any,
                                                django_assert_num_queries: Any, url_name: str) -> None:
    url = reverse(url_name, kwargs={"region": "chicago"} if url_name.endswith("region") else {})
    client.force_login(organizer_chicago)
    _world(1, stages, organizer_chicago)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _world(19, stages, organizer_chicago)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<title id=\"funnel-title\">" in body
    assert body.count('id="suggestion-') == 20


def test_pipeline_of_another_region_is_not_found(client: Any, organizer_chicago: Any, stages: Any) -> None:
    client.force_login(organizer_chicago)
    assert client.get(reverse("leadership:pipeline_region", kwargs={"region": "central"})).status_code == 404


def test_accept_with_htmx_answers_with_the_row(client: Any, organizer_chicago: Any, stages: Any) -> None:
    person = PersonFactory(stage=stages[3])
    suggestion = AdvancementSuggestion.objects.create(person=person, from_stage=stages[3], to_stage=stages[4])
    client.force_login(organizer_chicago)
    response = client.post(reverse("leadership:suggestion_accept", args=[suggestion.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "moved to Emerging leader" in response.content.decode()
    person.refresh_from_db()
    assert person.stage == stages[4]


def test_accept_with_htmx_updates_the_counts_and_the_moves_too(client: Any, organizer_chicago: Any,
                                                              stages: Any) -> None:
    """The funnel and this month's moves change with an accepted move: they come in the same answer, out of band,
    with the counts after the move."""
    person = PersonFactory(stage=stages[3], first_name="Imani", last_name="Brooks")
    suggestion = AdvancementSuggestion.objects.create(person=person, from_stage=stages[3], to_stage=stages[4])
    client.force_login(organizer_chicago)
    page = client.get(reverse("leadership:pipeline_region", kwargs={"region": "chicago"})).content.decode()
    assert 'name="region" value="chicago"' in page and "Moved this month (0)" in page
    body = client.post(reverse("leadership:suggestion_accept", args=[suggestion.pk]),
                       {"region": "chicago"}, HTTP_HX_REQUEST="true").content.decode()
    funnel = body.split('id="pipeline-funnel"')[1].split("</section>")[0]
    assert 'data-hx-swap-oob="true"' in funnel
    emerging = funnel.split(f">{stages[4].name}</th>")[1].split("</td>")[0]
    active = funnel.split(f">{stages[3].name}</th>")[1].split("</td>")[0]
    assert emerging.endswith(">1") and active.endswith(">0")
    moves = body.split('id="pipeline-moves"')[1].split("</section>")[0]
    assert "Moved this month (1)" in moves and "Imani Brooks" in moves


def test_dismiss_with_htmx_answers_with_the_row_alone(client: Any, organizer_chicago: Any, stages: Any) -> None:
    suggestion = AdvancementSuggestion.objects.create(person=PersonFactory(stage=stages[3]), from_stage=stages[3],
                                                      to_stage=stages[4])
    client.force_login(organizer_chicago)
    body = client.post(reverse("leadership:suggestion_dismiss", args=[suggestion.pk]),
                       HTTP_HX_REQUEST="true").content.decode()
    assert "Dismissed." in body and "pipeline-funnel" not in body


def test_circular_mentorship_through_the_form_shows_the_message(client: Any, organizer_chicago: Any,
                                                                regions: Any) -> None:
    a, b = PersonFactory(), PersonFactory()
    Mentorship.objects.create(mentor=a, mentee=b, started_on=datetime.date(2026, 1, 1))
    client.force_login(organizer_chicago)
    response = client.post(reverse("leadership:mentorship_create", args=[a.pk]),
                           {"mentor": b.pk, "cadence_days": 14, "started_on": "2026-02-01"})
    assert response.status_code == 200
    assert "cannot go in a circle" in response.content.decode()


def test_overdue_check_in_shows_on_the_organizers_home(client: Any, organizer_chicago: Any, regions: Any) -> None:
    mentee = PersonFactory(assigned_organizer=organizer_chicago)
    Mentorship.objects.create(mentor=PersonFactory(first_name="Vera"), mentee=mentee, cadence_days=7,
                              started_on=timezone.localdate() - datetime.timedelta(days=30))
    client.force_login(organizer_chicago)
    body = client.get(reverse("coalition:home")).content.decode()
    assert "Mentorship check-ins overdue" in body and "Vera" in body


def test_member_sees_their_own_trainings(client: Any, member: Any, regions: Any) -> None:
    TrainingCompletion.objects.create(person=member.person, training=Training.objects.get(name="Know Your Rights"),
                                      completed_on=datetime.date(2026, 1, 5))
    client.force_login(member)
    assert "Know Your Rights" in client.get(reverse("leadership:development_mine")).content.decode()
    home = client.get(reverse("coalition:home")).content.decode()
    assert "Your trainings" in home and "Know Your Rights" in home


def test_a_mentor_or_recruiter_from_another_region_is_not_named_to_the_organizer(
    client: Any, organizer_chicago: Any, staff: Any, regions: Any
) -> None:
    central = regions["central"]
    outsider = PersonFactory(first_name="Cornelius", last_name="Ashdown", county=central.counties.first(),
                             region=central)
    mentee = PersonFactory(first_name="Lena", last_name="Okafor", recruited_by=outsider)
    mentorship = Mentorship.objects.create(mentor=outsider, mentee=mentee, cadence_days=7,
                                           started_on=timezone.localdate() - datetime.timedelta(days=30))
    pages = (reverse("leadership:development_detail", args=[mentee.pk]),
             reverse("leadership:mentorship_check_in", args=[mentorship.pk]), reverse("coalition:home"))
    client.force_login(organizer_chicago)
    for url in pages:
        body = client.get(url).content.decode()
        assert "Cornelius" not in body and "Ashdown" not in body, url
        assert "Someone from another region" in body and "Lena Okafor" in body, url
    client.force_login(staff)
    for url in pages[:2]:
        assert "Cornelius Ashdown" in client.get(url).content.decode(), url


def test_a_mentee_from_another_region_is_not_named_and_not_offered_to_act_on(
    client: Any, organizer_chicago: Any, regions: Any
) -> None:
    central = regions["central"]
    mentor = PersonFactory(first_name="Ambrose", last_name="Quill")
    mentee = PersonFactory(first_name="Benedikta", last_name="Marchetti", county=central.counties.first(),
                           region=central)
    mentorship = Mentorship.objects.create(mentor=mentor, mentee=mentee, started_on=timezone.localdate())
    client.force_login(organizer_chicago)
    body = client.get(reverse("leadership:development_detail", args=[mentor.pk])).content.decode()
    assert "Someone from another region" in body and "Marchetti" not in body
    assert reverse("leadership:mentorship_check_in", args=[mentorship.pk]) not in body
    assert client.get(reverse("leadership:mentorship_check_in", args=[mentorship.pk])).status_code == 404


def test_my_development_is_on_the_home_and_menu_of_members_only(client: Any, member: Any, staff: Any,
                                                                 organizer_chicago: Any, regions: Any) -> None:
    mine, pipeline = reverse("leadership:development_mine"), reverse("leadership:pipeline")
    client.force_login(member)
    body = client.get(reverse("coalition:home")).content.decode()
    assert "Your trainings" in body and f'href="{mine}"' in body and f'href="{pipeline}"' not in body
    staff.person = PersonFactory()
    staff.save()
    for worker in (staff, organizer_chicago):
        client.force_login(worker)
        body = client.get(reverse("coalition:home")).content.decode()
        assert "Your trainings" not in body and f'href="{mine}"' not in body
        assert f'href="{pipeline}"' in body
