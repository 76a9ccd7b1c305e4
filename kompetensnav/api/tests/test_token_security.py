"""Tokens of roles that require two-factor authentication (MFA_REQUIRED_ROLES): refused with
a clear 401 problem when made before that rule, when the user has no two-factor any more, or
when expired. A disabled account's tokens stay dead when it is enabled again."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, ApiToken
from kompetensnav.accounts.services import api_token_create, user_set_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_mfa(settings):
    def _require() -> None:
        settings.KOMPETENSNAV_MFA_REQUIRED_ROLES = [Role.COORDINATOR]
        settings.API_TOKEN_MAX_AGE_DAYS = 90

    return _require


def _confirmed_token(user) -> str:
    """A token made as the token page makes it for an MFA role: right after a code."""
    user.affiliation = Affiliation.objects.get(user=user)
    _token, raw = api_token_create(actor=user, name="Statistik", mfa_confirmed=True)
    return raw


def _refused(response, *words: str) -> str:
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, detail
    return detail


def test_token_made_before_mfa_was_required_is_refused(
    api_client, token_for, coordinator, require_mfa
):
    raw = token_for(coordinator)
    assert api_client(token=raw).get("/api/me").status_code == 200
    require_mfa()
    _refused(api_client(token=raw).get("/api/me"), "tvåfaktorsautentisering", "Konto")
    # Turning two-factor on later does not make the old token acceptable.
    TOTP.activate(coordinator, generate_totp_secret())
    _refused(api_client(token=raw).get("/api/me"), "skapades innan", "API-token")


def test_token_of_mfa_role_whose_user_dropped_mfa_is_refused(api_client, coordinator, require_mfa):
    require_mfa()
    TOTP.activate(coordinator, generate_totp_secret())
    raw = _confirmed_token(coordinator)
    assert api_client(token=raw).get("/api/me").status_code == 200
    Authenticator.objects.filter(user=coordinator).delete()
    _refused(api_client(token=raw).get("/api/me"), "tvåfaktorsautentisering")


def test_token_of_mfa_role_expires(api_client, coordinator, require_mfa):
    require_mfa()
    TOTP.activate(coordinator, generate_totp_secret())
    raw = _confirmed_token(coordinator)
    token = ApiToken.objects.get()
    assert token.expires - token.created > timedelta(days=89)
    ApiToken.objects.update(expires=timezone.now() - timedelta(minutes=1))
    _refused(api_client(token=raw).get("/api/organisations"), "gick ut", "API-token")


def test_token_of_mfa_role_older_than_the_max_age_is_refused(
    api_client, coordinator, require_mfa, settings
):
    require_mfa()
    TOTP.activate(coordinator, generate_totp_secret())
    raw = _confirmed_token(coordinator)
    settings.API_TOKEN_MAX_AGE_DAYS = 30  # lowered after the token was made
    ApiToken.objects.update(created=timezone.now() - timedelta(days=31))
    _refused(api_client(token=raw).get("/api/me"), "30 dagar")


def test_token_of_other_roles_unaffected_by_mfa_rule(api_client, broker, require_mfa):
    require_mfa()
    assert api_client(broker).get("/api/me").status_code == 200


def test_refusal_is_in_the_token_users_language(api_client, token_for, coordinator, require_mfa):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    raw = token_for(coordinator)
    require_mfa()
    response = api_client(token=raw).get("/api/me")
    _refused(response, "two-factor authentication")
    assert response["Content-Language"] == "en"


def test_disable_then_reenable_keeps_the_old_token_refused(
    api_client, token_for, coordinator, broker
):
    raw = token_for(broker)
    assert api_client(token=raw).get("/api/me").status_code == 200
    coordinator.affiliation = Affiliation.objects.get(user=coordinator)
    user_set_active(actor=coordinator, user=broker, is_active=False)
    assert api_client(token=raw).get("/api/me").status_code == 401
    user_set_active(actor=coordinator, user=broker, is_active=True)
    response = api_client(token=raw).get("/api/me")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
