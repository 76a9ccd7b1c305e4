"""A client generated from the OpenAPI schema (openapi-python-client), as an integrator
would make one, runs the chain end to end: create a company, log a visit with a need,
publish a course through the board's review, register a participant, record attendance and
read the figures. It talks to the product in-process (httpx over WSGI), inside the test's
transaction."""

import importlib
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone

from kompetensnav.accounts.enums import Role, TokenScope
from kompetensnav.api.api import api
from tests.factories import _org_number

PACKAGE = "kompetensnav_client"
BASE_URL = "http://testserver"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The client package generated from the schema the API serves now."""
    where = tmp_path_factory.mktemp("client")
    schema = where / "openapi.json"
    schema.write_text(json.dumps(api.get_openapi_schema()))
    venv_bin = Path(sys.executable).parent
    done = subprocess.run(
        [
            venv_bin / "openapi-python-client",
            "generate",
            "--path",
            schema,
            "--output-path",
            where / PACKAGE,
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        env={"PATH": f"{venv_bin}:/usr/bin:/bin", "HOME": str(where)},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


def _module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


@pytest.fixture
def connect(generated, keep_test_connection, token_for):
    """connect(user, scopes) -> the generated client with a token of the user."""

    def _connect(user, scopes):
        token = token_for(user, scopes=scopes)
        client = generated.AuthenticatedClient(base_url=BASE_URL, token=token)
        client.set_httpx_client(
            httpx.Client(
                base_url=BASE_URL,
                transport=httpx.WSGITransport(app=WSGIHandler()),
                headers={"Authorization": f"Bearer {token}"},
            )
        )
        return client

    return _connect


def _ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response.parsed


def test_the_chain_through_a_generated_client(
    connect, make_user, own_org, foreign_org, network_org
):
    models = _module("models")
    broker = connect(
        make_user(Role.BROKER, own_org), [TokenScope.COMPANIES_WRITE, TokenScope.VISITS_WRITE]
    )
    provider = connect(
        make_user(Role.COURSE_PROVIDER, own_org),
        [
            TokenScope.READ,
            TokenScope.COURSES_WRITE,
            TokenScope.REGISTRATIONS_WRITE,
            TokenScope.ATTENDANCE_WRITE,
        ],
    )
    board = connect(make_user(Role.BOARD, network_org), [TokenScope.COURSES_WRITE])
    reader = connect(make_user(Role.VIEWER, foreign_org), [TokenScope.READ])

    # a broker creates the company and logs the visit with the need it named
    company = _ok(
        _module("api.companies.company_create").sync_detailed(
            client=broker,
            body=models.CompanyIn(
                name="Kustens Verkstad AB", org_number=_org_number(4242), municipality="1485"
            ),
        ),
        201,
    )
    day = timezone.localdate() - timedelta(days=1)
    visit = _ok(
        _module("api.visits.visit_create").sync_detailed(
            client=broker,
            body=models.VisitIn(
                company=company.id,
                date=day,
                needs=[models.NeedIn(area="Svetsning", horizon=models.Horizon.NOW, seqf_level=3)],
            ),
        ),
        201,
    )
    assert [need.area for need in visit.needs] == ["Svetsning"]

    # a provider answers the need with a course; the board approves it; it is published
    course = _ok(
        _module("api.campus.course_create").sync_detailed(
            client=provider,
            body=models.CourseIn(title_sv="Svetsning steg 1", areas=["Svetsning"]),
        ),
        201,
    )
    start = timezone.now() - timedelta(hours=5)
    session = _ok(
        _module("api.campus.session_create").sync_detailed(
            id=course.id,
            client=provider,
            body=models.SessionIn(
                start=start,
                end=start + timedelta(hours=3),
                sites=[models.SiteIn(organisation=own_org.pk, capacity=10)],
                already_took_place=True,
            ),
        ),
        201,
    )
    act = _module("api.campus.course_action").sync_detailed
    action = models.CourseActionInAction
    _ok(act(id=course.id, client=provider, body=models.CourseActionIn(action=action.SUBMIT)))
    _ok(
        act(
            id=course.id,
            client=board,
            body=models.CourseActionIn(action=action.APPROVE, comment="Svarar på behovet."),
        )
    )
    published = _ok(
        act(id=course.id, client=provider, body=models.CourseActionIn(action=action.PUBLISH))
    )
    assert published.status == models.CourseStatus.PUBLISHED

    # a participant is registered and their attendance recorded
    registration = _ok(
        _module("api.participants.registration_create").sync_detailed(
            id=course.id,
            client=provider,
            body=models.RegistrationIn(
                full_name="Robin Svetsare", email="robin@example.se", site=own_org.pk
            ),
        ),
        201,
    )
    assert registration.status == models.RegistrationStatus.REGISTERED
    attendance = _ok(
        _module("api.participants.attendance_save").sync_detailed(
            id=session.id,
            client=provider,
            body=models.AttendanceIn(
                marks=[models.MarkIn(participant=registration.participant, present=True)]
            ),
        )
    )
    assert [(mark.participant, mark.hours) for mark in attendance.marks] == [
        (registration.participant, 3.0)
    ]

    # anyone in the network reads the figures of the year
    today = timezone.localdate()
    figures = _ok(
        _module("api.reports.figures").sync_detailed(
            client=reader, from_=f"{today.year}-01-01", to=f"{today.year}-12-31"
        )
    )
    assert figures.visits == 1
    assert figures.needs == 1
    assert figures.sessions == 1
    assert figures.courses_delivered == 1
    assert figures.participants_attended == 1
    # hours of fewer than five people are hidden, and said to be
    assert figures.attendance_hours_total is None
    assert "attendance_hours_total" in figures.suppressed
