"""The API's permission matrix: every operation × every role × own/foreign object, and every
way of calling without a usable token. An operation missing here fails the suite.
What the answers contain is tested per endpoint in the other modules."""

import json
from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kompetensnav.accounts.enums import Role, TokenScope, scopes_for
from kompetensnav.accounts.models import Affiliation
from kompetensnav.api.api import api
from kompetensnav.campus.enums import CourseStatus
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


def test_the_token_page_offers_each_role_the_write_scopes_it_can_use():
    """accounts.enums.SCOPE_ROLES agrees with this matrix: a role is offered a scope exactly
    when some operation that needs it answers that role with success."""
    paths = api.get_openapi_schema()["paths"]
    # the matrix tries `submit`; the board's step with the scope is `approve` (test_writes)
    also = {("board", TokenScope.COURSES_WRITE)}
    for role in ROLES:
        offered = {scope for scope, _label in scopes_for(role)}
        for scope in set(TokenScope.values) - {TokenScope.READ}:
            needing = [
                (method, path)
                for path, methods in paths.items()
                for method, operation in methods.items()
                if f"`{scope}`" in operation.get("description", "")
            ]
            assert needing, scope
            usable = (role, scope) in also or any(
                MATRIX[operation][1](role, obj) < 400
                for operation in needing
                for obj in MATRIX[operation][0]
            )
            assert usable == (scope in offered), (role, scope)


def test_permission_matrix_covers_every_operation():
    paths = api.get_openapi_schema()["paths"]
    assert set(MATRIX) == {(method, path) for path, methods in paths.items() for method in methods}


class World:
    """The objects the operations are tried on, each kind in the caller's organisation and in
    another one, made when first asked for: a case makes only what its operation needs."""

    def __init__(self, make_user, own_org, foreign_org) -> None:
        self.make_user, self.own_org, self.foreign_org = make_user, own_org, foreign_org
        self.orgs = {"own": own_org, "foreign": foreign_org}
        self.yesterday = timezone.localdate() - timedelta(days=1)

    @cached_property
    def people(self) -> dict:
        return {
            key: Affiliation.objects.get(user=self.make_user(Role.VIEWER, org)).pk
            for key, org in self.orgs.items()
        }

    @cached_property
    def company(self):
        return CompanyFactory(municipality_id="1485")

    @cached_property
    def company_contact(self):
        return CompanyContact.objects.create(company=self.company, name="Kim Kontakt")

    @cached_property
    def visits(self) -> dict:
        return {
            key: VisitFactory(company=self.company, organisation=org, date=self.yesterday)
            for key, org in self.orgs.items()
        }

    @cached_property
    def drafts(self) -> dict:
        return {
            key: CourseFactory(provider=org, status=CourseStatus.DRAFT).pk
            for key, org in self.orgs.items()
        }

    @cached_property
    def published(self) -> dict:
        """A course each, its session begun, with a registered participant at its site."""
        found = {}
        for key, org in self.orgs.items():
            course = course_with_sites(provider=org, sites=[org], sessions=1)
            session = started(course.sessions.get())
            registration = RegistrationFactory(course=course, site=org)
            found[key] = SimpleNamespace(
                course=course.pk,
                session=session.pk,
                site=org.pk,
                participant=registration.participant_id,
                registration=registration.pk,
            )
        return found

    @cached_property
    def upcoming(self) -> dict:
        """A course each, open for registration (a session ahead)."""
        return {
            key: course_with_sites(provider=org, sites=[org], sessions=1).pk
            for key, org in self.orgs.items()
        }

    @cached_property
    def contacts(self) -> dict:
        return {
            key: Contact.objects.create(organisation=org, name=f"Kontakt {key}").pk
            for key, org in self.orgs.items()
        }

    @cached_property
    def projects(self) -> dict:
        found = {}
        for key, org in self.orgs.items():
            project = ProjectFactory()
            ProjectPartner.objects.create(project=project, organisation=org, role=PartnerRole.LEAD)
            found[key] = project.pk
        return found

    def ids(self, path: str) -> dict:
        """obj ("own", "foreign", "shared") → the path's parameters."""
        org_ids = {key: org.pk for key, org in self.orgs.items()}
        makers = {
            "/api/organisations/{id}": lambda: org_ids,
            "/api/organisations/{id}/contacts": lambda: org_ids,
            "/api/organisations/{id}/memberships": lambda: org_ids,
            "/api/people/{id}": lambda: self.people,
            "/api/companies/{id}": lambda: {"shared": self.company.pk},
            "/api/companies/{id}/contacts": lambda: {"shared": self.company.pk},
            "/api/companies/{id}/contacts/{contact_id}": lambda: {
                "shared": {"id": self.company.pk, "contact_id": self.company_contact.pk}
            },
            "/api/visits/{id}": lambda: {key: v.pk for key, v in self.visits.items()},
            "/api/courses/{id}": lambda: self.drafts,
            "/api/courses/{id}/actions": lambda: self.drafts,
            "/api/courses/{id}/sessions": lambda: _of(self.published, "course"),
            "/api/courses/{id}/registrations": lambda: _of(self.published, "course"),
            "/api/courses/{id}/needs": lambda: _of(self.published, "course"),
            "/api/courses/{id}/public-registrations": lambda: self.upcoming,
            "/api/sessions/{id}/attendance": lambda: _of(self.published, "session"),
            "/api/registrations/{id}/cancel": lambda: _of(self.published, "registration"),
            "/api/contacts/{id}": lambda: self.contacts,
            "/api/needs/{id}/matches": lambda: {
                "shared": NeedFactory(visit=self.visits["foreign"]).pk
            },
            "/api/questionnaires/{id}/responses": lambda: {"shared": make_questionnaire("api").pk},
            "/api/projects/{id}": lambda: self.projects,
            "/api/projects/{id}/budget-lines": lambda: self.projects,
            "/api/projects/{id}/mobilities": lambda: self.projects,
        }
        return makers[path]()

    def body(self, path: str, obj: str | None) -> object:
        """What a write is sent with."""
        start = timezone.now() + timedelta(days=30)
        bodies = {
            "/api/companies": lambda: {"name": "Ny AB", "org_number": _org_number(9001)},
            "/api/companies/{id}": lambda: {"employees": 12},
            "/api/companies/{id}/contacts": lambda: {"name": "Ny Kontakt"},
            "/api/companies/{id}/contacts/{contact_id}": lambda: {"role": "VD"},
            "/api/visits": lambda: {
                "company": self.company.pk,
                "date": self.yesterday.isoformat(),
            },
            "/api/courses": lambda: {"title_sv": "Ny kurs"},
            "/api/courses/{id}/actions": lambda: {"action": "submit"},
            "/api/courses/{id}/sessions": lambda: {
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
            },
            "/api/courses/{id}/registrations": lambda: {
                "full_name": "Ny Deltagare",
                "email": "ny@example.se",
                "site": self.published[obj].site,
            },
            "/api/courses/{id}/public-registrations": lambda: {
                "full_name": "Ny Deltagare",
                "email": "ny@example.se",
                "site": self.orgs[obj].pk,
            },
            "/api/sessions/{id}/attendance": lambda: {
                "marks": [{"participant": self.published[obj].participant, "present": True}]
            },
            "/api/registrations/{id}/cancel": lambda: {},
            "/api/organisations": lambda: {"name": "Ny organisation", "kind": "adult_education"},
            "/api/organisations/{id}/contacts": lambda: {"name": "Ny Kontakt"},
            "/api/organisations/{id}/memberships": lambda: {
                "year": 2026,
                "municipalities": ["1485"],
            },
            "/api/contacts/{id}": lambda: {"role": "Rektor"},
            "/api/events": lambda: {"kind": "network_meeting", "date": self.yesterday.isoformat()},
            "/api/collaborations": lambda: {
                "established": self.yesterday.isoformat(),
                "parties": [self.own_org.pk, self.foreign_org.pk],
            },
            "/api/projects": lambda: {"name": "Nytt projekt", "funder": "esf"},
            "/api/projects/{id}": lambda: {"description": "Ändrad"},
            "/api/projects/{id}/budget-lines": lambda: {
                "category": "travel",
                "budgeted_sek": 1000,
            },
            "/api/projects/{id}/mobilities": lambda: {"kind": "staff", "country": "NO"},
            "/api/questionnaires/{id}/responses": lambda: {"answers": {"hard_to_recruit": False}},
        }
        return bodies[path]()


