"""The API's permission matrix: every operation × every role × own/foreign object, and every
way of calling without a usable token. An operation missing here fails the suite.
What the answers contain is tested per endpoint in the other modules."""

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from kompetensnav.accounts.enums import Role, TokenScope
from kompetensnav.accounts.models import Affiliation
from kompetensnav.api.api import api
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.companies.models import CompanyContact
from kompetensnav.network.models import Contact
from kompetensnav.participants.tests.factories import (
    CourseFactory,
    RegistrationFactory,
    course_with_sites,
    started,
)
from kompetensnav.projects.enums import PartnerRole
from kompetensnav.projects.models import ProjectPartner
from kompetensnav.questionnaires.tests.factories import make_questionnaire
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory, ProjectFactory, _org_number

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


def _roles(*allowed: str, ok: int = 200) -> Callable[[str, str | None], int]:
    """`ok` for the roles named, 403 for the others."""
    return lambda role, _obj: ok if role in allowed else 403


def _own_or(
    foreign: dict[str, int], own: Callable[[str, str | None], int]
) -> Callable[[str, str | None], int]:
    """`own` decides for the caller's organisation's object; on another organisation's the
    roles in `foreign` get that status, the others 404 (not found)."""
    return lambda role, obj: own(role, obj) if obj == "own" else foreign.get(role, 404)


PROVIDER_STAFF = ("coordinator", "org_admin", "course_provider")


def _staff_or_not_found(role: str, obj: str | None) -> int:
    """Course staff (and coordinators) of the course's provider; other roles 403; another
    organisation's record is not found by its course staff."""
    if role not in PROVIDER_STAFF:
        return 403
    return 200 if obj == "own" or role == "coordinator" else 404


EDITS_COMPANIES = ("coordinator", "org_admin", "broker")  # companies.edit_companies
SEES_COMPANY_CONTACTS = (*EDITS_COMPANIES, "course_provider")  # companies.view_contacts


def _edits_organisation(ok: int) -> Callable[[str, str | None], int]:
    """network.edit_organisation: a coordinator any, an organisation admin its own."""
    return lambda role, obj: (
        ok if role == "coordinator" or (role, obj) == ("org_admin", "own") else 403
    )


LOGS_VISITS = ("coordinator", "org_admin", "broker")  # also answer questionnaires
SEES_RESULTS = (*LOGS_VISITS, "board")  # questionnaires.view_results

# Required parameters an operation is called with in the matrix.
PARAMS = {("get", "/api/figures"): {"from": "2025-01-01", "to": "2025-12-31"}}

