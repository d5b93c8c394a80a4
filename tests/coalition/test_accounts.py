"""Signing in: plain messages, no hint of which accounts exist, rate limits, no sign-up, MFA for staff."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coalition.models import User
from tests.coalition.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def sign_in(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"login": email, "password": password})


def error_text(response) -> str:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    start = body.index("data-error-summary")
    return body[start : body.index("</div>", start)]


def test_right_password_signs_in(staff) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(Client(), staff.email, TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_wrong_password_and_unknown_account_get_the_same_plain_message(staff) -> None:  # type: ignore[no-untyped-def]
    wrong = sign_in(Client(), staff.email, "not-the-password")
    unknown = sign_in(Client(), "nobody@nowhere.example", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert error_text(wrong) == error_text(unknown)
    assert "not correct" in error_text(wrong)


def test_repeated_failures_are_rate_limited(staff) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    bodies = [sign_in(client, staff.email, f"wrong-{n}").content.decode() for n in range(7)]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]
    # Even the right password waits until the limit passes.
    assert sign_in(client, staff.email, TEST_PASSWORD).status_code == 200


def test_there_is_no_open_sign_up() -> None:
    response = Client().post(
        "/accounts/signup/",
        {"email": "new@x.example", "password1": "a-long-pass-2026", "password2": "a-long-pass-2026"},
    )
    assert not User.objects.filter(email="new@x.example").exists()
    assert "Sign Up Closed" in response.content.decode() or response.status_code in (403, 404)


def test_a_page_asks_nobody_to_sign_in_with_a_plain_note() -> None:
    response = Client().get("/organizations/", follow=True)
    assert "Please sign in to continue" in response.content.decode()


def test_an_expired_session_sends_back_to_sign_in(staff, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, staff.email, TEST_PASSWORD)
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/organizations/", follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "your session has ended" in response.content.decode()


def test_sign_out_ends_the_session(staff) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, staff.email, TEST_PASSWORD)
    client.post(reverse("account_logout"))
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", ["admin", "staff"])
def test_mfa_is_required_for_admin_and_staff_when_switched_on(role, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.coalition.factories import UserFactory

    settings.REQUIRE_MFA = True
    user = UserFactory(role=role)
    client = Client()
    sign_in(client, user.email, TEST_PASSWORD)
    response = client.get("/organizations/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a second factor is set up; then the set-up page opens.
    confirm = client.get(reverse("mfa_activate_totp"))
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    client.post(confirm["Location"], {"password": TEST_PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 and "authenticator" in setup.content.decode().lower()


def test_mfa_is_not_asked_of_organizers_or_when_off(organizer_chicago, staff, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REQUIRE_MFA = True
    client = Client()
    client.force_login(organizer_chicago)
    assert client.get("/organizations/").status_code == 200
    settings.REQUIRE_MFA = False
    client.force_login(staff)
    assert client.get("/organizations/").status_code == 200


def test_staff_with_totp_pass_the_mfa_gate(staff, settings) -> None:  # type: ignore[no-untyped-def]
    from allauth.mfa.models import Authenticator

    settings.REQUIRE_MFA = True
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(staff)
    assert client.get("/organizations/").status_code == 200


def test_back_office_is_for_admins_only(coalition_admin, staff) -> None:  # type: ignore[no-untyped-def]
    admin_client, staff_client = Client(), Client()
    admin_client.force_login(coalition_admin)
    staff_client.force_login(staff)
    assert admin_client.get("/backoffice/coalition/county/").status_code == 200
    assert staff_client.get("/backoffice/coalition/county/").status_code == 404
    assert Client().get("/backoffice/").status_code == 302


def test_a_member_sees_their_preferred_language_until_they_switch(member) -> None:  # type: ignore[no-untyped-def]
    member.preferred_language = "es"
    member.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(member)
    assert '<html lang="es">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
