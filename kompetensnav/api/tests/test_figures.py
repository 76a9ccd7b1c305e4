"""/api/figures: the same object as `manage.py figures --json`, from the same code, with small
numbers hidden (figures/privacy.py), on a small hand-built network; bad periods and unknown
restrictions answer 422."""

import io
import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.api.schemas import FiguresOut
from kompetensnav.figures import registry
from kompetensnav.figures.privacy import hidden_keys
from kompetensnav.network.enums import EventKind
from kompetensnav.network.models import Event, Membership
from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
)
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory, OrganisationFactory, ProjectFactory

from .helpers import translated

STHLM = ZoneInfo("Europe/Stockholm")
PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}


def _session(course, when: datetime, hours: str):
    return SessionFactory(
        course=course, start=when, end=when + timedelta(hours=4), hours=Decimal(hours)
    )


@pytest.fixture
def network(own_org):
    """Two providers and broker organisations, a project, courses with attendance, visits,
    events and memberships, some of each outside 2025."""
    other = OrganisationFactory(name="Vuxenutbildning Norr", external_id="org-norr")
    project = ProjectFactory(name="Kompetenslyftet", external_id="p-lyft")
    excel = CourseFactory(provider=own_org, project=project, pilot=True)
    svenska = CourseFactory(provider=other)
    e1 = _session(excel, datetime(2025, 3, 1, 9, tzinfo=STHLM), "3")
    e2 = _session(excel, datetime(2025, 3, 8, 9, tzinfo=STHLM), "3")
    s1 = _session(svenska, datetime(2025, 10, 1, 9, tzinfo=STHLM), "4")
    s2 = _session(svenska, datetime(2026, 1, 10, 9, tzinfo=STHLM), "4")
    astrid = ParticipantFactory(gender="F")
    gustav = ParticipantFactory(gender="M")
    kim = ParticipantFactory(gender="")
    RegistrationFactory(participant=astrid, course=excel, registered=date(2025, 2, 1))
    RegistrationFactory(participant=gustav, course=excel, registered=date(2025, 2, 2))
    RegistrationFactory(participant=kim, course=svenska, registered=date(2025, 9, 1))
    AttendanceFactory(session=e1, participant=astrid, hours=Decimal("3"))
    AttendanceFactory(session=e2, participant=astrid, hours=Decimal("1.5"))
    AttendanceFactory(session=e2, participant=gustav, hours=Decimal("2"))
    AttendanceFactory(session=s1, participant=kim, hours=Decimal("4"))
    AttendanceFactory(session=s2, participant=kim, hours=Decimal("4"))  # after 2025
    company_a, company_b = CompanyFactory(municipality_id="1485"), CompanyFactory()
    for company, organisation, day, needs in [
        (company_a, own_org, date(2025, 1, 1), 2),
        (company_a, own_org, date(2025, 5, 5), 1),
        (company_b, other, date(2025, 12, 31), 3),
        (company_b, other, date(2024, 12, 31), 1),
    ]:
        NeedFactory.create_batch(
            needs, visit=VisitFactory(company=company, organisation=organisation, date=day)
        )
    Event.objects.create(kind=EventKind.NETWORK_MEETING, date=date(2025, 4, 1), participants=12)
    Event.objects.create(kind=EventKind.NETWORK_MEETING, date=date(2024, 4, 1), participants=9)
    membership = Membership.objects.create(organisation=own_org, year=2025, fee_paid=True)
    membership.municipalities.set(["1485"])
    return {"own": own_org, "other": other, "project": project}


def _command(*options: str) -> dict:
    out = io.StringIO()
    call_command("figures", "--json", *options, stdout=out)
    return json.loads(out.getvalue())


def _shared(figures: dict) -> dict:
    """The command's exact figures as the API shows them: hidden ones null and listed."""
    hidden = hidden_keys(registry.share(figures))
    shared = json.loads(json.dumps(figures))
    for key in hidden:
        name, _dot, part = key.partition(".")
        if part:
            shared[name][part] = None
        else:
            shared[name] = None
    return {**shared, "suppressed": hidden}


def test_figures_schema_is_derived_from_the_declarations():
    assert list(FiguresOut.model_fields) == [*registry.order(), "suppressed"]
    schema = FiguresOut.model_json_schema()
    properties, parts = schema["properties"], schema["$defs"]
    assert properties["visits"] == {
        "description": "visits dated in P.",
        "title": "Visits",
        "type": "integer",
    }
    assert properties["attendance_hours_mean"]["anyOf"] == [{"type": "number"}, {"type": "null"}]
    assert "Null when hidden" in properties["attendance_hours_mean"]["description"]
    gender = parts["ParticipantsByGenderOut"]["properties"]
    assert list(gender) == ["F", "M", "X", "unknown"]
    assert gender["F"]["description"].startswith("Women.")
    targets = parts["AccreditationTargetMetOut"]["properties"]
    assert targets["student"]["anyOf"] == [{"type": "boolean"}, {"type": "null"}]
    assert parts["MobilitiesCompletedOut"]["properties"]["staff"]["type"] == "integer"


