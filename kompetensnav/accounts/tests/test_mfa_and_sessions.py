"""Two-factor authentication for API tokens of roles that require it, and disabling an
account ending its sessions and tokens for good."""

import time
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import DEMO_PASSWORD
from kompetensnav.accounts import services
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.KOMPETENSNAV_MFA_REQUIRED_ROLES = [Role.COORDINATOR]
    settings.API_TOKEN_MAX_AGE_DAYS = 90


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _code(secret: str) -> str:
    """The code of the current 30-second window; near its end, of the next one (the code must
    still be valid when the server checks it, a request later)."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# --- the token page of a role that requires two-factor authentication ---


def test_token_page_asks_for_a_code_then_creates_an_expiring_token(
    mfa_required, coordinator, client_for
):
    secret = _with_totp(coordinator)
    client = client_for(coordinator)  # logged in, but no code entered in this session
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    assert "när du skapar en token" in page and "90 dagar" in page

    response = client.post(
        reverse("accounts:api_tokens"), {"name": "Statistik", "scopes": ["read"]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not ApiToken.objects.exists()

    # allauth's page takes the code, then carries out the kept request
    confirmed = client.post(
        response["Location"],
        {"code": _code(secret), "next": reverse("accounts:api_tokens")},
    )
    body = confirmed.content.decode()
    assert confirmed.status_code == 200, body
    token = ApiToken.objects.get()
    assert token.name == "Statistik" and token.mfa_confirmed
    assert token.expires - timezone.now() > timedelta(days=89, hours=23)
    assert 'id="new-token"' in body
    # shown as the day it is in Sweden (after 23:00 UTC that is the next day)
    assert timezone.localtime(token.expires).strftime("%Y-%m-%d") in body


def test_token_page_right_after_a_code_creates_without_asking_again(
    mfa_required, coordinator, client_for
):
    secret = _with_totp(coordinator)
    client = client_for(coordinator)
    client.post(
        reverse("mfa_reauthenticate") + "?next=/",
        {"code": _code(secret), "next": "/"},
    )
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "Statistik", "scopes": ["read"]}
    )
    assert response.status_code == 200
    assert 'id="new-token"' in response.content.decode()
    assert ApiToken.objects.get().mfa_confirmed


def test_token_page_password_alone_is_not_enough(mfa_required, coordinator, client_for):
    _with_totp(coordinator)
    client = client_for(coordinator)
    client.post(
        reverse("account_reauthenticate") + "?next=/", {"password": DEMO_PASSWORD, "next": "/"}
    )
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "Statistik", "scopes": ["read"]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not ApiToken.objects.exists()


def test_token_page_without_two_factor_creates_nothing(mfa_required, coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "Statistik", "scopes": ["read"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not ApiToken.objects.exists()


def test_token_service_refuses_an_unconfirmed_token_for_an_mfa_role(mfa_required, coordinator):
    from django.core.exceptions import PermissionDenied

    _with_totp(coordinator)
    coordinator.affiliation = Affiliation.objects.get(user=coordinator)
    with pytest.raises(PermissionDenied, match="autentiseringsapp"):
        services.api_token_create(actor=coordinator, name="Statistik")
    assert not ApiToken.objects.exists()


def test_token_page_of_other_roles_needs_no_code_and_never_expires(
    mfa_required, broker, client_for
):
    client = client_for(broker)
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "Statistik", "scopes": ["read"]}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="new-token"' in body and "aldrig" in body
    token = ApiToken.objects.get()
    assert token.expires is None and not token.mfa_confirmed


def test_token_list_marks_an_expired_token(mfa_required, coordinator, client_for):
    secret = _with_totp(coordinator)
    client = client_for(coordinator)
    client.post(reverse("mfa_reauthenticate") + "?next=/", {"code": _code(secret), "next": "/"})
    client.post(reverse("accounts:api_tokens"), {"name": "Statistik", "scopes": ["read"]})
    assert ApiToken.objects.update(expires=timezone.now() - timedelta(days=1)) == 1
    body = client.get(reverse("accounts:api_tokens")).content.decode()
    assert "utgången" in body
    assert reverse("accounts:api_token_revoke", args=[ApiToken.objects.get().pk]) not in body


# --- disabling an account ---


def test_disable_then_reenable_keeps_the_old_session_dead(coordinator, broker, client_for):
    victim = client_for(broker)
    assert victim.get(reverse("accounts:profile")).status_code == 200
    services.user_set_active(actor=_acting(coordinator), user=broker, is_active=False)
    services.user_set_active(actor=_acting(coordinator), user=broker, is_active=True)
    response = victim.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in victim.session


def test_disable_then_reenable_revokes_the_tokens_for_good(coordinator, broker):
    broker.affiliation = Affiliation.objects.get(user=broker)
    token, raw = services.api_token_create(actor=broker, name="Statistik")
    services.user_set_active(actor=_acting(coordinator), user=broker, is_active=False)
    services.user_set_active(actor=_acting(coordinator), user=broker, is_active=True)
    token.refresh_from_db()
    assert token.revoked is not None
    assert ApiToken.find(raw) is None


def test_reenabled_account_logs_in_again_and_keeps_that_session(coordinator, broker):
    services.user_set_active(actor=_acting(coordinator), user=broker, is_active=False)
    services.user_set_active(actor=_acting(coordinator), user=broker, is_active=True)
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": broker.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_deactivated_then_reactivated_role_keeps_its_tokens_revoked(org_admin, broker):
    broker.affiliation = Affiliation.objects.get(user=broker)
    token, raw = services.api_token_create(actor=broker, name="Statistik")
    services.affiliation_update(
        actor=_acting(org_admin), affiliation=broker.affiliation, role=Role.BROKER, is_active=False
    )
    services.affiliation_update(
        actor=_acting(org_admin), affiliation=broker.affiliation, role=Role.BROKER, is_active=True
    )
    assert ApiToken.find(raw) is None


def _acting(user):
    user.affiliation = Affiliation.objects.get(user=user)
    return user
