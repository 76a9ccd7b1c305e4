"""The exception handlers: every error is JSON with a human `detail`."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from kompetensnav.api.api import api


def _handle(exc: Exception) -> tuple[int, dict]:
    with translation.override("en"):
        response = api.on_exception(RequestFactory().get("/api/x"), exc)
    return response.status_code, json.loads(response.content)


def test_error_permission_denied_403_with_message():
    assert _handle(PermissionDenied("Only coordinators.")) == (
        403,
        {"detail": "Only coordinators."},
    )


def test_error_permission_denied_403_default_message():
    status, body = _handle(PermissionDenied())
    assert status == 403
    assert body["detail"]


def test_error_http404_404():
    assert _handle(Http404("secret object name")) == (404, {"detail": "Not found."})


def test_error_validation_error_dict_422():
    status, body = _handle(ValidationError({"email": ["Already taken."]}))
    assert status == 422
    assert body["errors"] == [{"loc": ["body", "email"], "msg": "Already taken."}]
    assert body["detail"]


def test_error_validation_error_plain_422():
    status, body = _handle(ValidationError("You cannot do that to yourself."))
    assert status == 422
    assert body["errors"] == [{"loc": ["body"], "msg": "You cannot do that to yourself."}]


def test_error_unknown_path_is_not_an_operation(api_client, org_admin):
    """Only documented operations exist; anything else is the site's 404."""
    assert api_client(org_admin).get("/api/nothing-here").status_code == 404


def test_error_wrong_method_405(api_client, org_admin):
    response = api_client(org_admin).post("/api/me")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
