"""Resources are edited and their files replaced (the old one kept as a version); a campaign's public toolkit lists
its public documents for anyone, in the visitor's language, with no member's name on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from campaigns import services
from campaigns.models import Campaign, Resource, ResourceVersion
from coalition.models import AuditEntry
from tests.campaigns.factories import CampaignFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_V2 = PDF + b"% second version\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """A visitor's `?lang=es` stays active in the test's thread after the request: the next test reads English."""
    yield
    translation.activate("en")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _share(actor: Any, campaign: Campaign, title: str, audience: str = Resource.Audience.PUBLIC,
           **fields: Any) -> Resource:
    return services.resource_create(actor=actor, upload=SimpleUploadedFile(f"{title}.pdf", PDF, "application/pdf"),
                                    title=title, kind=fields.pop("kind", Resource.Kind.TALKING_POINTS),
                                    language="en", campaign=campaign, audience=audience, **fields)


def test_the_toolkit_lists_public_documents_for_anyone_without_names(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory(name="Fully Free", slug="fully-free", description="End permanent punishments.")
    other = CampaignFactory(name="Clean Slate", slug="clean-slate")
    public = _share(staff, campaign, "Talking points", title_es="Puntos de conversación",
                    description="For calls", description_es="Para llamadas")
    english_only = _share(staff, campaign, "Sample ordinance", kind=Resource.Kind.SAMPLE_POLICY)
    _share(staff, campaign, "Staff memo", audience=Resource.Audience.STAFF)
    _share(staff, campaign, "Partners brief", audience=Resource.Audience.PARTNERS)
    _share(staff, other, "Other campaign's graphic")
    url = reverse("toolkit:toolkit", args=["fully-free"])

    page = Client().get(url)
    assert page.status_code == 200
    shown = {r.pk for r in page.context["page"].object_list}
    assert shown == {public.pk, english_only.pk}
    html = page.content.decode()
    assert "Talking points" in html and "Staff memo" not in html and "Partners brief" not in html
    assert staff.first_name not in html and staff.last_name not in html

    spanish = Client().get(url + "?lang=es").content.decode()
    assert "Puntos de conversación" in spanish and "Para llamadas" in spanish
    assert "Sample ordinance" in spanish  # no Spanish title: the English one
    only_policies = Client().get(url + "?kind=sample_policy").context["page"].object_list
    assert [r.pk for r in only_policies] == [english_only.pk]


def test_public_files_download_signed_out_and_private_ones_stay_behind_the_policy(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory(slug="fully-free")
    public = _share(staff, campaign, "Graphic")
    private = _share(staff, campaign, "Memo", audience=Resource.Audience.ORGANIZERS)
    anon = Client()
    download = anon.get(reverse("toolkit:toolkit_file", args=["fully-free", public.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert anon.get(reverse("toolkit:toolkit_file", args=["fully-free", private.pk])).status_code == 404
    assert anon.get(reverse("coalition:campaigns:resource_file", args=[private.pk])).status_code == 302
    # A public document reached through another campaign's address is not found either.
    CampaignFactory(slug="clean-slate")
    assert anon.get(reverse("toolkit:toolkit_file", args=["clean-slate", public.pk])).status_code == 404


def test_a_campaign_still_being_planned_has_no_public_toolkit(staff: Any, regions: Any) -> None:
    CampaignFactory(slug="secret-plan", status=Campaign.Status.PLANNING)
    assert Client().get(reverse("toolkit:toolkit", args=["secret-plan"])).status_code == 404
    assert Client().get(reverse("toolkit:toolkit", args=["never-was"])).status_code == 404


def test_editing_a_resource_changes_its_words_and_audience(staff: Any, organizer_chicago: Any, regions: Any) -> None:
    campaign = CampaignFactory(slug="fully-free")
    resource = _share(staff, campaign, "Points", audience=Resource.Audience.ORGANIZERS)
    url = reverse("coalition:campaigns:resource_update", args=[resource.pk])
    assert client_for(organizer_chicago).get(url).status_code == 404  # staff shared it
    data = {"title": "Talking points", "title_es": "Puntos", "kind": "talking_points", "language": "en",
            "campaign": campaign.pk, "audience": "public", "description": "", "description_es": ""}
    no_home = client_for(staff).post(url, {**data, "campaign": ""})
    assert "Choose the campaign or the coalition table" in no_home.content.decode()
    assert client_for(staff).post(url, data).status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.title_es, resource.audience) == ("Talking points", "Puntos", "public")
    assert AuditEntry.objects.get(summary__startswith="Changed a resource").detail["fields"] == [
        "audience", "title", "title_es"]
    assert resource.pk in {r.pk for r in Client().get(reverse("toolkit:toolkit", args=["fully-free"]))
                           .context["page"].object_list}


def test_replacing_a_file_keeps_the_old_one_as_a_version_once_per_post(staff: Any, partner_rep: Any,
                                                                       regions: Any) -> None:
    campaign = CampaignFactory(slug="fully-free")
    resource = _share(staff, campaign, "Points")
    client = client_for(staff)
    url = reverse("coalition:campaigns:resource_replace", args=[resource.pk])
    key = str(client.get(url).context["form"]["idempotency_key"].value())
    bad = client.post(url, {"upload": SimpleUploadedFile("points.exe", b"MZ", "application/octet-stream"),
                            "idempotency_key": key})
    assert bad.status_code == 200 and "is not a document or an image we accept" in bad.context["form"].errors[
        "upload"][0]
    assert not ResourceVersion.objects.exists()
    for _ in range(2):
        response = client.post(url, {"upload": SimpleUploadedFile("points-v2.pdf", PDF_V2, "application/pdf"),
                                     "idempotency_key": key})
        assert response.status_code == 302
    version = ResourceVersion.objects.get()
    resource.refresh_from_db()
    assert resource.file_name == "points-v2.pdf" and version.file_name == "Points.pdf"
    assert b"".join(client.get(reverse("coalition:campaigns:resource_file", args=[resource.pk]))
                    .streaming_content) == PDF_V2
    old = client.get(reverse("coalition:campaigns:resource_version_file", args=[version.pk]))
    assert b"".join(old.streaming_content) == PDF
    detail = client.get(reverse("coalition:campaigns:resource_detail", args=[resource.pk])).content.decode()
    assert "Points.pdf" in detail and "Earlier versions" in detail
    # The public file is the new one; earlier versions stay behind sign-in.
    public = Client().get(reverse("toolkit:toolkit_file", args=["fully-free", resource.pk]))
    assert b"".join(public.streaming_content) == PDF_V2
    assert Client().get(reverse("coalition:campaigns:resource_version_file", args=[version.pk])).status_code == 302
