"""Import and export of participants, registrations and attendance: every validation rule,
round trips, idempotency; imported registrations take no seats."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.campus.models import SessionSite
from kompetensnav.participants.models import Attendance, Participant, Registration
from tests.factories import CompanyFactory

from .factories import course_with_sites, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(own_org):
    own_org.external_id = "o1"
    own_org.save()
    CompanyFactory(external_id="c1", name="Hotellet AB")
    course = course_with_sites(provider=own_org, sites=[own_org], capacity=1, sessions=2)
    course.external_id = "k1"
    course.save()
    first, second = course.sessions.order_by("start")
    first.external_id, second.external_id = "s1", "s2"
    first.save()
    second.save()
    return course


@pytest.fixture
def begun(refs):
    """The course as history: both sessions have begun (attendance is only taken, and
    imported, for sessions that have started)."""
    for days_ago, session in zip((14, 7), refs.sessions.order_by("start"), strict=True):
        started(session, days_ago=days_ago)
    return refs


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(kind, path, *extra):
    try:
        call_command("import", kind, str(path), *extra)
    except CommandError as exc:
        return exc
    return None


def errors(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("row ")]


PEOPLE = (
    "id,gender,employer,organisation,email\n"
    "p1,F,c1,,Anna@Example.se\n"
    "p2,M,,o1,bo@example.se\n"
    "p3,,,,\n"
)
REGISTRATIONS = (
    "id,participant,course,registered,status\n"
    "r1,p1,k1,2025-02-01,\n"
    "r2,p2,k1,2025-02-02,waitlisted\n"
    "r3,p3,k1,2025-02-03,cancelled\n"
)
ATTENDANCE = 'id,session,participant,hours\na1,s1,p1,3\na2,s2,p1,"1,5"\na3,s1,p2,0\n'


def _import_all(tmp_path):
    assert run("participants", write(tmp_path, "p.csv", PEOPLE)) is None
    assert run("registrations", write(tmp_path, "r.csv", REGISTRATIONS)) is None
    assert run("attendance", write(tmp_path, "a.csv", ATTENDANCE)) is None


def test_import_all_three_kinds(tmp_path, begun):
    _import_all(tmp_path)
    anna = Participant.objects.get(external_id="p1")
    assert anna.email == "anna@example.se" and anna.employer.name == "Hotellet AB"
    assert Participant.objects.get(external_id="p2").organisation.external_id == "o1"
    assert Participant.objects.get(external_id="p3").gender == ""
    r1 = Registration.objects.get(external_id="r1")
    assert r1.status == "registered" and r1.registered == date(2025, 2, 1)
    assert Registration.objects.get(external_id="r3").cancelled_at is not None
    assert Attendance.objects.get(external_id="a2").hours == Decimal("1.5")
    a3 = Attendance.objects.get(external_id="a3")
    assert a3.hours == 0 and not a3.present


def test_imported_registrations_take_no_seats(tmp_path, begun):
    _import_all(tmp_path)
    assert set(SessionSite.objects.values_list("seats_taken", flat=True)) == {0}


def test_import_twice_is_idempotent(tmp_path, begun):
    _import_all(tmp_path)
    _import_all(tmp_path)
    assert (Participant.objects.count(), Registration.objects.count()) == (3, 3)
    assert Attendance.objects.count() == 3


def test_round_trip(tmp_path, begun):
    _import_all(tmp_path)
    for kind in ("participants", "registrations", "attendance"):
        out = tmp_path / f"{kind}-out.csv"
        call_command("export", kind, str(out))
        assert run(kind, out) is None
    assert (Participant.objects.count(), Registration.objects.count()) == (3, 3)
    text = (tmp_path / "attendance-out.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "id,session,participant,hours"


def test_export_gives_web_records_ids(tmp_path, refs, own_org):
    person = Participant.objects.create(full_name="Webb", email="webb@example.se")
    Registration.objects.create(participant=person, course=refs, site=own_org)
    out = tmp_path / "r.csv"
    call_command("export", "registrations", str(out))
    assert f"kn-participants-{person.pk}" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("participants", "id,gender\np1,K\n", "row 1, column gender"),
        ("participants", "id,employer\np1,c9\n", "row 1, column employer"),
        ("participants", "id,organisation\np1,o9\n", "row 1, column organisation"),
        ("participants", "id,email\np1,inte-en-adress\n", "row 1, column email"),
        ("participants", "id,name\np1,Anna\n", "header, column name"),
        ("participants", "id,email\np1,a@example.se\np2,A@example.se\n", "row 2, column email"),
        (
            "registrations",
            "id,participant,course,registered\nr1,p9,k1,2025-01-01\n",
            "row 1, column participant",
        ),
        (
            "registrations",
            "id,participant,course,registered\nr1,p1,k9,2025-01-01\n",
            "row 1, column course",
        ),
        (
            "registrations",
            "id,participant,course,registered\nr1,p1,k1,2025-13-01\n",
            "row 1, column registered",
        ),
        (
            "registrations",
            "id,participant,course,registered\nr1,p1,k1,\n",
            "row 1, column registered",
        ),
        (
            "registrations",
            "id,participant,course,registered,status\nr1,p1,k1,2025-01-01,maybe\n",
            "row 1, column status",
        ),
        (
            "registrations",
            "id,participant,course,registered\nr1,p1,k1,2025-01-01\nr2,p1,k1,2025-01-02\n",
            "row 2, column participant",
        ),
        ("attendance", "id,session,participant,hours\na1,s1,p1,3.5\n", "row 1, column hours"),
        ("attendance", "id,session,participant,hours\na1,s1,p1,-1\n", "row 1, column hours"),
        ("attendance", "id,session,participant,hours\na1,s1,p1,lite\n", "row 1, column hours"),
        ("attendance", "id,session,participant,hours\na1,s9,p1,1\n", "row 1, column session"),
        ("attendance", "id,session,participant,hours\na1,s1,p9,1\n", "row 1, column participant"),
        ("attendance", "id,session,participant\na1,s1,p1\n", "header, column hours"),
        (
            "attendance",
            "id,session,participant,hours\na1,s1,p1,1\na2,s1,p1,2\n",
            "row 2, column participant",
        ),
    ],
)
def test_every_rule_reports_row_and_column(tmp_path, begun, capsys, kind, text, expected):
    Participant.objects.create(external_id="p1", email="a@example.se")
    capsys.readouterr()
    assert run(kind, write(tmp_path, "x.csv", text)) is not None
    err = capsys.readouterr().err
    assert expected in err, err
    assert Registration.objects.count() == 0 and Attendance.objects.count() == 0


def test_dry_run_writes_nothing(tmp_path, begun):
    assert run("participants", write(tmp_path, "p.csv", PEOPLE), "--dry-run") is None
    assert Participant.objects.count() == 0


def test_import_can_cancel_a_web_registration_and_frees_its_seat(tmp_path, refs, own_org):
    from kompetensnav.participants import services

    result = services.registration_create(
        course=refs,
        full_name="Webb",
        email="webb@example.se",
        place=services.Place(site_id=own_org.pk),
        base_url="http://x/",
    )
    result.registration.external_id = "w1"
    result.registration.save()
    result.registration.participant.external_id = "pw"
    result.registration.participant.save()
    assert set(SessionSite.objects.values_list("seats_taken", flat=True)) == {1}
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    Registration.objects.filter(pk=result.registration.pk).update(updated=long_ago)
    text = "id,participant,course,registered,status\nw1,pw,k1,2025-01-01,cancelled\n"
    assert run("registrations", write(tmp_path, "r.csv", text)) is None
    assert set(SessionSite.objects.values_list("seats_taken", flat=True)) == {0}
    # the bulk write stamps the change, so a system that keeps in step hears of it
    assert Registration.objects.get(pk=result.registration.pk).updated > long_ago


def test_attendance_of_a_session_that_has_not_begun_is_a_row_error(tmp_path, refs, capsys):
    assert run("participants", write(tmp_path, "p.csv", PEOPLE)) is None
    text = "id,session,participant,hours\na1,s1,p1,1\n"
    assert run("attendance", write(tmp_path, "a.csv", text)) is not None
    assert any(line.startswith("row 1, column session") and "not started" in line
               for line in errors(capsys))  # fmt: skip
    assert not Attendance.objects.exists()
