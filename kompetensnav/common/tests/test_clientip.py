"""The client's address behind a proxy: X-Forwarded-For is believed only from
settings.TRUSTED_PROXIES, and every limiter (allauth's login limits, the public registration
form through allauth's limiter) and the audit log use the same answer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import DEMO_PASSWORD
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import User
from kompetensnav.common.clientip import client_ip, parse_networks
from kompetensnav.participants.models import Registration
from kompetensnav.participants.tests.factories import course_with_sites
from tests.factories import OrganisationFactory

ROOT = Path(__file__).resolve().parents[3]
PEER = "198.51.100.20"  # a client connecting directly, or a proxy
PROXY = "10.0.0.5"


@pytest.fixture
def no_trusted_proxies(settings):
    # Production used to count one proxy (ALLAUTH_TRUSTED_PROXY_COUNT = 1) and so believed
    # the right-most X-Forwarded-For entry from anyone; the rule must not depend on it.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def _spoofer(n: int) -> dict[str, str]:
    """Headers of a client that claims another address on every request."""
    return {"REMOTE_ADDR": PEER, "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}


# --- the rule ---


def test_client_ip_ignores_forwarded_for_without_trusted_proxies(no_trusted_proxies):
    assert client_ip(_request(PEER, "203.0.113.9")) == PEER
    assert client_ip(_request(PEER)) == PEER


def test_client_ip_ignores_forwarded_for_from_untrusted_peer(behind_proxy):
    assert client_ip(_request(PEER, "203.0.113.9, 10.0.0.7")) == PEER


def test_client_ip_from_trusted_proxy_is_the_forwarded_address(behind_proxy):
    assert client_ip(_request(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_client_ip_from_trusted_proxy_takes_the_rightmost_untrusted_address(behind_proxy):
    # The client wrote "192.0.2.66" itself; our proxies appended the rest.
    request = _request(PROXY, "192.0.2.66, 203.0.113.9, 10.0.0.7")
    assert client_ip(request) == "203.0.113.9"


def test_client_ip_from_trusted_proxy_handles_ports_and_ipv6(behind_proxy):
    assert client_ip(_request(PROXY, "203.0.113.9:51234")) == "203.0.113.9"
    assert client_ip(_request(PROXY, "[2001:db8::7]:443")) == "2001:db8::7"
    assert client_ip(_request(PROXY, "2001:db8::7")) == "2001:db8::7"


def test_client_ip_from_trusted_proxy_with_garbage_is_the_proxy(behind_proxy):
    # Not an address where our proxy should have written one: count the proxy, not the text.
    assert client_ip(_request(PROXY, "203.0.113.9, unknown")) == PROXY


def test_client_ip_when_every_hop_is_trusted_is_the_leftmost(behind_proxy):
    assert client_ip(_request(PROXY, "10.0.0.8, 10.0.0.7")) == "10.0.0.8"


def test_trusted_proxies_that_are_not_addresses_are_refused_clearly():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES.*'proxy.local'"):
        parse_networks(["10.0.0.0/8", "proxy.local"], "TRUSTED_PROXIES")


def _production_check(**env: str) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "DJANGO_SETTINGS_MODULE", "TRUSTED_PROXIES", "TRUSTED_PROXY_COUNT"}
    full_env = {k: v for k, v in os.environ.items() if k not in ignored}
    full_env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x7Gq2-" * 10,
        ALLOWED_HOSTS="kompetensnav.example.org",
        SITE_URL="https://kompetensnav.example.org",
        DATABASE_URL="sqlite:////tmp/kompetensnav-deploy-check.sqlite3",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_trusted_proxies_that_are_not_addresses():
    result = _production_check(TRUSTED_PROXIES="127.0.0.1,proxy.local")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
    assert "'proxy.local'" in result.stderr


def test_production_refuses_the_retired_proxy_count():
    result = _production_check(TRUSTED_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT is no longer used" in result.stderr
    assert "TRUSTED_PROXIES" in result.stderr


# --- the limiters ---


@pytest.mark.django_db
def test_login_limit_holds_when_forwarded_for_rotates(no_trusted_proxies, make_user, own_org):
    users = [make_user(Role.VIEWER, own_org) for _ in range(11)]
    client = Client()
    for n, user in enumerate(users[:10]):  # 10 failures a minute per address is the limit
        client.post(
            reverse("account_login"), {"login": user.email, "password": "fel"}, **_spoofer(n)
        )
    response = client.post(
        reverse("account_login"),
        {"login": users[10].email, "password": DEMO_PASSWORD},
        **_spoofer(99),
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


@pytest.mark.django_db
def test_login_limit_counts_each_client_behind_a_trusted_proxy(behind_proxy, make_user, own_org):
    users = [make_user(Role.VIEWER, own_org) for _ in range(11)]
    client = Client()
    for user in users[:10]:
        client.post(
            reverse("account_login"),
            {"login": user.email, "password": "fel"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.1",
        )
    # Another client behind the same proxy still logs in ...
    response = client.post(
        reverse("account_login"),
        {"login": users[10].email, "password": DEMO_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.2",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users[10].pk)
    # ... while the one that failed ten times is held back.
    other = Client()
    refused = other.post(
        reverse("account_login"),
        {"login": users[10].email, "password": DEMO_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.1",
    )
    assert "_auth_user_id" not in other.session
    assert "För många misslyckade inloggningsförsök" in refused.content.decode()


@pytest.fixture
def open_course(db):
    site = OrganisationFactory(name="Lärcentrum Mottagare")
    return course_with_sites(provider=OrganisationFactory(), sites=[site], capacity=5)


@pytest.mark.django_db
def test_public_registration_limit_holds_when_forwarded_for_rotates(
    no_trusted_proxies, settings, open_course
):
    settings.PARTICIPANTS_REGISTRATION_RATE_LIMIT = "2/m/ip"
    url = reverse("registration:register", args=[open_course.pk])
    client = Client()
    statuses = [client.post(url, {}, **_spoofer(n)).status_code for n in range(3)]
    assert statuses[:2] != [429, 429]
    assert statuses[2] == 429
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_public_registration_limit_counts_each_client_behind_a_trusted_proxy(
    behind_proxy, settings, open_course
):
    settings.PARTICIPANTS_REGISTRATION_RATE_LIMIT = "2/m/ip"
    url = reverse("registration:register", args=[open_course.pk])
    client = Client()
    first = [
        client.post(url, {}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code
        for _ in range(3)
    ]
    assert first[2] == 429
    other = client.post(url, {}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.status_code != 429


# --- the audit log ---


def _audited_profile_change(client: Client, user: User, name: str, **headers: str) -> LogEntry:
    response = client.post(
        reverse("accounts:profile"), {"full_name": name, "language": "sv"}, **headers
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(user).order_by("-pk").first()
    assert name in str(entry.changes)
    return entry


@pytest.mark.django_db
def test_audit_log_records_the_peer_when_forwarded_for_is_untrusted(
    no_trusted_proxies, client_for, broker
):
    entry = _audited_profile_change(
        client_for(broker),
        broker,
        "Ny Namnsdotter",
        REMOTE_ADDR=PEER,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        HTTP_X_FORWARDED_PORT="4444",
    )
    assert entry.remote_addr == PEER
    assert entry.remote_port is None


@pytest.mark.django_db
def test_audit_log_records_the_client_behind_a_trusted_proxy(behind_proxy, client_for, broker):
    entry = _audited_profile_change(
        client_for(broker),
        broker,
        "Ny Namnsdotter",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.9",
    )
    assert entry.remote_addr == "203.0.113.9"
