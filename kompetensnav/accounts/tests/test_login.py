"""Logging in with e-mail, rate limits, two-factor requirement, session expiry."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from conftest import DEMO_PASSWORD
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.middleware import LAST_SEEN_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_reaches_start_page(client, broker):
    response = client.post(
        reverse("account_login"), {"login": broker.email.upper(), "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Lärcentrum Egen" in page.content.decode()


def test_login_wrong_password_shows_error_and_keeps_email(client, broker):
    response = client.post(reverse("account_login"), {"login": broker.email, "password": "fel"})
    body = response.content.decode()
    assert response.status_code == 200
    assert broker.email in body
    assert 'aria-invalid="true"' in body or "errorlist" in body


def test_login_failures_are_rate_limited_per_account(client, broker):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": broker.email, "password": "fel"})
    response = client.post(
        reverse("account_login"), {"login": broker.email, "password": DEMO_PASSWORD}
    )
    # even the right password is refused for a while, with a message saying so
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_login_failures_are_rate_limited_per_client_ip(client, make_user, own_org):
    users = [make_user(Role.VIEWER, own_org) for _ in range(11)]
    for user in users[:10]:
        client.post(reverse("account_login"), {"login": user.email, "password": "fel"})
    response = client.post(
        reverse("account_login"), {"login": users[10].email, "password": DEMO_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_password_reset_is_rate_limited_per_account(client, broker):
    statuses = [
        client.post(reverse("account_reset_password"), {"email": broker.email}).status_code
        for _ in range(4)
    ]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429


def test_signup_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.se",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    from kompetensnav.accounts.models import User

    assert not User.objects.filter(email="new@example.se").exists()
    assert response.status_code == 200


@pytest.fixture
def mfa_required(settings):
    settings.KOMPETENSNAV_MFA_REQUIRED_ROLES = [Role.COORDINATOR]


def test_coordinator_without_totp_is_sent_to_activate_it(mfa_required, coordinator, client):
    client.force_login(coordinator)
    response = client.get(reverse("network:organisation_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # the activation page itself is reachable (after confirming the password)
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_coordinator_with_totp_passes(mfa_required, coordinator, client):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    assert client.get(reverse("network:organisation_list")).status_code == 200


def test_broker_is_not_required_to_have_totp(mfa_required, broker, client):
    client.force_login(broker)
    assert client.get(reverse("network:organisation_list")).status_code == 200


def test_session_ends_after_inactivity(settings, client, broker):
    settings.SESSION_IDLE_SECONDS = 60
    client.force_login(broker)
    assert client.get(reverse("accounts:profile")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 120
    session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_session_has_absolute_expiry_however_active(settings, client, broker):
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(broker)
    assert client.get(reverse("accounts:profile")).status_code == 200
    session = client.session
    session[STARTED_KEY] = int(time.time()) - 3601
    session[LAST_SEEN_KEY] = int(time.time()) - 5
    session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