def test_figures_agree_with_the_command(api_client, broker, network):
    response = api_client(broker).get("/api/figures", PERIOD)
    assert response.status_code == 200
    body = response.json()
    exact = _command("--from", PERIOD["from"], "--to", PERIOD["to"])
    assert body == _shared(exact)
    assert list(body) == [*exact, "suppressed"] == [*registry.order(), "suppressed"]
    # three people attended: their hours and genders are hidden in the API
    assert body["suppressed"] == [
        "attendance_hours_total",
        "attendance_hours_mean",
        "attendance_hours_max",
        "participants_by_gender.F",
        "participants_by_gender.M",
        "participants_by_gender.X",
        "participants_by_gender.unknown",
    ]
    assert body["participants_by_gender"] == {"F": None, "M": None, "X": None, "unknown": None}
    # and the hand-built answers (the hidden ones as the command prints them)
    body = exact
    assert {key: body[key] for key in ("visits", "companies_visited", "needs")} == {
        "visits": 3,
        "companies_visited": 2,
        "needs": 6,
    }
    assert body["network_meetings"] == 1
    assert body["event_participants"] == 12
    assert body["courses_delivered"] == 2
    assert body["pilot_courses_delivered"] == 1
    assert body["sessions"] == 3
    assert body["participants_registered"] == 3
    assert body["participants_attended"] == 3
    assert body["attendance_hours_total"] == 10.5
    assert body["attendance_hours_mean"] == 3.5
    assert body["attendance_hours_max"] == 4.5
    assert body["participants_by_gender"] == {"F": 1, "M": 1, "X": 0, "unknown": 1}
    assert body["members"] == 1
    assert body["municipalities_represented"] == 1
    assert body["places_used_pct"] == {"student": None, "staff": None}


@pytest.mark.parametrize(
    ("params", "options"),
    [
        ({"project": "p-lyft"}, ["--project", "p-lyft"]),
        ({"organisation": "org-norr"}, ["--organisation", "org-norr"]),
        ({"organisation": "own"}, ["--organisation", "own"]),  # the kompetensnav id
        (
            {"project": "p-lyft", "organisation": "own"},
            ["--project", "p-lyft", "--organisation", "own"],
        ),
    ],
)
def test_figures_restricted_like_the_command(api_client, broker, network, params, options):
    params = {k: str(network["own"].pk) if v == "own" else v for k, v in params.items()}
    options = [str(network["own"].pk) if o == "own" else o for o in options]
    response = api_client(broker).get("/api/figures", {**PERIOD, **params})
    assert response.status_code == 200
    exact = _command("--from", PERIOD["from"], "--to", PERIOD["to"], *options)
    assert response.json() == _shared(exact)


def test_figures_restricted_to_a_project_count_its_courses(api_client, broker, network):
    body = api_client(broker).get("/api/figures", {**PERIOD, "project": "p-lyft"}).json()
    assert (body["courses_delivered"], body["sessions"], body["participants_attended"]) == (
        1,
        2,
        2,
    )
    body = api_client(broker).get("/api/figures", {**PERIOD, "organisation": "org-norr"}).json()
    assert (body["visits"], body["needs"], body["courses_delivered"]) == (1, 3, 1)


def test_figures_of_a_single_day(api_client, broker, network):
    body = api_client(broker).get("/api/figures", {"from": "2025-01-01", "to": "2025-01-01"})
    assert body.status_code == 200
    assert body.json()["visits"] == 1


@pytest.mark.parametrize(
    ("params", "loc", "message"),
    [
        (
            {"from": "2025-02-30", "to": "2025-12-31"},
            "from",
            "“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2026-03-31.",
        ),
        (
            {"from": "2025-01-01", "to": "2025-13-01"},
            "to",
            "“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2026-03-31.",
        ),
        (
            {"from": "2025-12-31", "to": "2025-01-01"},
            "to",
            "The end date (to) must not be before the start date (from).",
        ),
        (
            {**PERIOD, "project": "p-okänt"},
            "project",
            "There is no project with the id “%(value)s”.",
        ),
        (
            {**PERIOD, "organisation": "999999"},
            "organisation",
            "There is no organisation with the id “%(value)s”.",
        ),
        (
            {**PERIOD, "organisation": "99999999999999999999"},  # beyond any id
            "organisation",
            "There is no organisation with the id “%(value)s”.",
        ),
        (
            {**PERIOD, "project": "²"},  # a digit to str.isdigit(), not to int()
            "project",
            "There is no project with the id “%(value)s”.",
        ),
    ],
)
def test_figures_period_or_restriction_unknown_422(
    api_client, broker, network, params, loc, message
):
    response = api_client(broker).get("/api/figures", params)
    assert response.status_code == 422
    value = params[loc]
    detail = translated(message) % {"value": value}
    assert response.json() == {"detail": detail, "errors": [{"loc": ["query", loc], "msg": detail}]}


