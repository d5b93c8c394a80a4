"""Words in English and Spanish (coalition/bilingual.py): the field pair's fallback, the template filter, the
staff forms' Spanish fields, the region and table forms through the client, and a migration that keeps rows."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from coalition.bilingual import BilingualFormMixin, localized_value, spanish_field
from coalition.models import AuditEntry, CoalitionTable, Region
from events.models import Event

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_spanish_word_on_spanish_pages_and_english_everywhere_else(regions) -> None:
    region = Region(name="Southern", name_es="Sur")
    with translation.override("es"):
        assert (region.localized("name"), str(region)) == ("Sur", "Sur")
    with translation.override("en"):
        assert (region.localized("name"), str(region)) == ("Southern", "Southern")
    assert region.localized("name", "es-mx") == "Sur" and region.localized("name", "en") == "Southern"


def test_an_empty_spanish_word_falls_back_to_the_english(regions) -> None:
    table = CoalitionTable(name="Clean Slate table", description="Implementation", name_es="", description_es="")
    with translation.override("es"):
        assert (table.localized("name"), table.localized("description")) == ("Clean Slate table", "Implementation")
    # The rows of a values() query get the same choice.
    row = {"title": "Lobby day", "title_es": "Día de cabildeo"}
    assert localized_value(row, "title", "es") == "Día de cabildeo"
    assert localized_value({"title": "Lobby day", "title_es": ""}, "title", "es") == "Lobby day"


def test_the_template_filter_follows_the_active_language(regions) -> None:
    template = Template('{% load bilingual %}{{ event|localized:"title" }}|{{ missing|localized:"title" }}')
    event = Event(title="Springfield Advocacy Day", title_es="Día de cabildeo en Springfield")
    with translation.override("es"):
        assert template.render(Context({"event": event})) == "Día de cabildeo en Springfield|"
    with translation.override("en"):
        assert template.render(Context({"event": event})) == "Springfield Advocacy Day|"


class _PairForm(BilingualFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=50)
    other = forms.CharField(label="Other")
    title_es = spanish_field(title)


def test_the_form_puts_the_spanish_field_beside_the_english_with_a_clear_label() -> None:
    with translation.override("en"):
        form = _PairForm()
    assert list(form.fields) == ["title", "title_es", "other"]
    spanish = form.fields["title_es"]
    assert str(spanish.label) == "Title in Spanish (optional)"
    assert not spanish.required and spanish.widget.attrs["lang"] == "es"
    assert getattr(spanish, "max_length", None) == 50
    with translation.override("es"):
        assert str(_PairForm().fields["title_es"].label) == "Title en español (opcional)"


def test_an_admin_gives_a_region_its_spanish_name_and_spanish_pages_show_it(coalition_admin, regions) -> None:
    southern = regions["southern"]
    counties = list(southern.counties.values_list("pk", flat=True))
    client = client_for(coalition_admin)
    page = client.get(reverse("coalition:region_update", args=["southern"])).content.decode()
    assert 'name="name_es"' in page and 'lang="es"' in page
    response = client.post(reverse("coalition:region_update", args=["southern"]),
                           {"counties": counties, "name_es": " Sur "})
    assert response.status_code == 302
    southern.refresh_from_db()
    assert (southern.name, southern.name_es) == ("Southern", "Sur")
    assert AuditEntry.objects.filter(object_id=str(southern.pk), detail={"fields": ["name_es"]}).exists()
    coalition_admin.preferred_language = "es"
    coalition_admin.save()
    listing = client_for(coalition_admin).get(reverse("coalition:region_list")).content.decode()
    assert "<h2>Sur</h2>" in listing


def test_staff_start_and_change_a_table_with_its_spanish_name(staff, regions) -> None:
    client = client_for(staff)
    response = client.post(reverse("coalition:table_create"), {
        "name": "Chicago 400 Alliance", "name_es": "Alianza Chicago 400", "description": "Registries",
        "description_es": "Registros públicos", "status": "active", "idempotency_key": str(uuid.uuid4()),
    })
    assert response.status_code == 302
    table = CoalitionTable.objects.get()
    assert (table.name_es, table.description_es) == ("Alianza Chicago 400", "Registros públicos")
    response = client.post(reverse("coalition:table_update", args=[table.slug]), {
        "name": "Chicago 400 Alliance", "name_es": "La Alianza Chicago 400", "description": "Registries",
        "description_es": "", "status": "active"})
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.name_es, table.description_es) == ("La Alianza Chicago 400", "")
    staff.preferred_language = "es"
    staff.save()
    page = client_for(staff).get(reverse("coalition:table_detail", args=[table.slug])).content.decode()
    assert "<h1>La Alianza Chicago 400</h1>" in page and "Registries" in page


# The last migration of each app before the Spanish columns.
BEFORE_SPANISH = [("coalition", "0005_tables_status_roles_revisions_archive"),
                  ("events", "0004_series_hosts_presence_flags_archive"), ("leadership", "0003_stage_active"),
                  ("campaigns", "0004_campaign_closing_sessions_resource_versions")]


@pytest.mark.django_db(transaction=True)
def test_the_spanish_columns_keep_every_row_in_english() -> None:
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_SPANISH)
        apps = executor.loader.project_state(BEFORE_SPANISH).apps
        now = timezone.now()
        region = apps.get_model("coalition", "Region").objects.create(name="Old region", slug="old-region")
        table = apps.get_model("coalition", "CoalitionTable").objects.create(name="Old table", slug="old-table",
                                                                             description="Old words")
        event = apps.get_model("events", "Event").objects.create(
            title="Old lobby day", slug="old-lobby-day", kind="advocacy_day", starts_at=now,
            ends_at=now + datetime.timedelta(hours=2), description="Old description")
        stage = apps.get_model("leadership", "Stage").objects.create(name="Old stage", order=77)
        training = apps.get_model("leadership", "Training").objects.create(name="Old training")
        campaign = apps.get_model("campaigns", "Campaign").objects.create(name="Old campaign", slug="old-campaign")
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from campaigns.models import Campaign
    from leadership.models import Stage, Training

    rows = [(Region, region.pk, "name"), (CoalitionTable, table.pk, "name"), (Event, event.pk, "title"),
            (Stage, stage.pk, "name"), (Training, training.pk, "name"), (Campaign, campaign.pk, "name")]
    with translation.override("es"):
        for model, pk, field in rows:
            row = model.objects.get(pk=pk)
            assert getattr(row, f"{field}_es") == ""
            assert row.localized(field) == getattr(row, field) and getattr(row, field).startswith("Old")
    assert Event.objects.get(pk=event.pk).localized("description", "es") == "Old description"


def test_an_audit_summary_is_kept_in_english_and_read_in_the_readers_language(coalition_admin, staff,
                                                                              regions) -> None:
    from events import services as event_services
    from tests.events.factories import VenueFactory

    now = timezone.now()
    staff.preferred_language = "es"
    staff.save()
    with translation.override("es"):
        event = event_services.event_create(
            actor=staff, title="Lobby day", title_es="Día de cabildeo", slug="lobby-day", kind="advocacy_day",
            starts_at=now + datetime.timedelta(days=9), ends_at=now + datetime.timedelta(days=9, hours=3),
            venue=VenueFactory())
    entry = AuditEntry.objects.get(object_id=str(event.pk), action=AuditEntry.Action.CREATE)
    # Written in English whatever the actor reads, the record's English name beside it.
    assert (entry.summary, entry.object_repr) == ("Created event Lobby day", "Lobby day")
    with translation.override("es"):
        assert entry.summary_shown == "Evento creado: Lobby day"
    coalition_admin.preferred_language = "es"
    coalition_admin.save()
    page = client_for(coalition_admin).get(reverse("coalition:audit_list")).content.decode()
    assert "Evento creado: Lobby day" in page
