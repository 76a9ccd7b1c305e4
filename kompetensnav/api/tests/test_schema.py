"""The OpenAPI schema: exactly the expected operations, all behind the token, and the API
fuzzed against its own schema (schemathesis, in-process over WSGI)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from kompetensnav.accounts.enums import Role, TokenScope
from kompetensnav.network.enums import OrganisationKind
from kompetensnav.participants.tests.factories import CourseFactory, course_with_sites
from tests.factories import AffiliationFactory, CompanyFactory, OrganisationFactory

EXPECTED_OPERATIONS = {
    ("get", "/api/me"): "me",
    ("get", "/api/people"): "person_list",
    ("get", "/api/people/{id}"): "person_get",
    ("get", "/api/organisations"): "organisation_list",
    ("post", "/api/organisations"): "organisation_create",
    ("get", "/api/organisations/{id}"): "organisation_get",
    ("get", "/api/organisations/{id}/memberships"): "membership_list",
    ("post", "/api/organisations/{id}/memberships"): "membership_create",
    ("get", "/api/contacts"): "contact_list",
    ("post", "/api/organisations/{id}/contacts"): "contact_create",
    ("patch", "/api/contacts/{id}"): "contact_update",
    ("delete", "/api/contacts/{id}"): "contact_delete",
    ("get", "/api/events"): "event_list",
    ("post", "/api/events"): "event_create",
    ("get", "/api/collaborations"): "collaboration_list",
    ("post", "/api/collaborations"): "collaboration_create",
    ("get", "/api/companies"): "company_list",
    ("post", "/api/companies"): "company_create",
    ("get", "/api/companies/{id}"): "company_get",
    ("patch", "/api/companies/{id}"): "company_update",
    ("get", "/api/companies/{id}/contacts"): "company_contact_list",
    ("post", "/api/companies/{id}/contacts"): "company_contact_create",
    ("patch", "/api/companies/{id}/contacts/{contact_id}"): "company_contact_update",
    ("delete", "/api/companies/{id}/contacts/{contact_id}"): "company_contact_delete",
    ("get", "/api/visits"): "visit_list",
    ("post", "/api/visits"): "visit_create",
    ("get", "/api/visits/{id}"): "visit_get",
    ("get", "/api/courses"): "course_list",
    ("post", "/api/courses"): "course_create",
    ("get", "/api/courses/{id}"): "course_get",
    ("post", "/api/courses/{id}/actions"): "course_action",
    ("get", "/api/courses/{id}/sessions"): "session_list",
    ("post", "/api/courses/{id}/sessions"): "session_create",
    ("get", "/api/courses/{id}/registrations"): "registration_list",
    ("post", "/api/courses/{id}/registrations"): "registration_create",
    ("post", "/api/courses/{id}/public-registrations"): "public_registration_create",
    ("post", "/api/registrations/{id}/cancel"): "registration_cancel",
    ("put", "/api/sessions/{id}/attendance"): "attendance_save",
    ("get", "/api/needs/{id}/matches"): "need_matches",
    ("get", "/api/courses/{id}/needs"): "course_needs",
    ("get", "/api/projects"): "project_list",
    ("post", "/api/projects"): "project_create",
    ("get", "/api/projects/{id}"): "project_get",
    ("patch", "/api/projects/{id}"): "project_update",
    ("get", "/api/projects/{id}/budget-lines"): "budget_line_list",
    ("post", "/api/projects/{id}/budget-lines"): "budget_line_create",
    ("get", "/api/projects/{id}/mobilities"): "mobility_list",
    ("post", "/api/projects/{id}/mobilities"): "mobility_create",
    ("get", "/api/questionnaires"): "questionnaire_list",
    ("get", "/api/questionnaires/{id}/responses"): "response_list",
    ("post", "/api/questionnaires/{id}/responses"): "response_create",
    ("get", "/api/figures"): "figures",
    ("get", "/api/reference/municipalities"): "municipality_list",
    ("get", "/api/reference/counties"): "county_list",
    ("get", "/api/reference/subregions"): "subregion_list",
    ("get", "/api/reference/sni"): "sni_list",
    ("get", "/api/reference/seqf-levels"): "seqf_level_list",
    ("get", "/api/reference/countries"): "country_list",
}
# Operations whose schema cannot say every rule of a valid request: a date that matches
# YYYY-MM-DD may not exist, `to` may be before `from`, a project may be unknown; they answer
# 422 (tested in test_figures.py), so "schema-valid data is accepted" is not checked there.
CROSS_CHECKED_PARAMETERS = {"/api/figures"}
# Writes, likewise: schema-valid data may break a rule of the chain (a visit on a day already
# logged, a session starting in the past, a course not in a status the step applies to) and
# answer 422 with the reason; each rule is tested in test_writes.py and test_access.py. They
# are fuzzed here all the same, with a token that may write: never a server error, every
# answer as documented.
# Operations anyone may call without a token.
PUBLIC_OPERATIONS: set[tuple[str, str]] = set()


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_lists_exactly_expected_operations(openapi):
    found = {
        (method, path): operation["operationId"]
        for path, methods in openapi["paths"].items()
        for method, operation in methods.items()
    }
    assert found == EXPECTED_OPERATIONS


def test_openapi_every_operation_requires_token(openapi):
    assert openapi["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            if (method, path) in PUBLIC_OPERATIONS:
                assert not operation.get("security")
            else:
                assert operation["security"] == [{"TokenAuth": []}], (method, path)
                assert "401" in operation["responses"], (method, path)


def test_openapi_every_operation_documents_errors_as_problems(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            for status in ("401", "422", "429", "503"):
                content = operation["responses"][status]["content"]
                assert "application/problem+json" in content, (method, path, status)
            assert operation["summary"], (method, path)


def test_openapi_schema_fields_have_descriptions(openapi):
    for name, component in openapi["components"]["schemas"].items():
        if name.startswith("Paged") or "properties" not in component:
            continue
        for field, spec in component["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_openapi_docs_page_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200


# --- fuzzing ---


@pytest.fixture
def fuzz_token(
    keep_test_connection,
    settings,
    coordinator,
    org_admin,
    foreign_admin,
    own_org,
    foreign_org,
    token_for,
):
    """A coordinator's token (it may call every operation, writes included) over a database with data in
    both organisations, and a rate limit the fuzzer cannot reach."""
    settings.API_TOKEN_RATE_LIMIT = "1000000/m"
    AffiliationFactory.create_batch(3, organisation=own_org, role=Role.BROKER)
    AffiliationFactory.create_batch(3, organisation=foreign_org, role=Role.VIEWER)
    OrganisationFactory(kind=OrganisationKind.ADULT_EDUCATION, municipality_id="1380")
    OrganisationFactory(kind=OrganisationKind.OTHER, municipality_id=None, country_id="NO")
    CompanyFactory.create_batch(3, municipality_id="1485")
    CompanyFactory(org_number="", country_id="NO", municipality_id=None, employees=None)
    course_with_sites(provider=own_org, sites=[foreign_org], sessions=2, remote=1)
    CourseFactory(provider=foreign_org)  # published, without sessions
    return token_for(coordinator, scopes=TokenScope.values)


# Loaded when the module is collected (pytest-django has set Django up by then; serving the
# schema touches no database). schemathesis.pytest.from_fixture() would load it lazily, but
# with pytest 9 it fails (it sets Node._nodeid, which pytest no longer has).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
    derandomize=True,
)
def test_api_conforms_to_schema(case, fuzz_token):
    # Negative cases are still sent (and must never give a server error or break the
    # schema), but "negative data must be rejected" is not checked: the token is added to
    # every case, so a case generated without its Authorization header is answered, and
    # unknown query parameters are ignored by design (docs/api.md). Invalid values of
    # declared parameters answering 422 is tested per router.
    excluded = [negative_data_rejection]
    if case.operation.path in CROSS_CHECKED_PARAMETERS or case.method.lower() != "get":
        excluded.append(positive_data_acceptance)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {fuzz_token}"}, excluded_checks=excluded
    )


def test_operation_url_names_are_operation_ids():
    from django.urls import reverse

    assert reverse("api:organisation_get", kwargs={"id": 7}) == "/api/organisations/7"
    for (_method, path), operation_id in EXPECTED_OPERATIONS.items():
        if "{" not in path:
            assert reverse(f"api:{operation_id}") == path