def test_figures_errors_in_english_for_an_english_user(api_client, make_user, own_org):
    from kompetensnav.accounts.enums import Role

    english = make_user(Role.VIEWER, own_org, language="en")
    response = api_client(english).get("/api/figures", {"from": "2025-12-31", "to": "2025-01-01"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "The end date (to) must not be before the start date (from)."
    )
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"from": "2025-01-01"},
        {"to": "2025-12-31"},
        {"from": "2025-1-1", "to": "2025-12-31"},
        {"from": "31/12/2025", "to": "2025-12-31"},
        {"from": "2025-01-01", "to": "2025-12-31T00:00"},
        {**PERIOD, "project": ""},
        {**PERIOD, "project": "x" * 65},
        {**PERIOD, "organisation": "nul\x00byte"},
    ],
)
def test_figures_invalid_parameters_422(api_client, broker, params):
    response = api_client(broker).get("/api/figures", params)
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["errors"] and body["errors"][0]["loc"][0] == "query"


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"from": "0001-01-01", "to": "2025-12-31"}, "from"),
        ({"from": "1899-12-31", "to": "2025-12-31"}, "from"),
        ({"from": "2025-01-01", "to": "9999-12-31"}, "to"),
        ({"from": "2025-01-01", "to": "3000-01-01"}, "to"),
    ],
)
def test_figures_dates_out_of_range_422(api_client, broker, params, loc):
    response = api_client(broker).get("/api/figures", params)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"loc": ["query", loc], "msg": body["detail"]}]
    assert params[loc] in body["detail"] and "1900-01-01" in body["detail"]


def test_figures_widest_period_answers(api_client, broker, network):
    response = api_client(broker).get("/api/figures", {"from": "1900-01-01", "to": "2999-12-31"})
    assert response.status_code == 200
    assert response.json()["visits"] == 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "2025-02-30", "--to", "2025-12-31"], "YYYY-MM-DD"),
        (["--from", "2025-01-01", "--to", "9999-12-31"], "from 1900-01-01 to 2999-12-31"),
        (["--from", "2025-12-31", "--to", "2025-01-01"], "--to must not be before --from"),
        (["--from", "2025-01-01", "--to", "2025-12-31", "--project", "p-okänt"], "No project"),
        (["--from", "2025-01-01", "--to", "2025-12-31", "--organisation", "9"], "No organisation"),
    ],
)
def test_figures_command_refuses_what_the_api_refuses(db, options, message):
    """The command reads its options with the same function (its own English messages)."""
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("figures", *options)


# --- small numbers (figures/privacy.py) ---


def _attendees(day: date, provider, **gender: int) -> None:
    start = datetime.combine(day, datetime.min.time(), tzinfo=STHLM).replace(hour=9)
    session = _session(CourseFactory(provider=provider), start, "3")
    for code, count in gender.items():
        for _ in range(count):
            participant = ParticipantFactory(gender="" if code == "unknown" else code)
            AttendanceFactory(session=session, participant=participant, hours=Decimal("2.5"))


def test_figures_narrowed_to_one_attendee_hide_gender_and_hours(api_client, broker, own_org):
    other = OrganisationFactory(name="Annan anordnare", external_id="org-annan")
    _attendees(date(2025, 3, 4), own_org, F=1)
    _attendees(date(2025, 3, 4), other, M=9)
    one = {"from": "2025-03-04", "to": "2025-03-04", "organisation": str(own_org.pk)}
    body = api_client(broker).get("/api/figures", one).json()
    assert body["participants_attended"] == 1
    assert body["participants_by_gender"] == {"F": None, "M": None, "X": None, "unknown": None}
    assert body["attendance_hours_total"] is None
    assert body["attendance_hours_max"] is None
    assert "participants_by_gender.F" in body["suppressed"]
    assert "attendance_hours_max" in body["suppressed"]
    # the command, the contract, still prints the exact figures
    exact = _command(
        "--from", "2025-03-04", "--to", "2025-03-04", "--organisation", one["organisation"]
    )
    assert exact["participants_by_gender"]["F"] == 1 and exact["attendance_hours_max"] == 2.5
    # the day without the restriction: 1 woman, 9 men
    body = api_client(broker).get("/api/figures", {"from": "2025-03-04", "to": "2025-03-04"})
    body = body.json()
    assert body["participants_by_gender"] == {"F": None, "M": 9, "X": None, "unknown": None}
    assert body["attendance_hours_total"] == 25.0
    assert body["suppressed"] == [
        "participants_by_gender.F",
        "participants_by_gender.X",
        "participants_by_gender.unknown",
    ]


def test_figures_threshold_four_hidden_five_shown(api_client, broker, own_org):
    _attendees(date(2025, 3, 4), own_org, F=4, M=6)
    day = {"from": "2025-03-04", "to": "2025-03-04"}
    body = api_client(broker).get("/api/figures", day).json()
    assert body["participants_by_gender"] == {"F": None, "M": 6, "X": None, "unknown": None}
    _attendees(date(2025, 3, 4), own_org, F=1)
    body = api_client(broker).get("/api/figures", day).json()
    assert body["participants_by_gender"] == {"F": 5, "M": 6, "X": 0, "unknown": 0}
    assert body["suppressed"] == []