# operation (method, path as in the OpenAPI schema) -> (objects to try it on, expected status)
MATRIX = {
    ("get", "/api/me"): ([None], _everyone),
    ("get", "/api/organisations"): ([None], _everyone),
    # organisations and their public facts are shared network-wide
    ("get", "/api/organisations/{id}"): (["own", "foreign"], _everyone),
    ("get", "/api/people"): ([None], _people_list),
    ("get", "/api/people/{id}"): (["own", "foreign"], _people_detail),
    ("get", "/api/reference/municipalities"): ([None], _everyone),
    ("get", "/api/reference/counties"): ([None], _everyone),
    ("get", "/api/reference/subregions"): ([None], _everyone),
    ("get", "/api/reference/sni"): ([None], _everyone),
    ("get", "/api/reference/seqf-levels"): ([None], _everyone),
    ("get", "/api/reference/countries"): ([None], _everyone),
    # the shared company register: every affiliated user reads it (companies.view_companies)
    ("get", "/api/companies"): ([None], _everyone),
    ("get", "/api/companies/{id}"): (["shared"], _everyone),
    ("post", "/api/companies"): ([None], _roles(*EDITS_COMPANIES, ok=201)),
    ("patch", "/api/companies/{id}"): (["shared"], _roles(*EDITS_COMPANIES)),
    # a company's contact people: the roles that see them on the company page
    ("get", "/api/companies/{id}/contacts"): (["shared"], _roles(*SEES_COMPANY_CONTACTS)),
    ("post", "/api/companies/{id}/contacts"): (["shared"], _roles(*EDITS_COMPANIES, ok=201)),
    ("patch", "/api/companies/{id}/contacts/{contact_id}"): (
        ["shared"],
        _roles(*EDITS_COMPANIES),
    ),
    ("delete", "/api/companies/{id}/contacts/{contact_id}"): (
        ["shared"],
        _roles(*EDITS_COMPANIES, ok=204),
    ),
    # the network: organisations, contact people, events and collaborations are shared;
    # an organisation's contacts are kept by its admin and the coordinators
    ("post", "/api/organisations"): ([None], _roles("coordinator", ok=201)),
    ("get", "/api/organisations/{id}/memberships"): (["own", "foreign"], _everyone),
    ("post", "/api/organisations/{id}/memberships"): (
        ["own", "foreign"],
        _roles("coordinator", ok=201),
    ),
    ("get", "/api/contacts"): ([None], _everyone),
    ("post", "/api/organisations/{id}/contacts"): (["own", "foreign"], _edits_organisation(201)),
    ("patch", "/api/contacts/{id}"): (["own", "foreign"], _edits_organisation(200)),
    ("delete", "/api/contacts/{id}"): (["own", "foreign"], _edits_organisation(204)),
    ("get", "/api/events"): ([None], _everyone),
    ("post", "/api/events"): ([None], _roles("coordinator", ok=201)),
    ("get", "/api/collaborations"): ([None], _everyone),
    ("post", "/api/collaborations"): ([None], _roles("coordinator", ok=201)),
    # the matching: needs and published courses are shared network-wide
    ("get", "/api/needs/{id}/matches"): (["shared"], _everyone),
    ("get", "/api/courses/{id}/needs"): (["own", "foreign"], _everyone),
    # visits: the organisation's own and those routed to it; all for a coordinator
    ("get", "/api/visits"): ([None], _everyone),
    ("get", "/api/visits/{id}"): (["own", "foreign"], _own_or({"coordinator": 200}, _everyone)),
    ("post", "/api/visits"): ([None], _roles(*LOGS_VISITS, ok=201)),
    # the published catalogue is public on the site; any token reads it
    ("get", "/api/courses"): ([None], _everyone),
    # a draft: its provider organisation, the board and the coordinators
    ("get", "/api/courses/{id}"): (
        ["own", "foreign"],
        _own_or({"coordinator": 200, "board": 200}, _everyone),
    ),
    ("post", "/api/courses"): ([None], _roles(*PROVIDER_STAFF, ok=201)),
    # submitting a draft: its provider's staff; the board sees it but may not
    ("post", "/api/courses/{id}/actions"): (
        ["own", "foreign"],
        _own_or({"coordinator": 200, "board": 403}, _roles(*PROVIDER_STAFF)),
    ),
    # a published course's sessions are public; planning them is its provider's
    ("get", "/api/courses/{id}/sessions"): (["own", "foreign"], _everyone),
    ("post", "/api/courses/{id}/sessions"): (
        ["own", "foreign"],
        lambda role, obj: _roles(*(PROVIDER_STAFF if obj == "own" else ["coordinator"]), ok=201)(
            role, obj
        ),
    ),
    # registrations: the course's provider staff and the coordinators
    ("get", "/api/courses/{id}/registrations"): (
        ["own", "foreign"],
        lambda role, obj: _roles(*(PROVIDER_STAFF if obj == "own" else ["coordinator"]))(role, obj),
    ),
    ("post", "/api/courses/{id}/registrations"): (
        ["own", "foreign"],
        lambda role, obj: _roles(*(PROVIDER_STAFF if obj == "own" else ["coordinator"]), ok=201)(
            role, obj
        ),
    ),
    # the public registration form's way in: any role, for any published course
    ("post", "/api/courses/{id}/public-registrations"): (
        ["own", "foreign"],
        lambda _role, _obj: 202,
    ),
    # another organisation's registration or session is not found by its staff
    ("post", "/api/registrations/{id}/cancel"): (["own", "foreign"], _staff_or_not_found),
    # attendance: course staff of the provider or a receiving site
    ("put", "/api/sessions/{id}/attendance"): (["own", "foreign"], _staff_or_not_found),
    # projects are read by every member; kept by their owner's admin and the coordinators
    ("get", "/api/projects"): ([None], _everyone),
    ("get", "/api/projects/{id}"): (["own", "foreign"], _everyone),
    ("post", "/api/projects"): ([None], _roles("coordinator", ok=201)),
    ("patch", "/api/projects/{id}"): (["own", "foreign"], _edits_organisation(200)),
    ("get", "/api/projects/{id}/budget-lines"): (["own", "foreign"], _everyone),
    ("post", "/api/projects/{id}/budget-lines"): (["own", "foreign"], _edits_organisation(201)),
    ("get", "/api/projects/{id}/mobilities"): (["own", "foreign"], _everyone),
    ("post", "/api/projects/{id}/mobilities"): (["own", "foreign"], _edits_organisation(201)),
    # questionnaire results: the roles of the results pages; answering: those who answer
    ("get", "/api/questionnaires"): ([None], _roles(*SEES_RESULTS)),
    ("get", "/api/questionnaires/{id}/responses"): (["shared"], _roles(*SEES_RESULTS)),
    ("post", "/api/questionnaires/{id}/responses"): (["shared"], _roles(*LOGS_VISITS, ok=201)),
    # the key figures are the network's, not one member's (reports.view_figures)
    ("get", "/api/figures"): ([None], _everyone),
}

