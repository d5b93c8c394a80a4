"""Imports of the files other tools export, as they come: every field lands where it belongs, running the same file
again changes nothing, and the failed rows come back as a file to fix."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.csvimport import delimiter
from members import importing, services
from members.models import ConsentChange, ImportJob, Person, PersonExternalId, PersonPhone, Tag
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"


def _job(actor, name: str, raw: bytes | None = None) -> ImportJob:  # type: ignore[no-untyped-def]
    return services.import_job_create(actor=actor, file_name=name, raw=raw if raw is not None else
                                      (SAMPLES / name).read_bytes())


def _run(actor, job: ImportJob, capture, create_tags: bool = True) -> ImportJob:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        services.import_job_start(actor=actor, job=job, create_tags=create_tags)
    job.refresh_from_db()
    return job


def _state() -> tuple[int, ...]:
    return (Person.objects.count(), PersonPhone.objects.count(), PersonExternalId.objects.count(),
            ConsentChange.objects.count(), Tag.objects.count(), Person.tags.through.objects.count())


def test_action_network_export_lands_every_field(staff, django_capture_on_commit_callbacks):
    job = _job(staff, "action_network_activists.csv")
    assert job.source == "action_network"
    assert job.mapping == {
        "external_id": "uuid", "first_name": "first_name", "last_name": "last_name", "email": "email",
        "phone": "can2_phone", "street_address": "can2_user_address", "city": "can2_user_city",
        "postal_code": "zip_code", "county": "can2_county", "tags": "can2_user_tags",
        "email_consent": "can2_subscription_status", "sms_consent": "can2_sms_status",
    }
    header = importing.read_header(job.content)
    # The state, the dates and the custom fields are listed on the preview, not dropped silently.
    assert importing.unmapped_columns(header, job.mapping) == [
        "can2_state_abbreviated", "can2_created_date", "Shirt size", "Clinic interest"]
    job = _run(staff, job, django_capture_on_commit_callbacks)
    assert (job.created_count, job.failed_count) == (3, 0)

    ana = Person.objects.get(email="ana.ruiz@example.org")
    assert (ana.first_name, ana.last_name, ana.street_address, ana.city, ana.postal_code, ana.county.name) == (
        "Ana", "Ruiz", "2700 S Pulaski Rd", "Chicago", "60623", "Cook")
    assert list(ana.phones.values_list("digits", "is_primary")) == [("7735550142", True)]
    assert sorted(ana.tags.values_list("name", flat=True)) == ["Clean Slate", "Springfield trip"]
    assert ana.external_ids.get().source == "action_network"
    assert ana.external_ids.get().external_id == "7c1f1d2e-1111-4a7b-9c3d-000000000001"
    how = f"imported from Action Network on {timezone.localdate().isoformat()}"
    assert (ana.sms_consent, ana.email_consent, ana.sms_consent_how, ana.email_consent_how) == (True, True, how, how)
    sms = ana.consent_changes.get(channel="sms")
    assert (sms.given, sms.method, sms.phone_digits, sms.recorded_by) == (True, "import", "7735550142", staff)

    bo = Person.objects.get(email="bo@example.org")
    assert bo.county.name == "Sangamon" and bo.city == "Springfield"
    # "unsubscribed" never becomes a consent.
    assert (bo.sms_consent, bo.email_consent, bo.consent_changes.count()) == (False, False, 0)

    # An invalid phone with a good email: imported, the phone listed as a problem.
    cy = Person.objects.get(email="cy@example.org")
    assert cy.phones.count() == 0 and cy.county.name == "Kane" and cy.email_consent
    messages = next(r["messages"] for r in job.results if r["row"] == 4)
    assert messages == ["Row 4, column “can2_phone”: “12345” is not a phone number. It is left out."]


def test_the_same_export_twice_changes_nothing_and_matches_by_id_first(staff, django_capture_on_commit_callbacks):
    _run(staff, _job(staff, "action_network_activists.csv"), django_capture_on_commit_callbacks)
    before = _state()
    ana = Person.objects.get(email="ana.ruiz@example.org")
    ana.email = "ana.new@example.org"
    ana.save(update_fields=["email"])
    again = _run(staff, _job(staff, "action_network_activists.csv"), django_capture_on_commit_callbacks)
    assert (again.created_count, again.updated_count) == (0, 3)
    assert _state() == before
    # The id matched her, though the email in the file is no longer hers.
    assert next(r["person"] for r in again.results if r["row"] == 2) == ana.pk


def test_an_unsubscribe_withdraws_consent_and_a_file_never_undoes_a_no(staff, django_capture_on_commit_callbacks):
    bo = PersonFactory(first_name="Bo", email="bo@example.org", email_consent=True)
    ana = PersonFactory(first_name="Ana", email="ana.ruiz@example.org")
    services.consent_set(actor=staff, person=ana, channel="sms", given=False, how="Told us no")
    _run(staff, _job(staff, "action_network_activists.csv"), django_capture_on_commit_callbacks)
    bo.refresh_from_db()
    ana.refresh_from_db()
    assert not bo.email_consent and bo.consent_changes.get().given is False
    assert not ana.sms_consent and ana.email_consent  # texts stay off; email had never been decided


def test_van_tab_delimited_export_with_two_phones(staff, django_capture_on_commit_callbacks):
    job = _job(staff, "van_export.txt")
    assert job.source == "van" and job.mapping["other_phone"] == "Home Phone"
    rows = services.import_preview(job=job)
    assert len(rows) == 2 and not any(row.problems for row in rows)
    job = _run(staff, job, django_capture_on_commit_callbacks)
    assert (job.created_count, job.failed_count) == (2, 0)
    denise = Person.objects.get(external_ids__source="van", external_ids__external_id="100234")
    assert (denise.first_name, denise.last_name, denise.email, denise.street_address, denise.city,
            denise.postal_code, denise.county.name) == ("Denise", "Washington", "denise.w@example.org",
                                                         "415 E Adams St", "Springfield", "62701", "Sangamon")
    # The cell phone is the first, primary one; the home phone is kept as a second phone.
    assert list(denise.phones.order_by("-is_primary", "id").values_list("digits", "is_primary")) == [
        ("2175550122", True), ("2175550111", False)]
    rafael = Person.objects.get(external_ids__external_id="100235")
    assert (rafael.last_name, rafael.county.name) == ("Núñez", "Cook")


def test_mobilize_attendance_file_as_people(staff, django_capture_on_commit_callbacks):
    job = _job(staff, "mobilize_attendance.csv")
    assert job.source == "mobilize"
    assert {"event_id", "timeslot_id", "status", "attended"} <= set(
        importing.unmapped_columns(importing.read_header(job.content), job.mapping))
    job = _run(staff, job, django_capture_on_commit_callbacks)
    lena = Person.objects.get(email="lena@example.org")
    assert (lena.first_name, lena.last_name, lena.postal_code) == ("Lena", "Park", "60616")
    assert lena.phones.get().digits == "3125550155"
    assert lena.external_ids.get().external_id == "31"


def test_windows_excel_csv(staff, django_capture_on_commit_callbacks):
    job = _job(staff, "excel_windows.csv")
    assert job.encoding == "cp1252" and job.source == ""
    assert job.mapping["phone"] == "Mobile Phone" and job.mapping["other_phone"] == "Home Phone"
    assert job.mapping["email"] == "E-mail Address"
    job = _run(staff, job, django_capture_on_commit_callbacks)
    siobhan = Person.objects.get(email="siobhan@example.org")
    assert (siobhan.first_name, siobhan.last_name, siobhan.preferred_language) == ("Siobhán", "O’Brien", "en")
    jose = Person.objects.get(email="jose.pena@example.org")
    assert (jose.last_name, jose.preferred_language, jose.county.name) == ("Peña", "es", "Cook")
    assert sorted(jose.phones.values_list("digits", flat=True)) == ["7085550188", "7085550189"]
    assert sorted(jose.tags.values_list("name", flat=True)) == ["Clinic", "Volunteer"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "latin-1"])
def test_semicolon_delimited_in_any_encoding(staff, encoding, django_capture_on_commit_callbacks):
    raw = "Nombre;Apellido;Teléfono;Correo\nMaría;Gómez;312-555-0101;maria@example.org\n".encode(encoding)
    job = _job(staff, "hoja.csv", raw)
    assert job.mapping == {"first_name": "Nombre", "last_name": "Apellido", "phone": "Teléfono",
                           "email": "Correo"}
    _run(staff, job, django_capture_on_commit_callbacks)
    maria = Person.objects.get(email="maria@example.org")
    assert (maria.first_name, maria.last_name, maria.phones.get().digits) == ("María", "Gómez", "3125550101")


def test_delimiter_is_what_the_header_holds_most_of():
    assert delimiter("a,b,c\n1;2\n") == ","
    assert delimiter("a\tb\tc\n") == "\t"
    assert delimiter("a;b;c\n") == ";"
    assert delimiter("name\n") == ","


def test_xlsx_workbook(staff, django_capture_on_commit_callbacks):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["First name", "Last name", "Cell phone", "Email", "ZIP", "County", "Tags"])
    sheet.append(["Tomás", "Reyes", 3125550199, "tomas@example.org", 60608, "Cook", "Clinic"])
    sheet.append(["Uma", "Shah", "(217) 555-0100", None, "62704", "Sangamon", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = _job(staff, "people.xlsx", buffer.getvalue())
    assert job.encoding == "xlsx"
    job = _run(staff, job, django_capture_on_commit_callbacks)
    assert (job.created_count, job.failed_count) == (2, 0)
    tomas = Person.objects.get(email="tomas@example.org")
    assert (tomas.last_name, tomas.postal_code, tomas.phones.get().digits) == ("Reyes", "60608", "3125550199")
    assert list(tomas.tags.values_list("name", flat=True)) == ["Clinic"]
    uma = Person.objects.get(first_name="Uma")
    assert (uma.county.name, uma.postal_code, uma.phones.get().digits) == ("Sangamon", "62704", "2175550100")


def test_a_damaged_workbook_is_refused_in_plain_words(staff):
    with pytest.raises(Exception, match="cannot be opened as an Excel workbook"):
        _job(staff, "broken.xlsx", b"PK\x03\x04 not really a workbook")
    assert not ImportJob.objects.exists()


def test_new_tags_are_created_only_when_agreed(staff, django_capture_on_commit_callbacks):
    Tag.objects.create(name="Clinic")
    job = _job(staff, "excel_windows.csv")
    assert services.import_new_tags(rows=services.import_preview(job=job)) == ["Volunteer"]
    _run(staff, job, django_capture_on_commit_callbacks, create_tags=False)
    assert list(Tag.objects.values_list("name", flat=True)) == ["Clinic"]
    jose = Person.objects.get(email="jose.pena@example.org")
    assert list(jose.tags.values_list("name", flat=True)) == ["Clinic"]


def test_preview_says_new_matches_or_the_problem(client, staff):
    known = PersonFactory(first_name="Ana", last_name="Ruiz", email="ana.ruiz@example.org")
    Tag.objects.create(name="Clean Slate")
    job = _job(staff, "action_network_activists.csv")
    client.force_login(staff)
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert f"matches {known}" in page
    assert page.count(">new<") == 2
    assert "“12345” is not a phone number. It is left out." in page
    assert "Shirt size" in page and "Clinic interest" in page  # unmapped columns listed
    assert 'name="create_tags"' in page and "Springfield trip" in page  # the new tag asked about
    assert "Clean Slate, Springfield" not in page  # only the names that do not exist yet


def test_failed_rows_download_and_import_again(client, staff, django_capture_on_commit_callbacks):
    sheet = ("First name,Last name,Phone,Email\n"
             "Ana,Ruiz,312-555-0111,ana@example.org\n"
             ",Nameless,-312-555-0113,\n"
             "Cal,Diaz,12,\n")
    job = _run(staff, _job(staff, "sheet.csv", sheet.encode()), django_capture_on_commit_callbacks)
    assert job.failed_count == 2
    client.force_login(staff)
    assert "failed.csv" in client.get(reverse("members:import_progress", args=[job.pk])).content.decode()
    response = client.get(reverse("members:import_failed_csv", args=[job.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["First name", "Last name", "Phone", "Email", "Problems"]
    # The formula guard wrote the cell that starts with a minus sign as text.
    assert rows[1][:4] == ["", "Nameless", "'-312-555-0113", ""]
    assert "a first name is needed" in rows[1][4]
    assert rows[2][:3] == ["Cal", "Diaz", "12"] and "not a phone number" in rows[2][4]
    # Fixed in a spreadsheet and imported again: the guard's apostrophe is read back off.
    fixed = text.replace('"","Nameless"', '"Nia","Nameless"').replace('"12"', '"312-555-0114"')
    again = _run(staff, _job(staff, "sheet-failed-rows.csv", fixed.encode("utf-8-sig")),
                 django_capture_on_commit_callbacks)
    assert (again.created_count, again.failed_count) == (2, 0)
    assert Person.objects.get(first_name="Nia").phones.get().digits == "3125550113"
