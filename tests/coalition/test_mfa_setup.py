"""Under mandatory MFA, staff and admins can always finish setting up their authenticator app, whatever the
state of their email addresses, and reach nothing else until they have."""

from __future__ import annotations

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.coalition.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ACTIVATE = reverse("mfa_activate_totp")


def signed_in(role: str, settings) -> tuple[Client, object]:  # type: ignore[no-untyped-def]
    settings.REQUIRE_MFA = True
    user = UserFactory(role=role)
    client = Client()
    assert client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}).status_code == 302
    return client, user


def authenticator_code(secret: str) -> str:
    """What the person's authenticator app shows now (RFC 6238, 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def set_up_totp(client: Client) -> None:
    """Follow the gate the way a person does: any page sends them to the set-up page, which may first ask for
    the password again; then they scan the secret and type the code their app shows."""
    assert client.get("/organizations/")["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    if page.status_code == 302 and page["Location"].startswith(reverse("account_reauthenticate")):
        client.post(page["Location"], {"password": TEST_PASSWORD})
        page = client.get(ACTIVATE)
    assert page.status_code == 200, page.get("Location")
    secret = client.session[SECRET_SESSION_KEY]
    done = client.post(ACTIVATE, {"code": authenticator_code(secret)})
    assert done.status_code == 302, done.content.decode()[:2000]


def email_addresses(client: Client, user, state: str) -> None:  # type: ignore[no-untyped-def]
    """Put the account's email addresses in `state`, through the email page where a person can."""
    if state == "none recorded":
        return
    page = client.get(reverse("account_email"))  # listing them records the sign-in address, unverified
    assert page.status_code == 200
    if state in ("several", "one verified, one not"):
        added = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})
        assert added.status_code == 302
    if state == "one verified, one not":
        EmailAddress.objects.filter(user=user, email=user.email).update(verified=True)


@pytest.mark.parametrize("role", ["admin", "staff"])
@pytest.mark.parametrize("state", ["none recorded", "unverified", "several", "one verified, one not"])
def test_totp_can_be_set_up_whatever_the_email_addresses(role, state, settings) -> None:  # type: ignore[no-untyped-def]
    client, user = signed_in(role, settings)
    email_addresses(client, user, state)
    if state != "none recorded":
        assert EmailAddress.objects.filter(user=user, verified=False).exists()
    set_up_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
    assert client.get("/organizations/").status_code == 200


def test_what_setting_up_needs_is_reachable_before_the_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    client, user = signed_in("staff", settings)
    assert client.get(reverse("account_email")).status_code == 200
    client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})
    sent = client.post(reverse("account_email"), {"action_send": "", "email": "second@example.org"})
    assert sent.status_code == 302 and sent["Location"] != ACTIVATE
    link = next(line for m in mail.outbox for line in m.body.splitlines() if "/accounts/confirm-email/" in line)
    confirm = link[link.index("/accounts/confirm-email/"):].strip()
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    assert EmailAddress.objects.get(user=user, email="second@example.org").verified
    assert client.get(reverse("mfa_index")).status_code == 200
    switched = client.post(reverse("set_language"), {"language": "es", "next": reverse("mfa_index")})
    assert switched["Location"] == reverse("mfa_index")
    client.post(reverse("account_logout"))
    assert client.get("/organizations/")["Location"].startswith(reverse("account_login"))


def test_coalition_pages_under_accounts_are_behind_the_gate(settings) -> None:  # type: ignore[no-untyped-def]
    # The invite page lives under /accounts/ too, but it is the coalition's, not a step of setting up MFA.
    client, _user = signed_in("staff", settings)
    assert client.get(reverse("coalition:user_invite"))["Location"] == ACTIVATE
    assert client.post(reverse("coalition:user_invite"), {"email": "x@example.org"})["Location"] == ACTIVATE