CASES = [(operation, obj) for operation, (objects, _expected) in MATRIX.items() for obj in objects]
IDS = [f"{method} {path} {obj or ''}".strip() for (method, path), obj in CASES]


def test_permission_matrix_covers_every_operation():
    paths = api.get_openapi_schema()["paths"]
    assert set(MATRIX) == {(method, path) for path, methods in paths.items() for method in methods}


@pytest.fixture
def objects(make_user, own_org, foreign_org):
    """An object of each kind in the caller's organisation and in another one, and the body
    each write is sent with."""
    own_person = Affiliation.objects.get(user=make_user(Role.VIEWER, own_org))
    foreign_person = Affiliation.objects.get(user=make_user(Role.VIEWER, foreign_org))
    company = CompanyFactory(municipality_id="1485")
    yesterday = timezone.localdate() - timedelta(days=1)
    company_contact = CompanyContact.objects.create(company=company, name="Kim Kontakt")
    visits = {
        "own": VisitFactory(company=company, organisation=own_org, date=yesterday),
        "foreign": VisitFactory(company=company, organisation=foreign_org, date=yesterday),
    }
    drafts = {
        "own": CourseFactory(provider=own_org, status=CourseStatus.DRAFT),
        "foreign": CourseFactory(provider=foreign_org, status=CourseStatus.DRAFT),
    }
    published = {
        "own": course_with_sites(provider=own_org, sites=[own_org], sessions=1),
        "foreign": course_with_sites(provider=foreign_org, sites=[foreign_org], sessions=1),
    }
    need = NeedFactory(visit=visits["foreign"])
    projects = {}
    for key, organisation in (("own", own_org), ("foreign", foreign_org)):
        project = ProjectFactory()
        ProjectPartner.objects.create(
            project=project, organisation=organisation, role=PartnerRole.LEAD
        )
        projects[key] = project.pk
    sessions, marked, registrations = {}, {}, {}
    for key, course in published.items():
        registration = RegistrationFactory(
            course=course, site=course.sessions.get().sites.get().organisation
        )
        sessions[key] = started(course.sessions.get()).pk
        marked[key] = registration.participant_id
        registrations[key] = registration.pk
    start = timezone.now() + timedelta(days=30)
    # open for registration: a session ahead (those above have begun)
    upcoming = {
        "own": course_with_sites(provider=own_org, sites=[own_org], sessions=1),
        "foreign": course_with_sites(provider=foreign_org, sites=[foreign_org], sessions=1),
    }
    return {
        "ids": {
            "/api/organisations/{id}": {"own": own_org.pk, "foreign": foreign_org.pk},
            "/api/people/{id}": {"own": own_person.pk, "foreign": foreign_person.pk},
            "/api/companies/{id}": {"shared": company.pk},
            "/api/visits/{id}": {key: visit.pk for key, visit in visits.items()},
            "/api/courses/{id}": {key: course.pk for key, course in drafts.items()},
            "/api/courses/{id}/actions": {key: course.pk for key, course in drafts.items()},
            "/api/courses/{id}/sessions": {key: course.pk for key, course in published.items()},
            "/api/courses/{id}/registrations": {
                key: course.pk for key, course in published.items()
            },
            "/api/courses/{id}/public-registrations": {
                key: course.pk for key, course in upcoming.items()
            },
            "/api/sessions/{id}/attendance": sessions,
            "/api/companies/{id}/contacts": {"shared": company.pk},
            "/api/companies/{id}/contacts/{contact_id}": {
                "shared": {"id": company.pk, "contact_id": company_contact.pk}
            },
            "/api/organisations/{id}/contacts": {"own": own_org.pk, "foreign": foreign_org.pk},
            "/api/organisations/{id}/memberships": {"own": own_org.pk, "foreign": foreign_org.pk},
            "/api/contacts/{id}": {
                "own": Contact.objects.create(organisation=own_org, name="Egen Kontakt").pk,
                "foreign": Contact.objects.create(organisation=foreign_org, name="Annan K").pk,
            },
            "/api/needs/{id}/matches": {"shared": need.pk},
            "/api/questionnaires/{id}/responses": {"shared": make_questionnaire("api").pk},
            **dict.fromkeys(
                (
                    "/api/projects/{id}",
                    "/api/projects/{id}/budget-lines",
                    "/api/projects/{id}/mobilities",
                ),
                projects,
            ),
            "/api/courses/{id}/needs": {key: course.pk for key, course in published.items()},
            "/api/registrations/{id}/cancel": registrations,
        },
        "bodies": {
            "/api/companies": {"name": "Ny AB", "org_number": _org_number(9001)},
            "/api/companies/{id}": {"employees": 12},
            "/api/visits": {"company": company.pk, "date": yesterday.isoformat()},
            "/api/courses": {"title_sv": "Ny kurs"},
            "/api/courses/{id}/actions": {"action": "submit"},
            "/api/courses/{id}/sessions": {
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
            },
            "/api/companies/{id}/contacts": {"name": "Ny Kontakt"},
            "/api/companies/{id}/contacts/{contact_id}": {"role": "VD"},
            "/api/organisations": {"name": "Ny organisation", "kind": "adult_education"},
            "/api/organisations/{id}/contacts": {"name": "Ny Kontakt"},
            "/api/organisations/{id}/memberships": {"year": 2026, "municipalities": ["1485"]},
            "/api/contacts/{id}": {"role": "Rektor"},
            "/api/events": {"kind": "network_meeting", "date": yesterday.isoformat()},
            "/api/projects": {"name": "Nytt projekt", "funder": "esf"},
            "/api/questionnaires/{id}/responses": {"answers": {"hard_to_recruit": False}},
            "/api/projects/{id}": {"description": "Ändrad"},
            "/api/projects/{id}/budget-lines": {"category": "travel", "budgeted_sek": 1000},
            "/api/projects/{id}/mobilities": {"kind": "staff", "country": "NO"},
            "/api/collaborations": {
                "established": yesterday.isoformat(),
                "parties": [own_org.pk, foreign_org.pk],
            },
            "/api/courses/{id}/registrations": {
                "full_name": "Ny Deltagare",
                "email": "ny@example.se",
                "remote": False,
                "site": None,
            },
        },
        "marked": marked,
        "sites": {
            key: course.sessions.get().sites.get().organisation_id
            for key, course in published.items()
        },
    }


