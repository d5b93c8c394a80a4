"""One submission, one row: a double post of "add a person", "add a story" or "log a contact" makes one."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry, County
from members import services
from members.models import Person, PersonPhone, StorySharing
from stories.models import Story
from stories.services import story_create
from tests.members.factories import PersonFactory


def _form_key(client: Client, url: str) -> str:
    """The key the page drew into its hidden field, as a browser would send it back."""
    return str(client.get(url).context["form"]["idempotency_key"].value())


@pytest.mark.django_db
def test_a_double_post_of_add_a_person_makes_one_person_with_one_phone(client: Client, organizer_chicago: Any) -> None:
    client.force_login(organizer_chicago)
    url = reverse("members:person_create")
    data = {"first_name": "Ana", "last_name": "Flores", "phone": "(312) 555-0100", "story_sharing": "internal",
            "preferred_language": "en", "county": County.objects.get(fips="17031").pk,
            "idempotency_key": _form_key(client, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    person = Person.objects.get(first_name="Ana")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("members:person_detail", args=[person.pk])
    assert PersonPhone.objects.filter(person=person).count() == 1
    assert AuditEntry.objects.filter(object_id=str(person.pk), action=AuditEntry.Action.CREATE).count() == 1
    # A fresh form is a fresh key: the same name typed again is a second person (the duplicates page is for that).
    assert client.post(url, {**data, "idempotency_key": _form_key(client, url)}).status_code == 302
    assert Person.objects.filter(first_name="Ana").count() == 2


@pytest.mark.django_db
def test_a_key_used_by_someone_out_of_reach_is_refused(organizer_chicago: Any, organizer_central: Any) -> None:
    key = uuid.uuid4()
    services.person_create(actor=organizer_chicago, first_name="Ana", county=County.objects.get(fips="17031"),
                           idempotency_key=key)
    with pytest.raises(ValidationError):
        services.person_create(actor=organizer_central, first_name="Ana", idempotency_key=key)
    assert Person.objects.count() == 1


def _race(count: int, work: Any) -> list[BaseException]:
    """Run `work` in `count` threads released together; each closes its own connection."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            work()
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_posts_make_one_person_one_story_one_contact(organizer_chicago: Any) -> None:
    cook = County.objects.get(fips="17031")
    person_key, story_key, contact_key = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    mentee = PersonFactory(story_sharing=StorySharing.PARTNERS)

    def work() -> None:
        services.person_create(actor=organizer_chicago, first_name="Ana", county=cook, phone="+13125550100",
                               idempotency_key=person_key)
        story_create(actor=organizer_chicago, person=mentee, title="t", text="t", consent_level="internal",
                     idempotency_key=story_key)
        services.interaction_log(actor=organizer_chicago, person=mentee, idempotency_key=contact_key,
                                 channel="phone", kind="one_on_one")

    assert _race(10, work) == []
    assert Person.objects.filter(first_name="Ana").count() == 1
    assert PersonPhone.objects.filter(digits="3125550100").count() == 1
    assert Story.objects.count() == 1 and mentee.interactions.count() == 1


@pytest.mark.django_db
def test_a_late_double_post_after_a_merge_finds_the_kept_person(staff: Any) -> None:
    key = uuid.uuid4()
    keep = PersonFactory(first_name="Marcus", last_name="Bell")
    drop = services.person_create(actor=staff, first_name="Marc", last_name="Bell", idempotency_key=key)
    kept = services.person_merge(actor=staff, keep=keep, drop=drop)
    assert kept.idempotency_key == key
    assert services.person_create(actor=staff, first_name="Marc", last_name="Bell", idempotency_key=key) == keep
    assert Person.objects.get() == keep
