"""The coalition's pages through the client: lists, forms, bad input, the audit log, invitations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry, County, Organization, User
from tests.coalition.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("rows", [1, 20])
def test_organization_list_constant_queries(rows, staff, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(rows):
        OrganizationFactory(name=f"Org {n}")
    client = client_for(staff)
    client.get(reverse("coalition:organization_list"))  # warm the session
    # session, user, count for the pager, the page of rows, the region choices of the filter form
    with django_assert_num_queries(5):
        response = client.get(reverse("coalition:organization_list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == rows


def test_organization_filter_and_htmx_partial(staff) -> None:  # type: ignore[no-untyped-def]
    OrganizationFactory(name="Cabrini-Green Legal Aid", kind="legal_aid")
    OrganizationFactory(name="Kolbe House", kind="faith")
    client = client_for(staff)
    page = client.get(reverse("coalition:organization_list"), {"q": "cabrini"}).content.decode()
    assert "Cabrini-Green Legal Aid" in page and "Kolbe House" not in page
    partial = client.get(reverse("coalition:organization_list"), {"kind": "faith"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and "Kolbe House" in body and "Cabrini" not in body


def test_organization_create_rejects_a_duplicate_name_and_keeps_the_first(staff) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff)
    url = reverse("coalition:organization_create")
    first = client.post(url, {"name": "TASC", "kind": "service"})
    assert first.status_code == 302
    second = client.post(url, {"name": "tasc", "kind": "service"})
    assert second.status_code == 200
    assert "already exists" in second.content.decode()
    assert Organization.objects.filter(name__iexact="tasc").count() == 1


def test_organization_update_saves_changes(staff) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="TASC")
    response = client_for(staff).post(
        reverse("coalition:organization_update", args=[organization.pk]),
        {"name": "TASC", "kind": "service", "website": "https://www.tasc.org/"},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.website == "https://www.tasc.org/"


def test_admin_moves_a_county_between_regions_and_it_is_audited(coalition_admin, regions) -> None:  # type: ignore[no-untyped-def]
    client = client_for(coalition_admin)
    kendall = County.objects.get(fips="17093")
    assert kendall.region.slug == "collar-counties"
    northern_ids = list(regions["northern"].counties.values_list("pk", flat=True))
    response = client.post(
        reverse("coalition:region_update", args=["northern"]), {"counties": [*northern_ids, kendall.pk]}
    )
    assert response.status_code == 302
    kendall.refresh_from_db()
    assert kendall.region.slug == "northern"
    entry = AuditEntry.objects.get()
    assert entry.actor == coalition_admin and entry.detail == {"counties": ["17093"]}


def test_unchecking_a_county_says_where_it_must_go_and_changes_nothing(coalition_admin, regions) -> None:  # type: ignore[no-untyped-def]
    client = client_for(coalition_admin)
    ids = list(regions["metro-east"].counties.values_list("pk", flat=True))
    response = client.post(reverse("coalition:region_update", args=["metro-east"]), {"counties": ids[1:]})
    assert response.status_code == 200
    assert "add them to another region" in response.content.decode()
    assert regions["metro-east"].counties.count() == len(ids)


def test_audit_log_filters(coalition_admin, staff) -> None:  # type: ignore[no-untyped-def]
    AuditEntry.objects.create(actor=staff, action="view", summary="Viewed sensitive facts")
    AuditEntry.objects.create(actor=coalition_admin, action="export", summary="Exported people")
    client = client_for(coalition_admin)
    body = client.get(reverse("coalition:audit_list"), {"action": "export"}).content.decode()
    assert "Exported people" in body and "Viewed sensitive facts" not in body
    body = client.get(reverse("coalition:audit_list"), {"who": "staff@"}).content.decode()
    assert "Viewed sensitive facts" in body and "Exported people" not in body


def test_staff_invite_an_organizer_who_gets_a_link_to_choose_a_password(
    staff, region_chicago, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
        reverse("coalition:user_invite"),
            {
                "email": "New.Organizer@Example.org",
                "first_name": "Nia",
                "role": "organizer",
                "region": region_chicago.pk,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.organizer@example.org")
    assert user.role == "organizer" and user.region == region_chicago and not user.has_usable_password()
    assert len(mail.outbox) == 1 and "/accounts/password/reset/key/" in mail.outbox[0].body
    # Following the link lets them choose a password and sign in.
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/key/" in line).strip()
    anon = Client()
    form_page = anon.get(link, follow=True)
    assert form_page.status_code == 200
    done = anon.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                     {"password1": "a-fresh-password-2026", "password2": "a-fresh-password-2026"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-fresh-password-2026")


def test_an_invitation_link_works_once_and_says_so_in_plain_words(
    coalition_admin, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coalition_admin).post(reverse("coalition:user_invite"),
                               {"email": "new.staff@example.org", "first_name": "Ade", "role": "staff"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/key/" in line).strip()
    anon = Client()
    form_page = anon.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    body = form_page.content.decode()
    assert "Choose your password" in body and "at least 10 characters" in body
    mismatch = anon.post(set_url, {"password1": "a-fresh-password-2026", "password2": "another-password-2026"})
    assert mismatch.status_code == 200 and 'class="field-error"' in mismatch.content.decode()
    assert not User.objects.get(email="new.staff@example.org").has_usable_password()
    done = anon.post(set_url, {"password1": "a-fresh-password-2026", "password2": "a-fresh-password-2026"},
                     follow=True)
    assert "Your password is saved" in done.content.decode()
    again = Client().get(link, follow=True).content.decode()
    assert "This link no longer works" in again and "Choose your password" not in again


def test_invite_bad_input_is_explained(staff, organizer_chicago) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff)
    url = reverse("coalition:user_invite")
    no_region = client.post(url, {"email": "x@example.org", "first_name": "X", "role": "organizer"})
    assert "Choose the region this organizer works in." in no_region.content.decode()
    taken = client.post(url, {"email": organizer_chicago.email.upper(), "first_name": "X", "role": "member"})
    assert "already exists" in taken.content.decode()
    staff_role = client.post(url, {"email": "y@example.org", "first_name": "Y", "role": "staff"})
    assert "Select a valid choice" in staff_role.content.decode()
    assert not User.objects.filter(email__in=["x@example.org", "y@example.org"]).exists()
    assert not mail.outbox


def test_home_shows_the_role(organizer_chicago, partner_rep) -> None:  # type: ignore[no-untyped-def]
    assert "Chicago" in client_for(organizer_chicago).get("/").content.decode()
    assert "Safer Foundation" in client_for(partner_rep).get("/").content.decode()


def test_home_says_what_each_role_sees(staff, coalition_admin, organizer_chicago, partner_rep, member) -> None:  # type: ignore[no-untyped-def]
    pages = {user.role: client_for(user).get("/").content.decode()
             for user in (staff, coalition_admin, organizer_chicago, partner_rep, member)}
    statewide = "You see the whole state"
    assert statewide in pages["staff"] and statewide in pages["admin"]
    assert "Your region: Chicago" in pages["organizer"] and statewide not in pages["organizer"]
    assert "You represent Safer Foundation" in pages["partner"] and "Your region" not in pages["partner"]
    assert "Here you will find your events" in pages["member"]
    assert not any(text in pages["member"] for text in (statewide, "Your region", "You represent"))


def test_only_admins_are_offered_to_change_a_regions_counties(coalition_admin, staff, organizer_chicago) -> None:  # type: ignore[no-untyped-def]
    change = reverse("coalition:region_update", args=["chicago"])
    assert change in client_for(coalition_admin).get(reverse("coalition:region_list")).content.decode()
    for user in (staff, organizer_chicago):
        page = client_for(user).get(reverse("coalition:region_list"))
        assert page.status_code == 200 and change not in page.content.decode()


def test_mark_done_is_offered_to_the_owner_and_staff_and_owners_are_coalition_accounts(
        staff, organizer_chicago, organizer_central, member) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from coalition.models import ActionItem
    from tests.campaigns.factories import MeetingFactory

    meeting = MeetingFactory()
    item = ActionItem.objects.create(meeting=meeting, description="Send the memo", owner=organizer_chicago,
                                     due_on=datetime.date(2026, 12, 1))
    page_url = reverse("coalition:table_meeting_detail", args=[meeting.pk])
    done_url = reverse("coalition:table_action_item_done", args=[item.pk])
    assert done_url in client_for(organizer_chicago).get(page_url).content.decode()
    assert done_url not in client_for(organizer_central).get(page_url).content.decode()
    staff_page = client_for(staff).get(page_url)
    assert done_url in staff_page.content.decode()
    owners = set(staff_page.context["action_form"].fields["owner"].queryset)
    assert {staff, organizer_chicago, organizer_central} <= owners and member not in owners
    refused = client_for(staff).post(reverse("coalition:table_action_item_create", args=[meeting.pk]), {
        "description": "Bring the flyers", "owner": member.pk, "due_on": "2026-12-01"})
    assert refused.status_code == 200 and not ActionItem.objects.filter(description="Bring the flyers").exists()