def _call(client, operation: tuple[str, str], obj: str | None, objects):
    method, path = operation
    ids = None if obj is None else objects["ids"][path][obj]
    url = path if obj is None else path.format(**(ids if isinstance(ids, dict) else {"id": ids}))
    if method == "get":
        return client.get(url, PARAMS.get(operation))
    if method == "delete":
        return client.delete(url)
    body = objects["bodies"].get(path)
    if path == "/api/courses/{id}/registrations":
        body = {**body, "site": objects["sites"][obj]}
    if path == "/api/courses/{id}/public-registrations":
        body = {
            "full_name": "Ny Deltagare",
            "email": "ny@example.se",
            "site": Course.objects.get(pk=objects["ids"][path][obj]).provider_id,
        }
    if path == "/api/sessions/{id}/attendance":
        body = {"marks": [{"participant": objects["marked"][obj], "present": True}]}
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def caller(request, make_user, own_org, network_org):
    role = request.param
    if role == "coordinator":
        return role, make_user(Role.COORDINATOR, network_org)
    return role, make_user(Role(role), own_org)


@pytest.mark.parametrize("caller", ROLES, indirect=True)
@pytest.mark.parametrize(("operation", "obj"), CASES, ids=IDS)
def test_operation_status_by_role(api_client, token_for, objects, caller, operation, obj):
    role, user = caller
    client = api_client(token=token_for(user, scopes=TokenScope.values))
    response = _call(client, operation, obj, objects)
    expected = MATRIX[operation][1](role, obj)
    assert response.status_code == expected, response.content
    if expected == 204:
        assert response.content == b""
    elif expected < 400:
        assert response["Content-Type"].startswith("application/json")
    else:
        assert response["Content-Type"] == "application/problem+json"
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(("operation", "obj"), CASES, ids=IDS)
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
    response = _call(client, operation, obj, objects)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert set(body) == {"detail"}
    assert "Bearer" in body["detail"]
