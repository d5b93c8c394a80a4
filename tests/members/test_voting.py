"""The voting bloc: a person's own answers, on their page or told to an organizer (with how), with their
history; the voting-bloc goals count them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Campaign, Goal
from campaigns.selectors import goals_with_counts
from coalition.access import OutOfReach
from coalition.models import County
from members import services
from members.models import SensitiveFacts, VotingAnswer
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_member_answers_on_their_own_page(client, member):
    client.force_login(member)
    page = client.get(reverse("members:contact_mine"))
    assert page.status_code == 200 and "Are you registered to vote?" in page.content.decode()
    response = client.post(reverse("members:contact_mine"), {
        "form": "voting", "voting-voter_registration": "registered_inside", "voting-voting_plan": "mail",
        "voting-jail_voting_note": "Ballot by mail at Cook County Jail"})
    assert response.status_code == 302
    person = member.person
    person.refresh_from_db()
    assert person.voter_registration == "registered_inside" and person.voting_plan == "mail"
    rows = VotingAnswer.objects.filter(person=person)
    assert {r.question for r in rows} == {"registration", "plan", "jail_note"}
    assert {r.method for r in rows} == {"own_page"} and all(r.recorded_by is None for r in rows)
    # The same answers again are not a new answer.
    client.post(reverse("members:contact_mine"), {
        "form": "voting", "voting-voter_registration": "registered_inside", "voting-voting_plan": "mail",
        "voting-jail_voting_note": "Ballot by mail at Cook County Jail"})
    assert VotingAnswer.objects.filter(person=person).count() == 3


def test_an_organizer_says_how_they_were_told(client, organizer_chicago):
    person = PersonFactory()
    client.force_login(organizer_chicago)
    url = reverse("members:voting_update", args=[person.pk])
    response = client.post(url, {"voter_registration": "not_sure", "voting_plan": "early", "how": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["how"]
    assert 'value="early" selected' in response.content.decode()
    assert not VotingAnswer.objects.exists()
    response = client.post(url, {"voter_registration": "not_sure", "voting_plan": "early", "how": "At the door"})
    assert response.status_code == 302
    answer = VotingAnswer.objects.get(question="plan")
    assert answer.method == "organizer" and answer.how == "At the door" and answer.recorded_by == organizer_chicago
    history = client.get(url)
    assert "Vote early" in history.content.decode()


def test_bad_answers_and_people_out_of_reach_are_refused(organizer_central, partner_rep, organizer_chicago):
    person = PersonFactory()
    for actor in (organizer_central, partner_rep):
        with pytest.raises(OutOfReach):
            services.voting_answers_record(actor=actor, person=person, voter_registration="registered",
                                           voting_plan="", how="Phone")
    with pytest.raises(ValidationError) as error:
        services.voting_answers_record(actor=organizer_chicago, person=person, voter_registration="eligible",
                                       voting_plan="", how="Phone")
    assert "voter_registration" in error.value.message_dict
    assert not VotingAnswer.objects.exists()


def test_nothing_is_inferred_from_a_record(organizer_chicago):
    person = PersonFactory()
    SensitiveFacts.objects.create(person=person, registry_status="current", supervision_status="parole")
    person.refresh_from_db()
    assert person.voter_registration == "" and person.voting_plan == ""
    services.voting_answers_record(actor=organizer_chicago, person=person, voter_registration="registered",
                                   voting_plan="election_day", how="Phone")
    person.refresh_from_db()
    assert person.voter_registration == "registered"


def test_voting_bloc_goals_count_what_people_say(staff):
    campaign = Campaign.objects.create(name="Voting bloc", slug="voting-bloc")
    registered = Goal.objects.create(campaign=campaign, description="Registered", metric="voting_people_registered",
                                     target=4)
    planned = Goal.objects.create(campaign=campaign, description="Plans", metric="voting_people_with_plan", target=2)
    answers = [("registered", "early"), ("registered_inside", "mail"), ("not_registered", "not_planning"),
               ("not_sure", "")]
    for registration, plan in answers:
        services.voting_answers_record(actor=staff, person=PersonFactory(county=County.objects.get(fips="17167")),
                                       voter_registration=registration, voting_plan=plan, how="Sign-up sheet")
    counts = {goal.pk: (goal.current, goal.percent) for goal in goals_with_counts(actor=staff, campaign=campaign)}
    assert counts[registered.pk] == (2, 50)
    assert counts[planned.pk] == (2, 100)
