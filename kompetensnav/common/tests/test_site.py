"""Language, formats, security headers, production settings and failure pages."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from kompetensnav.common.templatetags.swedish import grouped, sek
from tests.processes import python

ROOT = Path(__file__).resolve().parents[3]
NBSP = "\xa0"


def test_landing_page_is_swedish_by_default(client):
    response = client.get("/")
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert "Logga in" in body


def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("common:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body
    client.post(reverse("common:set_language"), {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_is_remembered_on_the_account(client, broker):
    client.force_login(broker)
    client.post(reverse("common:set_language"), {"language": "en", "next": "/"})
    broker.refresh_from_db()
    assert broker.language == "en"


def test_language_switch_ignores_foreign_next_url(client):
    response = client.post(
        reverse("common:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_money_is_formatted_the_swedish_way():
    with translation.override("sv"):
        assert sek(1234567) == f"1{NBSP}234{NBSP}567 kr"
        assert sek(Decimal("1234.5"), 2) == f"1{NBSP}234,50 kr"
        assert grouped(12345) == f"12{NBSP}345"
    with translation.override("en"):
        assert grouped(12345) == "12,345"


def test_security_headers_on_every_response(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_script_tags_carry_the_csp_nonce(client):
    response = client.get("/")
    body = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in body


@pytest.mark.django_db
def test_health_answers_ok(client):
    assert client.get(reverse("common:health")).json() == {"status": "ok"}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in ignored}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x7Gq2-" * 10,
    "ALLOWED_HOSTS": "kompetensnav.example.org",
    "SITE_URL": "https://kompetensnav.example.org",
    "DATABASE_URL": "sqlite:////tmp/kompetensnav-deploy-check.sqlite3",
}


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "site_url", ["", "http://kompetensnav.example.org", "https://127.0.0.1:8000"]
)
def test_production_refuses_a_site_url_people_cannot_use(site_url):
    result = _manage("check", env={**PRODUCTION_ENV, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "Set SITE_URL to the address people use" in result.stderr


def test_database_down_gives_a_friendly_503():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(raise_request_exception=False);"
        "r = c.get('/health/');"
        "print(r.status_code); print(r.content.decode())"
    )
    result = python(
        script,
        timeout=60,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="testserver",
    )
    assert result.stdout.startswith("503"), result.stdout + result.stderr
    assert "Tillfälligt otillgänglig" in result.stdout
    assert "Traceback" not in result.stdout


def test_swedish_even_when_the_browser_asks_for_english(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in body


@pytest.mark.django_db
def test_search_ignores_case_of_swedish_letters():
    from kompetensnav.network.models import Organisation
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Lärcentrum Åmål")
    OrganisationFactory(name="Öckerö vuxenutbildning")
    assert Organisation.objects.filter(name__icontains="åmål").count() == 1
    assert Organisation.objects.filter(name__icontains="ÖCKERÖ").count() == 1
    assert Organisation.objects.filter(name__icontains="50%").count() == 0
    assert Organisation.objects.filter(name__istartswith="lärcentrum").count() == 1
