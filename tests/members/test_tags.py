"""Tags as things staff keep (create, rename, Spanish name, merge, retire) and bulk tagging from the people list:
services with bad input, the pages, reach, double submits, the background job and constant queries."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coalition.access import OutOfReach
from coalition.models import AuditEntry, County
from members import services, tasks
from members.filters import filter_choices
from members.forms import PersonForm
from members.models import BulkTagJob, Tag
from members.services import tags as tag_services
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _central(**fields):  # type: ignore[no-untyped-def]
    return PersonFactory(county=County.objects.get(fips="17167"), **fields)  # Sangamon, Central


# Tags ---------------------------------------------------------------------------------------------------------

def test_a_tag_needs_a_name_unique_whatever_its_capitals(staff):
    services.tag_create(actor=staff, name="  Clean   Slate ", name_es="Borrón y cuenta nueva")
    assert Tag.objects.get().name == "Clean Slate"
    with pytest.raises(ValidationError) as error:
        services.tag_create(actor=staff, name="clean slate")
    assert "already a tag" in str(error.value.message_dict["name"])
    with pytest.raises(ValidationError) as error:
        services.tag_create(actor=staff, name="   ")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.tag_create(actor=staff, name="Other", name_es="borrón y cuenta nueva")
    assert "name_es" in error.value.message_dict
    assert Tag.objects.count() == 1


def test_only_staff_and_admins_keep_tags(organizer_chicago, partner_rep, member):
    for actor in (organizer_chicago, partner_rep, member):
        with pytest.raises(OutOfReach):
            services.tag_create(actor=actor, name="Speaker")
    assert not Tag.objects.exists()


def test_the_spanish_name_is_shown_on_spanish_pages(client, staff):
    tag = services.tag_create(actor=staff, name="Speaker")
    services.tag_update(actor=staff, tag=tag, name="Speakers", name_es="Oradores")
    tag.refresh_from_db()
    with translation.override("es"):
        assert str(tag) == "Oradores"
        assert (str(tag.pk), "Oradores") in filter_choices(staff)["tag"]
    with translation.override("en"):
        assert str(tag) == "Speakers"
    person = PersonFactory()
    person.tags.add(tag)
    staff.preferred_language = "es"
    staff.save(update_fields=["preferred_language"])
    client.force_login(staff)
    page = client.get(reverse("members:person_list")).content.decode()
    assert '<span class="badge">Oradores</span>' in page
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.detail["fields"] == ["name", "name_es"]


def test_renaming_a_tag_updates_the_filter_at_once(client, staff, django_capture_on_commit_callbacks):
    tag = services.tag_create(actor=staff, name="Drivers")
    client.force_login(staff)
    assert "Drivers" in client.get(reverse("members:person_list")).content.decode()  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:tag_update", args=[tag.pk]), {"name": "Bus drivers", "name_es": ""})
    assert response.status_code == 302
    page = client.get(reverse("members:person_list")).content.decode()
    assert "Bus drivers" in page


def test_merging_moves_everyone_and_retires_the_merged_tag(staff):
    old, new = Tag.objects.create(name="CS"), Tag.objects.create(name="Clean Slate")
    both, only_old, only_new = PersonFactory(), PersonFactory(), PersonFactory()
    both.tags.add(old, new)
    only_old.tags.add(old)
    only_new.tags.add(new)
    moved = services.tag_merge(actor=staff, tag=old, into=new)
    assert moved == 2
    assert set(new.people.all()) == {both, only_old, only_new}
    assert not old.people.exists()
    old.refresh_from_db()
    assert old.retired and old.merged_into == new
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGE)
    assert entry.detail["people"] == 2 and entry.detail["added"] == 1


def test_a_tag_cannot_be_merged_into_itself_or_a_retired_one(client, staff):
    tag, retired = Tag.objects.create(name="Speaker"), Tag.objects.create(name="Old")
    services.tag_retire(actor=staff, tag=retired)
    with pytest.raises(ValidationError) as error:
        services.tag_merge(actor=staff, tag=tag, into=tag)
    assert "itself" in str(error.value.message_dict["into"])
    with pytest.raises(ValidationError):
        services.tag_merge(actor=staff, tag=tag, into=retired)
    client.force_login(staff)
    response = client.post(reverse("members:tag_merge", args=[tag.pk]), {"into": tag.pk})
    assert response.status_code == 200
    assert "cannot be merged into itself" in response.content.decode()
    tag.refresh_from_db()
    assert not tag.retired


def test_a_retired_tag_leaves_the_filters_and_pickers_but_stays_on_people(client, staff):
    tag = Tag.objects.create(name="Former volunteer")
    person = PersonFactory()
    person.tags.add(tag)
    client.force_login(staff)
    assert client.post(reverse("members:tag_retire", args=[tag.pk])).status_code == 302
    assert list(person.tags.all()) == [tag]
    assert str(tag.pk) not in dict(filter_choices(staff)["tag"])
    assert tag not in PersonForm(actor=staff).fields["tags"].queryset
    # Editing the person keeps the retired tag they carry.
    assert tag in PersonForm(actor=staff, instance=person).fields["tags"].queryset
    listed = client.get(reverse("members:tag_list"), {"retired": "1"})
    assert [t.pk for t in listed.context["page"].object_list] == [tag.pk]
    assert tag.pk not in [t.pk for t in client.get(reverse("members:tag_list")).context["page"].object_list]
    client.post(reverse("members:tag_retire", args=[tag.pk]), {"restore": "1"})
    tag.refresh_from_db()
    assert not tag.retired


def test_the_tags_page_is_read_only_for_organizers(client, organizer_chicago):
    Tag.objects.create(name="Speaker")
    client.force_login(organizer_chicago)
    response = client.get(reverse("members:tag_list"))
    assert response.status_code == 200
    assert response.context["may_manage"] is False
    assert reverse("members:tag_create") not in response.content.decode()
    assert client.post(reverse("members:tag_create"), {"name": "Mine"}).status_code == 404
    assert not Tag.objects.filter(name="Mine").exists()


def test_bad_input_on_the_tag_form_is_shown_next_to_the_field_and_kept(client, staff):
    Tag.objects.create(name="Speaker")
    client.force_login(staff)
    response = client.post(reverse("members:tag_create"), {"name": "speaker", "name_es": "Oradora"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert 'value="Oradora"' in response.content.decode()
    assert Tag.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 20])
def test_tags_page_queries_are_constant(client, staff, django_assert_num_queries, rows):
    for n in range(rows):
        tag = Tag.objects.create(name=f"Tag {n}")
        PersonFactory().tags.add(tag)
    client.force_login(staff)
    client.get(reverse("members:tag_list"))
    # session, user, count, the page of tags with their people counts
    with django_assert_num_queries(4):
        response = client.get(reverse("members:tag_list"))
    assert len(response.context["page"].object_list) == rows
    assert response.context["page"].object_list[0].people_count == 1


# Bulk tagging -------------------------------------------------------------------------------------------------

def test_bulk_tagging_the_ticked_people_runs_at_once_and_is_audited_once(staff):
    tag = Tag.objects.create(name="Bus captain")
    people = [PersonFactory() for _ in range(3)]
    people[0].tags.add(tag)
    key = uuid.uuid4()
    job = services.bulk_tag_start(actor=staff, tag=tag, action="add", person_ids=[p.pk for p in people],
                                  idempotency_key=key)
    assert job.status == BulkTagJob.Status.DONE and job.total == 3 and job.changed == 2 and job.percent == 100
    assert set(tag.people.all()) == set(people)
    again = services.bulk_tag_start(actor=staff, tag=tag, action="add", person_ids=[p.pk for p in people],
                                    idempotency_key=key)
    assert again.pk == job.pk
    assert BulkTagJob.objects.count() == 1
    entry = AuditEntry.objects.get(detail__bulk_tag_job=job.pk)
    assert entry.detail["changed"] == 2 and "2 people" in entry.summary
    removed = services.bulk_tag_start(actor=staff, tag=tag, action="remove", person_ids=[people[0].pk])
    assert removed.changed == 1 and set(tag.people.all()) == set(people[1:])


def test_an_organizer_never_tags_beyond_their_reach(organizer_chicago):
    tag = Tag.objects.create(name="Springfield day")
    chicago, central = PersonFactory(), _central()
    job = services.bulk_tag_start(actor=organizer_chicago, tag=tag, action="add", filters={})
    assert list(tag.people.all()) == [chicago] and job.total == 1
    ticked = services.bulk_tag_start(actor=organizer_chicago, tag=tag, action="add",
                                     person_ids=[central.pk, chicago.pk])
    assert ticked.total == 1
    assert not central.tags.exists()
    with pytest.raises(ValidationError):
        services.bulk_tag_start(actor=organizer_chicago, tag=tag, action="add", person_ids=[central.pk])


def test_bulk_tagging_refuses_a_retired_tag_a_bad_action_and_a_stale_filter(staff):
    tag, retired = Tag.objects.create(name="Speaker"), Tag.objects.create(name="Old", retired_at="2026-01-01T00:00Z")
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.bulk_tag_start(actor=staff, tag=retired, action="add", person_ids=[person.pk])
    assert "tag" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.bulk_tag_start(actor=staff, tag=tag, action="toggle", person_ids=[person.pk])
    with pytest.raises(ValidationError):
        services.bulk_tag_start(actor=staff, tag=tag, action="add", filters={"tag": str(retired.pk)})
    assert not BulkTagJob.objects.exists()
    assert not tag.people.exists()


def test_a_large_bulk_tagging_runs_in_the_background_safe_to_run_twice(
        staff, organizer_chicago, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(tag_services, "BULK_TAG_INLINE_LIMIT", 3)
    monkeypatch.setattr(tag_services, "BULK_TAG_BATCH_SIZE", 2)
    tag = Tag.objects.create(name="Voter drive")
    people = [PersonFactory() for _ in range(5)]
    _central()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.bulk_tag_start(actor=organizer_chicago, tag=tag, action="add", filters={"region": "chicago"})
    assert job.status == BulkTagJob.Status.QUEUED and job.total == 5
    assert not tag.people.exists()
    assert len(callbacks) == 1
    callbacks[0]()  # the task, run by the eager worker
    job.refresh_from_db()
    assert job.status == BulkTagJob.Status.DONE and job.processed == 5 and job.changed == 5
    assert set(tag.people.all()) == set(people)
    tasks.bulk_tag(job.pk)  # redelivered: finds the job taken
    job.refresh_from_db()
    assert job.changed == 5
    assert AuditEntry.objects.filter(detail__bulk_tag_job=job.pk).count() == 1


def test_the_task_reads_the_people_again_through_the_askers_reach(organizer_chicago):
    tag = Tag.objects.create(name="Reach")
    inside = PersonFactory()
    outside = _central()
    # Queued before a change of turf: everyone matching (no filter) is read when the task runs.
    job = BulkTagJob.objects.create(created_by=organizer_chicago, tag=tag, action="add", filters={}, total=2,
                                    idempotency_key=uuid.uuid4())
    services.bulk_tag_run(job_id=job.pk)
    assert list(tag.people.all()) == [inside]
    assert outside not in tag.people.all()


def test_bulk_tagging_from_the_people_list(client, organizer_chicago):
    tag = Tag.objects.create(name="Rally")
    people = [PersonFactory(last_name=f"Bulk{n}") for n in range(4)]
    client.force_login(organizer_chicago)
    listing = client.get(reverse("members:person_list"), {"region": "chicago"})
    html = listing.content.decode()
    assert 'name="bulk-person"' in html and 'name="bulk-filter" value="region=chicago"' in html
    data = {"bulk-who": "ticked", "bulk-person": [people[0].pk, people[1].pk], "bulk-tag": tag.pk,
            "bulk-action": "add", "bulk-filter": "region=chicago"}
    review = client.get(reverse("members:bulk_tag_review"), data)
    assert review.status_code == 200 and review.context["total"] == 2 and review.context["changes"] == 2
    assert not tag.people.exists()
    confirm = review.context["confirm"]
    posted = {**data, "bulk-idempotency_key": confirm["idempotency_key"].value()}
    first = client.post(reverse("members:bulk_tag_start"), posted)
    second = client.post(reverse("members:bulk_tag_start"), posted)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert set(tag.people.all()) == set(people[:2])
    detail = client.get(first.url)
    assert "2 people got the tag" in detail.content.decode()
    progress = client.get(first.url, headers={"HX-Request": "true"})
    assert 'id="bulk-tag-progress"' in progress.content.decode()
    everyone = client.get(reverse("members:bulk_tag_review"), {**data, "bulk-who": "all", "bulk-person": []})
    assert everyone.context["total"] == 4 and everyone.context["changes"] == 2


def test_bulk_review_says_what_is_wrong(client, staff):
    tag = Tag.objects.create(name="Rally")
    client.force_login(staff)
    response = client.get(reverse("members:bulk_tag_review"), {"bulk-who": "ticked", "bulk-tag": tag.pk,
                                                               "bulk-action": "add"})
    assert response.status_code == 200
    assert "Tick at least one person" in response.content.decode()
    assert not BulkTagJob.objects.exists()


def test_someone_elses_bulk_job_is_not_found(client, organizer_chicago, organizer_central):
    tag = Tag.objects.create(name="Rally")
    job = services.bulk_tag_start(actor=organizer_chicago, tag=tag, action="add", person_ids=[PersonFactory().pk])
    client.force_login(organizer_central)
    assert client.get(reverse("members:bulk_tag_detail", args=[job.pk])).status_code == 404
