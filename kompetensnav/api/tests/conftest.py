"""Fixtures for the API tests: reference rows the factories need, tokens for the shared role
fixtures, and clients that send them."""

from collections.abc import Callable

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.accounts.models import Affiliation, ApiToken
from kompetensnav.accounts.services import api_token_create, api_token_revoke
from kompetensnav.reference.models import Country, County, Municipality, Subregion

ApiClientFactory = Callable[..., Client]


@pytest.fixture(autouse=True)
def reference_rows(db):
    """The rows OrganisationFactory points at (Uddevalla, Sweden) plus a second municipality
    in another subregion, whether or not the reference data migration has loaded them."""
    county, _ = County.objects.get_or_create(code="14", defaults={"name": "Västra Götalands län"})
    halland_county, _ = County.objects.get_or_create(code="13", defaults={"name": "Hallands län"})
    fyrbodal, _ = Subregion.objects.get_or_create(slug="fyrbodal", defaults={"name": "Fyrbodal"})
    halland, _ = Subregion.objects.get_or_create(slug="halland", defaults={"name": "Halland"})
    Municipality.objects.get_or_create(
        code="1485", defaults={"name": "Uddevalla", "county": county, "subregion": fyrbodal}
    )
    Municipality.objects.get_or_create(
        code="1380", defaults={"name": "Halmstad", "county": halland_county, "subregion": halland}
    )
    Country.objects.get_or_create(code="SE", defaults={"name_sv": "Sverige", "name_en": "Sweden"})
    Country.objects.get_or_create(code="NO", defaults={"name_sv": "Norge", "name_en": "Norway"})
    # The data migration may have set other subregions; the tests rely on these two.
    Municipality.objects.filter(code="1485").update(subregion=fyrbodal)
    Municipality.objects.filter(code="1380").update(subregion=halland)


@pytest.fixture
def token_for(db) -> Callable[..., str]:
    """token_for(user) -> a raw API token acting for the user's (first) affiliation, that may
    read; token_for(user, scopes=[...]) one with those TokenScope values."""

    def _token(user, name: str = "Integration", scopes=(TokenScope.READ,)) -> str:
        user.affiliation = Affiliation.objects.filter(user=user).order_by("pk").first()
        _token, raw = api_token_create(actor=user, name=name, scopes=scopes)
        return raw

    return _token


@pytest.fixture
def api_client(token_for) -> ApiClientFactory:
    """api_client(user) -> a test client sending a fresh token of that user;
    api_client(token="...") sends that raw token; api_client() sends none."""

    def _client(user=None, *, token: str | None = None, **headers: str) -> Client:
        if user is not None:
            token = token_for(user)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return Client(headers=headers, raise_request_exception=True)

    return _client


@pytest.fixture
def revoked_token(org_admin, token_for) -> str:
    raw = token_for(org_admin)
    token = ApiToken.objects.get(affiliation__user=org_admin)
    api_token_revoke(actor=org_admin, token=token)
    return raw


@pytest.fixture
def inactive_user_token(make_user, own_org, token_for) -> str:
    from kompetensnav.accounts.enums import Role

    user = make_user(Role.ORG_ADMIN, own_org)
    raw = token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    return raw


@pytest.fixture
def inactive_affiliation_token(make_user, own_org, token_for) -> str:
    from kompetensnav.accounts.enums import Role

    user = make_user(Role.ORG_ADMIN, own_org)
    raw = token_for(user)
    Affiliation.objects.filter(user=user).update(is_active=False)
    return raw


@pytest.fixture
def keep_test_connection():
    """Requests go through a bare WSGIHandler, which closes "old" database connections at
    the start and end of each request. Inside the test's transaction that would close the
    connection (PostgreSQL; SQLite's in-memory database ignores it). Django's test client
    avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
