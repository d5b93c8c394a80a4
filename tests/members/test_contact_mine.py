"""A member keeps how to reach them up to date: details, phones, consent. Nobody else's record, nothing else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry
from members.models import PersonPhone

pytestmark = pytest.mark.django_db
URL = "/people/me/"


def client_for(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_member_changes_email_and_channel_and_it_is_audited(member) -> None:  # type: ignore[no-untyped-def]
    response = client_for(member).post(URL, {
        "form": "details", "details-first_name": "ignored", "details-preferred_language": "es",
        "details-email": "lola@example.org", "details-preferred_channel": "sms", "details-reach_through": "",
    })
    assert response.status_code == 302
    person = member.person
    person.refresh_from_db()
    assert (person.email, person.preferred_channel, person.preferred_language) == ("lola@example.org", "sms", "es")
    assert person.first_name == "Dolores"  # not a contact field: the form does not even offer it
    entry = AuditEntry.objects.get(action="update")
    assert entry.actor == member and set(entry.detail["fields"]) == {"email", "preferred_channel", "preferred_language"}


def test_member_adds_a_phone_and_a_bad_number_is_explained(member) -> None:  # type: ignore[no-untyped-def]
    client = client_for(member)
    bad = client.post(URL, {"form": "phone", "phone-number": "12", "phone-kind": "mobile"})
    assert bad.status_code == 200 and "valid phone number" in bad.content.decode()
    assert not PersonPhone.objects.exists()
    good = client.post(URL, {"form": "phone", "phone-number": "(773) 555-0123", "phone-kind": "mobile"})
    assert good.status_code == 302
    phone = PersonPhone.objects.get(person=member.person)
    assert str(phone.number) == "+17735550123" and phone.is_primary


def test_member_gives_and_withdraws_consent_with_time_and_how(member) -> None:  # type: ignore[no-untyped-def]
    client = client_for(member)
    client.post(URL, {"form": "consent", "consent-sms_consent": "on"})
    person = member.person
    person.refresh_from_db()
    assert person.sms_consent and person.sms_consent_at and "member" in person.sms_consent_how
    client.post(URL, {"form": "consent"})
    person.refresh_from_db()
    assert not person.sms_consent


def test_member_marks_their_own_phone_stopped_but_not_someone_elses(member, region_chicago) -> None:  # type: ignore[no-untyped-def]
    from tests.members.factories import PersonFactory

    mine = PersonPhone.objects.create(person=member.person, number="+17735550123", is_primary=True)
    theirs = PersonPhone.objects.create(person=PersonFactory(), number="+13125550100", is_primary=True)
    client = client_for(member)
    assert client.post(reverse("members:phone_mine_stopped", args=[mine.pk])).status_code == 302
    assert client.post(reverse("members:phone_mine_stopped", args=[theirs.pk])).status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.stopped_working_on is not None and theirs.stopped_working_on is None


def test_contact_service_refuses_fields_that_are_not_contact_details(member) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from members import services

    with pytest.raises(ValidationError):
        services.person_contact_update(actor=member, person=member.person, stage=None)
