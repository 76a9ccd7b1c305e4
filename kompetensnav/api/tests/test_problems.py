"""Every error under /api/ is an RFC 9457 problem (application/problem+json with a human
`detail`), also those that do not come from an operation: an unknown address (404), the rate
limit (429), a bug (500) and the database down (503). The site's pages keep their HTML."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from kompetensnav.network import selectors as network_selectors
from tests.processes import python

PROBLEM = "application/problem+json"

pytestmark = pytest.mark.django_db


def _assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in body["detail"]
    return body


def test_unknown_api_address_answers_problem_404(api_client, org_admin):
    for path in ("/api/no-such-thing", "/api/organisations/1/extra", "/api/"):
        body = _assert_problem(api_client(org_admin).get(path), 404)
        assert "/api/docs" in body["detail"]
    # without a token too: the address does not exist for anyone
    _assert_problem(api_client().get("/api/no-such-thing"), 404)


def test_unknown_site_address_keeps_the_html_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="sv">' in response.content.decode()


def test_operation_errors_are_problems(api_client, org_admin, broker):
    assert api_client().get("/api/me")["Content-Type"] == PROBLEM  # 401
    _assert_problem(api_client(broker).get("/api/people"), 403)
    _assert_problem(api_client(org_admin).get("/api/organisations/999999"), 404)
    body = _assert_problem(api_client(org_admin).get("/api/organisations?limit=999"), 422)
    assert body["errors"][0]["loc"] == ["query", "limit"]


def test_rate_limit_answers_problem_429_with_retry_after(api_client, org_admin, settings):
    settings.API_TOKEN_RATE_LIMIT = "1/m"
    client = api_client(org_admin)
    assert client.get("/api/me").status_code == 200
    body = _assert_problem(client.get("/api/me"), 429)
    assert body["detail"].startswith("För många")
    assert 1 <= int(client.get("/api/me")["Retry-After"]) <= 60


def test_bug_in_an_operation_answers_problem_500_and_is_logged(
    token_for, org_admin, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(network_selectors, "organisation_list", broken)
    client = Client(
        headers={"Authorization": f"Bearer {token_for(org_admin)}"},
        raise_request_exception=False,
    )
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/organisations")
    body = _assert_problem(response, 500)
    assert "secret internals" not in response.content.decode()
    assert "loggats" in body["detail"]
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


def test_bug_on_a_page_keeps_the_html_500(client_for, org_admin, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(network_selectors, "organisation_list", broken)
    client = client_for(org_admin)
    client.raise_request_exception = False
    response = client.get(reverse("network:organisation_list"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Något gick fel" in response.content.decode()


def test_openapi_documents_every_error_as_problem(client):
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == [PROBLEM], (method, path, status)
            assert "503" in operation["responses"], (method, path)


# --- the database down (a separate process whose database is unreachable) ---

DATABASE_DOWN_SCRIPT = """
import json, django
django.setup()
from django.test import Client
from django.urls import reverse
results = {}
for name, path, headers in [
    ("api_token", "/api/me", {"Authorization": "Bearer knav_whatever"}),
    ("api_session", "/api/me", {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}),
    ("page_session", "/", {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}),
]:
    r = Client(raise_request_exception=False, headers=headers).get(path)
    results[name] = {
        "status": r.status_code,
        "type": r["Content-Type"],
        "retry": r.get("Retry-After"),
        "body": r.content.decode(),
    }
print(json.dumps(results))
"""


def test_database_down_answers_problem_503_under_api():
    result = python(
        DATABASE_DOWN_SCRIPT,
        timeout=60,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout.strip().splitlines()[-1])
    # The token lookup fails in the operation; a session cookie fails in the middleware.
    for name in ("api_token", "api_session"):
        answer = results[name]
        assert answer["status"] == 503, (name, answer)
        assert answer["type"] == PROBLEM, (name, answer)
        assert answer["retry"] == "30"
        detail = json.loads(answer["body"])["detail"]
        assert "databas" in detail and "Traceback" not in detail
    page = results["page_session"]
    assert page["status"] == 503, page
    assert page["type"].startswith("text/html")
    assert "Tillfälligt otillgänglig" in page["body"]
