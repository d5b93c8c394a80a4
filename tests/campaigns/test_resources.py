"""Resources: checked uploads, served through the policy, partners see what their tables share."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import Resource
from coalition import access
from tests.campaigns.factories import CampaignFactory, SeatFactory, TableFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _share(actor: Any, name: str, data: bytes, content_type: str, **fields: Any) -> Resource:
    fields.setdefault("campaign", CampaignFactory())
    return services.resource_create(actor=actor, upload=SimpleUploadedFile(name, data, content_type=content_type),
                                    title="Doc", kind=Resource.Kind.MEMO, language="en",
                                    audience=fields.pop("audience", Resource.Audience.ORGANIZERS), **fields)


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("points.pdf", PDF, "application/pdf"),
    ("graphic.png", PNG, "image/png"),
    ("memo.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_documents_and_images_are_accepted(staff: Any, name: str, data: bytes, content_type: str) -> None:
    resource = _share(staff, name, data, content_type)
    assert resource.size == len(data) and resource.file_name == name


@pytest.mark.parametrize(("name", "data", "content_type", "message"), [
    ("drawing.svg", b"<svg><script>alert(1)</script></svg>", "image/svg+xml", "not a document or an image"),
    ("tool.exe", b"MZ\x90\x00", "application/octet-stream", "not a document or an image"),
    ("fake.pdf", b"<html>hi</html>", "application/pdf", "does not look like a real PDF"),
    ("fake.png", PDF, "image/png", "does not look like a real PNG"),
    ("fake.docx", b"PK\x03\x04garbage", "application/zip", "does not look like a real DOCX"),
])
def test_other_files_get_a_plain_message(staff: Any, name: str, data: bytes, content_type: str,
                                         message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _share(staff, name, data, content_type)
    assert not Resource.objects.exists()


def test_too_large_a_file_names_the_limit(staff: Any, settings: Any) -> None:
    settings.RESOURCE_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="largest file we accept is 1 MB"):
        _share(staff, "big.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")


def test_partners_see_what_their_tables_share(staff: Any, partner_rep: Any, regions: Any) -> None:
    ours, theirs = TableFactory(), TableFactory()
    SeatFactory(table=ours, organization=partner_rep.organization)
    campaign = CampaignFactory()
    campaign.tables.add(ours)
    shared = _share(staff, "a.pdf", PDF, "application/pdf", table=ours, audience=Resource.Audience.PARTNERS)
    via_campaign = _share(staff, "b.pdf", PDF, "application/pdf", campaign=campaign,
                          audience=Resource.Audience.PARTNERS)
    _share(staff, "c.pdf", PDF, "application/pdf", table=theirs, audience=Resource.Audience.PARTNERS)
    _share(staff, "d.pdf", PDF, "application/pdf", table=ours, audience=Resource.Audience.ORGANIZERS)
    public = _share(staff, "e.pdf", PDF, "application/pdf", table=theirs, audience=Resource.Audience.PUBLIC)
    assert set(access.resource_scope(partner_rep)) == {shared, via_campaign, public}


def test_the_file_is_served_through_the_policy(client: Any, staff: Any, partner_rep: Any, member: Any) -> None:
    resource = _share(staff, "a.pdf", PDF, "application/pdf", audience=Resource.Audience.STAFF)
    url = reverse("coalition:campaigns:resource_file", args=[resource.pk])
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    for outsider in (partner_rep, member):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_upload_form_shows_the_message_on_the_file_field(client: Any, staff: Any, regions: Any) -> None:
    client.force_login(staff)
    campaign = CampaignFactory()
    response = client.post(reverse("coalition:campaigns:resource_create"), {
        "title": "x", "kind": "memo", "language": "en", "campaign": campaign.pk, "audience": "organizers",
        "upload": SimpleUploadedFile("x.svg", b"<svg/>", content_type="image/svg+xml"),
    })
    assert response.status_code == 200
    assert "not a document or an image we accept" in response.content.decode()


def test_resource_list_queries_do_not_grow(client: Any, staff: Any, regions: Any,
                                           django_assert_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = reverse("coalition:campaigns:resource_list")
    _share(staff, "a.pdf", PDF, "application/pdf")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(19):
        _share(staff, f"{i}.pdf", PDF, "application/pdf")
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_remove_is_offered_on_what_the_actor_may_change(client: Any, staff: Any, organizer_chicago: Any,
                                                        organizer_central: Any, regions: Any) -> None:
    theirs = _share(organizer_chicago, "theirs.pdf", PDF, "application/pdf")
    staffs = _share(staff, "staffs.pdf", PDF, "application/pdf")

    def offered(user: Any) -> set[int]:
        client.force_login(user)
        page = client.get(reverse("coalition:campaigns:resource_list")).content.decode()
        return {r.pk for r in (theirs, staffs)
                if reverse("coalition:campaigns:resource_delete", args=[r.pk]) in page}

    assert offered(staff) == {theirs.pk, staffs.pk}
    assert offered(organizer_chicago) == {theirs.pk}
    assert offered(organizer_central) == set()
