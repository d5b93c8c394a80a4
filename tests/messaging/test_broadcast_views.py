"""The broadcast pages through the client: composing with its live preview, sending, constant queries on the
list and the progress, 404 outside reach."""

from __future__ import annotations

import pytest
from django.urls import reverse

from messaging import broadcast_services
from messaging.models import Broadcast, Message
from tests.messaging.broadcast_factories import consenting, draft, saved_list

pytestmark = pytest.mark.django_db


def _form(audience: str, **fields: str) -> dict[str, str]:
    data = {"name": "Lobby day", "audience": audience, "mode": "sms", "sms_en": "Hi {preferred_name}!",
            "sms_es": "", "email_subject_en": "", "email_subject_es": "", "email_body_en": "", "email_body_es": "",
            "idempotency_key": "6d0c3f9e-0d5e-4a57-9a57-0e8f3c1f2a11", **fields}
    return {f"b-{k}": v for k, v in data.items()}


def test_compose_save_twice_is_one_draft_and_errors_are_plain(client, staff):
    people = [consenting("+13125550101", language="es")]
    audience = f"list:{saved_list(staff, people).pk}"
    client.force_login(staff)
    bad = client.post(reverse("messaging:broadcast_create"), _form(audience, sms_en="Hi {nick}"))
    assert bad.status_code == 200 and "There is no merge field {nick}" in bad.content.decode()
    for _ in range(2):
        response = client.post(reverse("messaging:broadcast_create"), _form(audience))
        assert response.status_code == 302
    assert Broadcast.objects.count() == 1


def test_the_live_preview_shows_segments_counts_and_the_spanish_warning(client, staff):
    people = [consenting("+13125550101", language="es", first_name="Rosa"), consenting("+13125550102")]
    audience = f"list:{saved_list(staff, people).pk}"
    client.force_login(staff)
    response = client.post(reverse("messaging:broadcast_preview"), _form(audience), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "1 segment" in page and "GSM-7" in page
    assert "2 people will get it" in page
    assert "1 person in this audience speaks Spanish and there is no Spanish version" in page
    assert "Hi Rosa!" in page
    assert not Broadcast.objects.exists()


def test_send_from_the_page_and_see_progress(client, staff):
    broadcast = draft(staff, f"list:{saved_list(staff, [consenting('+13125550101')]).pk}")
    client.force_login(staff)
    detail = client.get(reverse("messaging:broadcast_detail", args=[broadcast.pk])).content.decode()
    assert "1 person will get it" in detail
    response = client.post(reverse("messaging:broadcast_send", args=[broadcast.pk]), {"when": "now"})
    assert response.status_code == 302
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SENDING
    progress = client.get(reverse("messaging:broadcast_progress", args=[broadcast.pk]), HTTP_HX_REQUEST="true")
    assert progress.status_code == 200 and "every 4s" in progress.content.decode()


def test_another_organizers_broadcast_is_404(client, organizer_chicago, organizer_central):
    mine = saved_list(organizer_chicago, [consenting("+13125550101")], sharing="private")
    broadcast = draft(organizer_chicago, f"list:{mine.pk}")
    client.force_login(organizer_central)
    for name in ("broadcast_detail", "broadcast_update", "broadcast_progress"):
        assert client.get(reverse(f"messaging:{name}", args=[broadcast.pk])).status_code == 404
    assert client.post(reverse("messaging:broadcast_cancel", args=[broadcast.pk])).status_code == 404
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.DRAFT


@pytest.mark.parametrize("n", [1, 20])
def test_the_list_page_has_constant_queries(client, staff, n, django_assert_max_num_queries):
    audience = f"list:{saved_list(staff, [consenting('+13125550101')]).pk}"
    for i in range(n):
        draft(staff, audience, name=f"Broadcast {i}")
    client.force_login(staff)
    client.get(reverse("messaging:broadcast_list"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("messaging:broadcast_list"))
    assert response.content.decode().count('class="card"') == n


@pytest.mark.parametrize("n", [1, 20])
def test_the_progress_has_constant_queries(client, staff, n, django_assert_max_num_queries, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: None)
    people = [consenting(f"+131255501{i:02d}") for i in range(n)]
    broadcast = draft(staff, f"list:{saved_list(staff, people).pk}")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    broadcast_services.broadcast_queue(broadcast_id=broadcast.pk)
    assert Message.objects.count() == n
    client.force_login(staff)
    client.get(reverse("messaging:broadcast_progress", args=[broadcast.pk]))
    with django_assert_max_num_queries(7):
        client.get(reverse("messaging:broadcast_progress", args=[broadcast.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("messaging:broadcast_detail", args=[broadcast.pk]))


def test_staff_previewing_an_organizers_draft_count_the_organizers_reach(client, staff, organizer_chicago,
                                                                         region_chicago):
    from coalition.models import County

    chicago = consenting("+13125550101")
    central = consenting("+12175550101", county=County.objects.get(fips="17167"))
    shared = saved_list(staff, [chicago, central], sharing="region", shared_region=region_chicago)
    broadcast = draft(organizer_chicago, f"list:{shared.pk}")
    client.force_login(staff)
    url = reverse("messaging:broadcast_preview") + f"?broadcast={broadcast.pk}"
    assert "1 person will get it" in client.post(url, _form(f"list:{shared.pk}")).content.decode()
    own = client.post(reverse("messaging:broadcast_preview"), _form(f"list:{shared.pk}")).content.decode()
    assert "2 people will get it" in own
