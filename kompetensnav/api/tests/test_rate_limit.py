from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from kompetensnav.api.throttling import parse_rate

# The counter's window is a clock minute: the tests that count stop the clock in the middle of
# one, or a slow run crossing the minute would start a new window between two requests.
MID_WINDOW = 6_000_030.0


def test_rate_limit_allows_up_to_limit_then_429(api_client, org_admin, settings):
    settings.API_TOKEN_RATE_LIMIT = "3/m"
    client = api_client(org_admin)
    with mock.patch("kompetensnav.api.throttling.time.time", return_value=MID_WINDOW):
        statuses = [client.get("/api/me").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = client.get("/api/reference/counties")
    assert response.status_code == 429
    assert set(response.json()) == {"detail"}
    assert 1 <= int(response["Retry-After"]) <= 60


def test_rate_limit_counts_per_token(api_client, org_admin, broker, token_for, settings):
    settings.API_TOKEN_RATE_LIMIT = "2/m"
    first = api_client(org_admin)
    with mock.patch("kompetensnav.api.throttling.time.time", return_value=MID_WINDOW + 60):
        for _ in range(2):
            first.get("/api/me")
        assert first.get("/api/me").status_code == 429
        # another user's token, and another token of the same user, have their own budget
        assert api_client(broker).get("/api/me").status_code == 200
        second = api_client(token=token_for(org_admin, name="Second"))
        assert second.get("/api/me").status_code == 200


def test_rate_limit_resets_in_next_window(api_client, org_admin, settings):
    settings.API_TOKEN_RATE_LIMIT = "1/m"
    client = api_client(org_admin)
    with mock.patch("kompetensnav.api.throttling.time.time", return_value=6_000_030.0):
        assert client.get("/api/me").status_code == 200
        response = client.get("/api/me")
        assert response.status_code == 429
        assert response["Retry-After"] == "30"
    with mock.patch("kompetensnav.api.throttling.time.time", return_value=6_000_061.0):
        assert client.get("/api/me").status_code == 200


def test_rate_limit_does_not_count_unauthenticated_requests(api_client, org_admin, settings):
    settings.API_TOKEN_RATE_LIMIT = "1/m"
    anonymous = api_client()
    for _ in range(3):
        assert anonymous.get("/api/me").status_code == 401
    assert api_client(org_admin).get("/api/me").status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"), [("600/m", (600, 60)), ("10/s", (10, 1)), ("5/hour", (5, 3600))]
)
def test_parse_rate_valid(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["600", "x/m", "10/w", ""])
def test_parse_rate_invalid_raises(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)
