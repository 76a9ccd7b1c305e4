"""The courses and sessions kinds of the interchange contract: every validation rule, round
trips, idempotency, and receiving sites that keep their places taken."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.campus.services import DEFAULT_SITE_CAPACITY

pytestmark = pytest.mark.django_db

ORGS = (
    "id,name,kind,municipality\n"
    "udd,Vuxenutbildningen Uddevalla,adult_education,1485\n"
    "bor,Vuxenutbildningen Borås,adult_education,1490\n"
    "fal,Vuxenutbildningen Falköping,adult_education,1499\n"
)
COURSES = (
    "id,title,provider,description,areas,seqf_level,format,pilot,project,status\n"
    "k1,Kampanjer på sociala medier,udd,Planera kampanjer,Sociala medier;Marknadsföring,4,"
    "live_stream,ja,,\n"
    "k2,CNC-grunder,bor,,CNC-teknik,3,on_site,no,,draft\n"
)
SESSIONS = (
    "id,course,start,end,sending_site,receiving_sites,hours\n"
    "s1,k1,2030-03-05T09:00,2030-03-05T12:00,udd,bor;fal,\n"
    "s2,k1,2030-03-12T09:00,2030-03-12T12:00,udd,bor,2.5\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path, kind: str, text: str, *extra):
    try:
        call_command("import", kind, str(write(tmp_path, f"{kind}.csv", text)), *extra)
    except CommandError as exc:
        return exc
    return None


@pytest.fixture
def orgs(tmp_path):
    assert load(tmp_path, "organisations", ORGS) is None


def errors_of(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("row ")]


def test_import_courses_and_sessions(tmp_path, orgs):
    assert load(tmp_path, "courses", COURSES) is None
    k1 = Course.objects.get(external_id="k1")
    assert k1.status == "published"  # the default: imported courses are usually history
    assert k1.pilot and k1.seqf_level_id == 4 and k1.provider.external_id == "udd"
    assert sorted(a.name for a in k1.areas.all()) == ["Marknadsföring", "Sociala medier"]
    assert Course.objects.get(external_id="k2").status == "draft"

    assert load(tmp_path, "sessions", SESSIONS) is None
    s1 = Session.objects.get(external_id="s1")
    assert s1.hours == Decimal("3.00")  # default end − start
    assert s1.sending_site.external_id == "udd"
    assert sorted(s.organisation.external_id for s in s1.sites.all()) == ["bor", "fal"]
    assert all(s.capacity == DEFAULT_SITE_CAPACITY for s in s1.sites.all())
    assert Session.objects.get(external_id="s2").hours == Decimal("2.5")


def test_import_twice_is_idempotent_and_keeps_places_taken(tmp_path, orgs):
    load(tmp_path, "courses", COURSES)
    load(tmp_path, "sessions", SESSIONS)
    from kompetensnav.participants.models import Participant, Registration

    site = SessionSite.objects.get(session__external_id="s1", organisation__external_id="bor")
    SessionSite.objects.filter(pk=site.pk).update(seats_taken=5, capacity=12, room="Sal 3")
    for n in range(5):  # the five people who hold those places
        Registration.objects.create(
            participant=Participant.objects.create(full_name=f"P {n}", email=f"p{n}@example.se"),
            course=site.session.course,
            site=site.organisation,
        )
    assert load(tmp_path, "courses", COURSES) is None
    assert load(tmp_path, "sessions", SESSIONS) is None
    assert Course.objects.count() == 2 and Session.objects.count() == 2
    assert SessionSite.objects.count() == 3
    site.refresh_from_db()
    assert (site.seats_taken, site.capacity, site.room) == (5, 12, "Sal 3")


def test_removing_a_site_with_places_taken_is_a_row_error(tmp_path, orgs, capsys):
    load(tmp_path, "courses", COURSES)
    load(tmp_path, "sessions", SESSIONS)
    SessionSite.objects.filter(session__external_id="s1", organisation__external_id="fal").update(
        seats_taken=1
    )
    changed = SESSIONS.replace("udd,bor;fal,", "udd,bor,")
    assert load(tmp_path, "sessions", changed) is not None
    assert any("row 1" in e and "cannot be removed" in e for e in errors_of(capsys))
    assert SessionSite.objects.filter(session__external_id="s1").count() == 2


@pytest.mark.parametrize(
    ("kind", "text", "row", "column"),
    [
        ("courses", "id,title,provider\nk,,udd\n", 1, "title"),
        ("courses", "id,title,provider\nk,Kurs,okänd\n", 1, "provider"),
        ("courses", "id,title,provider,format\nk,Kurs,udd,video\n", 1, "format"),
        ("courses", "id,title,provider,status\nk,Kurs,udd,klar\n", 1, "status"),
        ("courses", "id,title,provider,seqf_level\nk,Kurs,udd,9\n", 1, "seqf_level"),
        ("courses", "id,title,provider,pilot\nk,Kurs,udd,kanske\n", 1, "pilot"),
        ("courses", "id,title,provider,project\nk,Kurs,udd,p-okänt\n", 1, "project"),
        ("sessions", "id,course,start,end\ns,k1,2030-03-05T09:00,2030-03-05T08:00\n", 1, "end"),
        (
            "sessions",
            "id,course,start,end\ns,okänd,2030-03-05T09:00,2030-03-05T10:00\n",
            1,
            "course",
        ),
        ("sessions", "id,course,start,end\ns,k1,5 mars,2030-03-05T10:00\n", 1, "start"),
        (
            "sessions",
            "id,course,start,end,hours\ns,k1,2030-03-05T09:00,2030-03-05T10:00,-1\n",
            1,
            "hours",
        ),
        (
            "sessions",
            "id,course,start,end,hours\ns,k1,2030-03-05T09:00,2030-03-05T10:00,2\n",
            1,
            "hours",
        ),
        (
            "sessions",
            "id,course,start,end,receiving_sites\ns,k1,2030-03-05T09:00,2030-03-05T10:00,bor;xx\n",
            1,
            "receiving_sites",
        ),
        (
            "sessions",
            "id,course,start,end,sending_site\ns,k1,2030-03-05T09:00,2030-03-05T10:00,xx\n",
            1,
            "sending_site",
        ),
    ],
)
def test_each_validation_rule_reports_row_and_column(
    tmp_path, orgs, capsys, kind, text, row, column
):
    load(tmp_path, "courses", COURSES)
    capsys.readouterr()
    assert load(tmp_path, kind, text) is not None
    errors = errors_of(capsys)
    assert any(e.startswith(f"row {row}, column {column}:") for e in errors), errors


def test_end_equal_to_start_is_allowed_with_zero_hours(tmp_path, orgs):
    load(tmp_path, "courses", COURSES)
    text = "id,course,start,end\ns0,k1,2030-03-05T09:00,2030-03-05T09:00\n"
    assert load(tmp_path, "sessions", text) is None
    assert Session.objects.get(external_id="s0").hours == 0


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trips(tmp_path, orgs, suffix):
    load(tmp_path, "courses", COURSES)
    load(tmp_path, "sessions", SESSIONS)
    before_courses = sorted(
        (c.external_id, c.title_sv, c.status, c.pilot, c.seqf_level_id)
        for c in Course.objects.all()
    )
    before_sessions = sorted(
        (s.external_id, s.start, s.end, s.hours) for s in Session.objects.all()
    )
    for kind in ("courses", "sessions"):
        out = tmp_path / f"{kind}-export{suffix}"
        call_command("export", kind, str(out))
        assert load_file(kind, out) is None
    assert (
        sorted(
            (c.external_id, c.title_sv, c.status, c.pilot, c.seqf_level_id)
            for c in Course.objects.all()
        )
        == before_courses
    )
    assert sorted((s.external_id, s.start, s.end, s.hours) for s in Session.objects.all()) == (
        before_sessions
    )
    assert SessionSite.objects.count() == 3


def load_file(kind, path):
    try:
        call_command("import", kind, str(path))
    except CommandError as exc:
        return exc
    return None


def test_export_gives_ids_to_courses_made_in_the_web(tmp_path, orgs):
    from .factories import CourseFactory, SessionFactory

    session = SessionFactory(course=CourseFactory(external_id=None), external_id=None)
    out = tmp_path / "sessions.csv"
    call_command("export", "sessions", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert f"kn-sessions-{session.pk}" in text and f"kn-courses-{session.course.pk}" in text


def _sessions_csv(count: int, course: str = "k1", first: int = 0) -> str:
    rows = [
        f"s{n},{course},2030-04-{1 + n % 28:02d}T09:00,2030-04-{1 + n % 28:02d}T12:00,udd,bor;fal,"
        for n in range(first, first + count)
    ]
    return "id,course,start,end,sending_site,receiving_sites,hours\n" + "\n".join(rows) + "\n"


def test_a_batch_of_sessions_is_written_in_a_fixed_number_of_queries(tmp_path, orgs):
    """The sessions of a batch are written together (services.sessions_import), not a row at
    a time: 40 sessions cost as many queries as 4, created or updated."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    load(tmp_path, "courses", COURSES)

    def queries(text: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert load(tmp_path, "sessions", text) is None
        return len(captured)

    queries(_sessions_csv(1, first=200))  # what a process reads once (the first import)
    assert queries(_sessions_csv(4)) == queries(_sessions_csv(40, first=100))
    # the same rows again: updated
    assert queries(_sessions_csv(4)) == queries(_sessions_csv(40, first=100))
    assert Session.objects.count() == 45 and SessionSite.objects.count() == 90
    assert set(SessionSite.objects.values_list("capacity", flat=True)) == {DEFAULT_SITE_CAPACITY}


def test_a_session_moved_to_another_course_has_its_seats_counted_again(tmp_path, orgs):
    from kompetensnav.participants.models import Registration
    from kompetensnav.participants.tests.factories import ParticipantFactory

    load(tmp_path, "courses", COURSES)
    load(tmp_path, "sessions", SESSIONS)
    k1 = Course.objects.get(external_id="k1")
    bor = SessionSite.objects.get(session__external_id="s2").organisation
    for _n in range(2):
        Registration.objects.create(participant=ParticipantFactory(), course=k1, site=bor)
    assert load(tmp_path, "sessions", SESSIONS) is None  # the seats counted by the import
    assert list(
        SessionSite.objects.filter(organisation=bor).values_list("seats_taken", flat=True)
    ) == [2, 2]

    moved = SESSIONS.replace("s2,k1,", "s2,k2,")
    assert load(tmp_path, "sessions", moved) is None
    s2 = SessionSite.objects.get(session__external_id="s2")
    assert s2.session.course.external_id == "k2" and s2.seats_taken == 0  # k2: nobody yet
    s1 = SessionSite.objects.get(session__external_id="s1", organisation=bor)
    assert s1.seats_taken == 2


def test_hours_below_the_attendance_recorded_is_a_row_error_and_nothing_is_written(
    tmp_path, orgs, capsys
):
    from kompetensnav.participants.tests.factories import AttendanceFactory

    load(tmp_path, "courses", COURSES)
    load(tmp_path, "sessions", SESSIONS)
    AttendanceFactory(session=Session.objects.get(external_id="s1"), hours=Decimal("3.00"))
    capsys.readouterr()
    fewer = SESSIONS.replace("udd,bor;fal,\n", "udd,bor;fal,2\n").replace("s2,k1", "s9,k1")
    assert load(tmp_path, "sessions", fewer) is not None
    errors = errors_of(capsys)
    assert any(e.startswith("row 1, column hours:") and "3 hours" in e for e in errors), errors
    assert Session.objects.get(external_id="s1").hours == Decimal("3.00")
    assert not Session.objects.filter(external_id="s9").exists()  # all or nothing


def test_a_session_written_alone_follows_the_same_rules(tmp_path, orgs):
    """The row-at-a-time write (when the database refuses a batch, to name the row) goes
    through the same service as a batch: the same rules, the same column in the message."""
    from django.core.exceptions import ValidationError

    from kompetensnav.interchange.kinds import ImportContext
    from kompetensnav.interchange.registry import KINDS

    load(tmp_path, "courses", COURSES)
    load(tmp_path, "sessions", SESSIONS)
    kind, context = KINDS["sessions"], ImportContext()
    values, errors = kind.parse(
        {
            "id": "s9",
            "course": "k1",
            "start": "2030-05-05T09:00",
            "end": "2030-05-05T11:00",
            "sending_site": "udd",
            "receiving_sites": "bor",
        }  # fmt: skip
    )
    assert not errors and kind.upsert(values, context) is True
    assert [
        s.organisation.external_id for s in Session.objects.get(external_id="s9").sites.all()
    ] == ["bor"]

    SessionSite.objects.filter(session__external_id="s1", organisation__external_id="fal").update(
        seats_taken=1
    )
    values, _errors = kind.parse(
        {
            "id": "s1",
            "course": "k1",
            "start": "2030-03-05T09:00",
            "end": "2030-03-05T12:00",
            "sending_site": "udd",
            "receiving_sites": "bor",
        }  # fmt: skip
    )
    with pytest.raises(ValidationError) as refused:
        kind.upsert(values, context)
    assert "cannot be removed" in refused.value.message_dict["receiving_sites"][0]
    assert SessionSite.objects.filter(session__external_id="s1").count() == 2
