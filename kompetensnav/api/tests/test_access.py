"""The API's permission matrix: every operation × every role × own/foreign object, and every
way of calling without a usable token. An operation missing here fails the suite.
What the answers contain is tested per endpoint in the other modules."""

import pytest

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.api.api import api

MANAGERS = {"coordinator", "org_admin"}
ROLES = ["coordinator", "org_admin", "broker", "course_provider", "board", "viewer"]


def _people_list(role: str, _obj: str | None) -> int:
    return 200 if role in MANAGERS else 403


def _people_detail(role: str, obj: str | None) -> int:
    if role not in MANAGERS:
        return 403  # not allowed to manage people at all, own or foreign
    if role == "org_admin" and obj == "foreign":
        return 404  # another organisation's person is "not found"
    return 200


def _everyone(_role: str, _obj: str | None) -> int:
    return 200


# Required parameters an operation is called with in the matrix.
PARAMS = {"/api/figures": {"from": "2025-01-01", "to": "2025-12-31"}}

# operation (as in the OpenAPI schema) -> (objects to try it on, expected status)
MATRIX = {
    "/api/me": ([None], _everyone),
    "/api/organisations": ([None], _everyone),
    # organisations and their public facts are shared network-wide
    "/api/organisations/{id}": (["own", "foreign"], _everyone),
    "/api/people": ([None], _people_list),
    "/api/people/{id}": (["own", "foreign"], _people_detail),
    "/api/reference/municipalities": ([None], _everyone),
    "/api/reference/counties": ([None], _everyone),
    "/api/reference/subregions": ([None], _everyone),
    "/api/reference/sni": ([None], _everyone),
    "/api/reference/seqf-levels": ([None], _everyone),
    "/api/reference/countries": ([None], _everyone),
    # the shared company register: every affiliated user reads it (companies.view_companies)
    "/api/companies": ([None], _everyone),
    # the published catalogue is public on the site; any token reads it
    "/api/courses": ([None], _everyone),
    # the key figures are the network's, not one member's (reports.view_figures)
    "/api/figures": ([None], _everyone),
}

CASES = [(operation, obj) for operation, (objects, _expected) in MATRIX.items() for obj in objects]


def test_permission_matrix_covers_every_operation():
    paths = api.get_openapi_schema()["paths"]
    assert set(MATRIX) == set(paths)
    # the matrix speaks of reads: a new write operation must get its own entries first
    assert {method for operations in paths.values() for method in operations} == {"get"}


@pytest.fixture
def objects(make_user, own_org, foreign_org):
    """An object of each kind in the caller's organisation and in another one."""
    own_person = Affiliation.objects.get(user=make_user(Role.VIEWER, own_org))
    foreign_person = Affiliation.objects.get(user=make_user(Role.VIEWER, foreign_org))
    return {
        "/api/organisations/{id}": {"own": own_org.pk, "foreign": foreign_org.pk},
        "/api/people/{id}": {"own": own_person.pk, "foreign": foreign_person.pk},
    }


def _path(operation: str, obj: str | None, objects) -> str:
    return operation if obj is None else operation.format(id=objects[operation][obj])


@pytest.fixture
def caller(request, make_user, own_org, network_org):
    role = request.param
    if role == "coordinator":
        return role, make_user(Role.COORDINATOR, network_org)
    return role, make_user(Role(role), own_org)


@pytest.mark.parametrize("caller", ROLES, indirect=True)
@pytest.mark.parametrize(("operation", "obj"), CASES)
def test_operation_status_by_role(api_client, objects, caller, operation, obj):
    role, user = caller
    response = api_client(user).get(_path(operation, obj, objects), PARAMS.get(operation))
    expected = MATRIX[operation][1](role, obj)
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response["Content-Type"] == "application/json; charset=utf-8"
    else:
        assert response["Content-Type"] == "application/problem+json"
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(("operation", "obj"), CASES)
@pytest.mark.parametrize(
    "credentials",
    ["none", "malformed", "unknown", "revoked", "inactive_user", "inactive_affiliation", "session"],
)
def test_operation_unauthorised_without_usable_token(
    request, api_client, client_for, org_admin, objects, credentials, operation, obj
):
    if credentials == "none":
        client = api_client()
    elif credentials == "malformed":
        client = api_client(Authorization="Token abc")
    elif credentials == "unknown":
        client = api_client(token="knav_not-a-real-token")
    elif credentials == "revoked":
        client = api_client(token=request.getfixturevalue("revoked_token"))
    elif credentials == "inactive_user":
        client = api_client(token=request.getfixturevalue("inactive_user_token"))
    elif credentials == "inactive_affiliation":
        client = api_client(token=request.getfixturevalue("inactive_affiliation_token"))
    else:  # a logged-in browser session is not an API credential
        client = client_for(org_admin)
    response = client.get(_path(operation, obj, objects), PARAMS.get(operation))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert set(body) == {"detail"}
    assert "Bearer" in body["detail"]