def _of(published: dict, attribute: str) -> dict:
    return {key: getattr(found, attribute) for key, found in published.items()}


@pytest.fixture
def objects(make_user, own_org, foreign_org) -> World:
    return World(make_user, own_org, foreign_org)


def _url(path: str, obj: str | None, objects: World) -> str:
    if obj is None:
        return path
    ids = objects.ids(path)[obj]
    return path.format(**(ids if isinstance(ids, dict) else {"id": ids}))


def _call(client, operation: tuple[str, str], obj: str | None, objects: World):
    method, path = operation
    url = _url(path, obj, objects)
    if method == "get":
        return client.get(url, PARAMS.get(operation))
    if method == "delete":
        return client.delete(url)
    body = json.dumps(objects.body(path, obj))
    return getattr(client, method)(url, body, content_type="application/json")


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


CREDENTIALS = [
    "none", "malformed", "unknown", "revoked", "inactive_user", "inactive_affiliation", "session",
]  # fmt: skip
# One operation of each method tries every kind of unusable credential (one authentication
# class serves all); every operation tries none and a revoked token.
ONE_OF_EACH_METHOD = {
    method: next(case for case in CASES if case[0][0] == method)
    for method in sorted({operation[0] for operation, _obj in CASES})
}
UNAUTHORISED = [
    (credentials, operation, obj)
    for operation, obj in CASES
    for credentials in (
        CREDENTIALS if (operation, obj) in ONE_OF_EACH_METHOD.values() else ["none", "revoked"]
    )
]


@pytest.mark.parametrize(
    ("credentials", "operation", "obj"),
    UNAUTHORISED,
    ids=[f"{c}-{m} {p} {o or ''}".strip() for c, (m, p), o in UNAUTHORISED],
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
