"""Imports that write in bulk: a batch is checked and written with a few queries whatever
its size, still all or nothing with every bad row named, still idempotent, and recorded in
the audit log once per import (with the records it touched), not once per row."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetensnav.companies.models import Company
from kompetensnav.interchange import importer
from kompetensnav.interchange.kinds import pk_ranges
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

COMPANIES = "id,name,org_number,sni,municipality,country,employees\n"


def _luhn(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 - i % 2)
        total += d - 9 if d > 9 else d
    return nine + str((10 - total % 10) % 10)


def org_number(nine: str) -> str:
    ten = _luhn(nine)
    return f"{ten[:6]}-{ten[6:]}"


def companies(n: int, start: int = 0) -> bytes:
    rows = "".join(
        f"c{i},Företag {i} AB,{_luhn(f'55{i:07d}')},25,1494,SE,{i % 50}\n"
        for i in range(start, start + n)
    )
    return (COMPANIES + rows).encode()


def run(kind: str, content: bytes, **options):
    return importer.run_import(KINDS[kind], open_table(content, f"{kind}.csv"), **options)


def general_path(monkeypatch, kind: str) -> None:
    """The kind's files read and checked row by row, even a plain file of new records (on
    PostgreSQL written by one statement otherwise: test_plain.py)."""
    monkeypatch.setattr(type(KINDS[kind]), "plain", None)


def queries_of(kind: str, content: bytes, **options) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = run(kind, content, **options)
    assert result.ok, result.errors[:3]
    return len(queries)


def test_a_bulk_import_costs_the_same_queries_for_ten_rows_as_for_a_batch(monkeypatch):
    monkeypatch.setattr(importer, "BATCH_ROWS", 200)
    queries_of("companies", companies(1, start=9000))  # what is read once per process
    few = queries_of("companies", companies(10))
    many = queries_of("companies", companies(200, start=1000))
    assert many == few, (few, many)
    two_batches = queries_of("companies", companies(400, start=5000))
    assert two_batches - many <= 7  # a batch more: its lookups (its own ids too), one insert
    assert Company.objects.count() == 611


def test_a_bulk_import_updates_by_id_and_is_idempotent():
    assert run("companies", companies(30)).ok
    first = list(Company.objects.order_by("external_id").values("pk", "external_id", "name"))
    again = run("companies", companies(30).replace("Företag 3 AB".encode(), b"Nytt namn AB"))
    assert again.ok and len(again.updated) == 30 and not again.created
    now = list(Company.objects.order_by("external_id").values("pk", "external_id", "name"))
    assert [r["pk"] for r in now] == [r["pk"] for r in first]
    assert Company.objects.get(external_id="c3").name == "Nytt namn AB"


def test_a_bulk_import_is_audited_once_with_what_it_touched(coordinator):
    CompanyFactory(external_id="c0", name="Gammalt AB", org_number=org_number("550000000"))
    before = LogEntry.objects.count()
    result = run("companies", companies(25), actor=coordinator)
    assert result.ok
    entries = list(LogEntry.objects.order_by("pk")[before:])
    assert len(entries) == 1  # not one per row
    entry = entries[0]
    assert entry.content_type.model_class() is Company
    assert entry.actor == coordinator
    assert entry.additional_data["import"] == "companies"
    pks = dict(Company.objects.values_list("external_id", "pk"))
    assert entry.additional_data["updated"] == [[pks["c0"], pks["c0"]]]
    created = sorted(pk for external_id, pk in pks.items() if external_id != "c0")
    assert entry.additional_data["created"] == pk_ranges(created)
    assert "24" in entry.object_repr and "1" in entry.object_repr


def test_pk_ranges_join_consecutive_ids():
    assert pk_ranges([5, 1, 2, 3, 9, 10, 7]) == [[1, 3], [5, 5], [7, 7], [9, 10]]
    assert pk_ranges([]) == []


def test_a_number_given_twice_in_the_file_is_found_by_the_check():
    twice = companies(3) + f"c9,Kopia AB,{_luhn('550000001')},,,SE,\n".encode()
    result = run("companies", twice, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(4, "org_number")]
    assert "Row 2" in result.errors[0].message or "Rad 2" in result.errors[0].message
    assert not Company.objects.exists()


def test_a_clash_the_check_did_not_see_names_its_row_and_writes_nothing(monkeypatch):
    """A company written by someone else between the check and the write: the batch is
    refused by the database, written again a row at a time to name the row, and rolled
    back whole."""
    CompanyFactory(external_id="web", org_number=org_number("550000002"))
    monkeypatch.setattr(KINDS["companies"].__class__, "check_rows", lambda self, rows, c: {})
    result = run("companies", companies(3))
    assert [(e.row, e.column) for e in result.errors] == [(3, "org_number")]
    assert list(Company.objects.values_list("external_id", flat=True)) == ["web"]


# --- participants and attendance ------------------------------------------------------------


@pytest.fixture
def sessions():
    """Two sessions that have begun (s1: 3 hours, s2: 2 hours) and one that has not."""
    from datetime import timedelta

    from django.utils import timezone

    from kompetensnav.participants.tests.factories import SessionFactory

    now = timezone.now()
    SessionFactory(external_id="s1", start=now - timedelta(days=7), hours=3)
    SessionFactory(external_id="s2", start=now - timedelta(days=6), hours=2)
    SessionFactory(external_id="later", start=now + timedelta(days=6), hours=2)


def participants(n: int, start: int = 0) -> bytes:
    rows = "".join(f"p{i},{'FMX'[i % 3]},,,person{i}@example.se\n" for i in range(start, start + n))
    return ("id,gender,employer,organisation,email\n" + rows).encode()


def attendance(n: int, start: int = 0, session: str = "s1") -> bytes:
    rows = "".join(
        f"a-{session}-{i},{session},p{i},{i % 4 * 0.5}\n" for i in range(start, start + n)
    )
    return ("id,session,participant,hours\n" + rows).encode()


def test_participants_and_attendance_cost_the_same_queries_for_a_few_rows_as_a_batch(
    sessions, monkeypatch
):
    from kompetensnav.participants.models import Attendance, Participant

    monkeypatch.setattr(importer, "BATCH_ROWS", 200)
    general_path(monkeypatch, "participants")
    general_path(monkeypatch, "attendance")
    queries_of("participants", participants(1, start=900))
    few = queries_of("participants", participants(10))
    many = queries_of("participants", participants(190, start=10))
    assert many == few, (few, many)
    queries_of("attendance", attendance(1, start=900, session="s2"))
    few = queries_of("attendance", attendance(10))
    many = queries_of("attendance", attendance(190, start=10))
    assert many == few, (few, many)
    assert Participant.objects.count() == 201 and Attendance.objects.count() == 201
    assert Attendance.objects.get(external_id="a-s1-13").hours == Decimal("0.5")
    assert not Attendance.objects.get(external_id="a-s1-12").present  # 0 hours: absent


def test_attendance_is_checked_in_bulk_as_it_was_a_row_at_a_time(sessions):
    assert run("participants", participants(4)).ok
    assert run("attendance", attendance(2)).ok
    content = (
        b"id,session,participant,hours\n"
        b"x1,s1,p0,1\n"  # p0's attendance at s1 exists, under another id
        b"x2,s2,p1,2.5\n"  # more than the session's hours
        b"x3,later,p2,1\n"  # the session has not begun
        b"x4,s2,p3,1\n"
        b"x5,s2,p3,1\n"  # the same participant and session twice in the file
        b"x6,s9,p3,1\n"  # no such session
    )
    result = run("attendance", content, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [
        (1, "participant"),
        (2, "hours"),
        (3, "session"),
        (5, "participant"),
        (6, "session"),
    ]
    assert "(a-s1-0)" in result.errors[0].message


def test_an_e_mail_address_is_one_participants_in_the_file_and_in_the_database():
    from kompetensnav.participants.tests.factories import ParticipantFactory

    ParticipantFactory(external_id="web", email="taken@example.se")
    content = (
        b"id,gender,employer,organisation,email\n"
        b"p1,F,,,Taken@Example.se\n"
        b"p2,M,,,ny@example.se\n"
        b"p3,M,,,NY@example.se\n"
        b"web,F,,,taken@example.se\n"  # its own address: an update
    )
    result = run("participants", content)
    assert [(e.row, e.column) for e in result.errors] == [(1, "email"), (3, "email")]
    assert "web" in result.errors[0].message


def test_a_bulk_import_of_people_is_audited_once_per_model(coordinator, sessions):
    from kompetensnav.participants.models import Attendance, Participant

    before = LogEntry.objects.count()
    assert run("participants", participants(30), actor=coordinator).ok
    assert run("attendance", attendance(30), actor=coordinator).ok
    entries = list(LogEntry.objects.order_by("pk")[before:])
    assert [e.content_type.model_class() for e in entries] == [Participant, Attendance]
    assert entries[0].additional_data["created"] == pk_ranges(
        list(Participant.objects.values_list("pk", flat=True))
    )


# --- visits and needs -------------------------------------------------------------------------


@pytest.fixture
def visit_refs(broker):
    from tests.factories import OrganisationFactory

    OrganisationFactory(external_id="o1")
    for i in range(3):
        CompanyFactory(external_id=f"c{i}", org_number=org_number(f"55000001{i}"))
    return broker


def visits(n: int, start: int = 0, broker: str = "") -> bytes:
    rows = "".join(
        f"v{i},2025-0{1 + i % 9}-1{i % 10},c{i % 3},o1,{broker if i % 2 else ''},Besök {i}\n"
        for i in range(start, start + n)
    )
    return ("id,date,company,organisation,broker,notes\n" + rows).encode()


def needs(n: int, start: int = 0) -> bytes:
    areas = ["Svetsning", "CNC-teknik", "Truckkörning"]
    rows = "".join(
        f"n{i},v{i % 5},{areas[i % 3]},Behov {i},now,{i % 7},{1 + i % 8},utbildning\n"
        for i in range(start, start + n)
    )
    return (
        "id,visit,area,description,horizon,employees_affected,seqf_level,gap_area\n" + rows
    ).encode()


def test_visits_and_needs_cost_the_same_queries_for_a_few_rows_as_a_batch(visit_refs, monkeypatch):
    from kompetensnav.visits.models import Need, Visit

    monkeypatch.setattr(importer, "BATCH_ROWS", 200)
    email = visit_refs.email.upper()  # any letter case names the user
    queries_of("visits", visits(1, start=900, broker=email))
    few = queries_of("visits", visits(10, broker=email))
    many = queries_of("visits", visits(190, start=10, broker=email))
    assert many == few, (few, many)
    queries_of("needs", needs(3, start=900))  # the three areas made
    few = queries_of("needs", needs(10))
    many = queries_of("needs", needs(190, start=10))
    assert many == few, (few, many)
    assert Visit.objects.count() == 201 and Need.objects.count() == 203
    assert list(Visit.objects.get(external_id="v1").visited_by.all()) == [visit_refs]
    assert not Visit.objects.get(external_id="v2").visited_by.exists()
    assert Need.objects.get(external_id="n4").area.name == "CNC-teknik"


def test_a_visit_in_the_future_is_a_row_error_a_broker_without_account_a_notice(visit_refs):
    from datetime import timedelta

    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    content = (
        "id,date,company,organisation,broker,notes\n"
        f"v1,{tomorrow.isoformat()},c0,o1,,\n"
        "v2,2025-03-01,c0,o1,ingen@example.se,\n"
        f"v3,2025-03-01,c0,o1,{visit_refs.email},\n"
    ).encode()
    result = run("visits", content, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(1, "date")]
    assert [(e.row, e.column) for e in result.notices] == [(2, "broker")]


def test_an_imported_broker_replaces_the_visitors_unless_among_them(visit_refs, coordinator):
    from kompetensnav.visits.models import Visit

    assert run("visits", visits(4)).ok
    visit = Visit.objects.get(external_id="v1")
    visit.visited_by.set([coordinator, visit_refs])
    other = Visit.objects.get(external_id="v3")
    other.visited_by.set([coordinator])
    assert run("visits", visits(4, broker=visit_refs.email)).ok
    assert set(visit.visited_by.all()) == {coordinator, visit_refs}  # among them: kept
    assert list(other.visited_by.all()) == [visit_refs]  # as a row at a time: replaced


def test_imported_needs_are_matched_once_per_batch_after_the_commit(
    visit_refs, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from kompetensnav.analysis.models import NeedVector
    from kompetensnav.visits.models import Need
    from tests.tasks import run_queued_tasks

    monkeypatch.setattr(importer, "BATCH_ROWS", 5)
    assert run("visits", visits(5)).ok
    with django_capture_on_commit_callbacks(execute=True):
        assert run("needs", needs(12)).ok
    queued = list(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    assert queued == ["kompetensnav.analysis.tasks.needs_imported_task"] * 3  # 5 + 5 + 2
    run_queued_tasks()
    assert NeedVector.objects.filter(need__in=Need.objects.all()).count() == 12


# --- registrations ----------------------------------------------------------------------------


def registrations(n: int, start: int = 0, course: str = "k1", status: str = "registered") -> bytes:
    rows = "".join(
        f"r-{course}-{i},p{i},{course},2025-02-0{1 + i % 9},{status}\n"
        for i in range(start, start + n)
    )
    return ("id,participant,course,registered,status\n" + rows).encode()


@pytest.fixture
def courses(sessions):
    from kompetensnav.participants.tests.factories import CourseFactory

    CourseFactory(external_id="k1")
    CourseFactory(external_id="k2")
    assert run("participants", participants(250)).ok


def test_registrations_cost_the_same_queries_for_a_few_rows_as_a_batch(courses, monkeypatch):
    from kompetensnav.participants.models import Registration

    monkeypatch.setattr(importer, "BATCH_ROWS", 200)
    general_path(monkeypatch, "registrations")
    queries_of("registrations", registrations(1, start=240, course="k2"))
    few = queries_of("registrations", registrations(10))
    many = queries_of("registrations", registrations(190, start=10))
    assert many == few, (few, many)
    assert Registration.objects.filter(course__external_id="k1").count() == 200
    again = run("registrations", registrations(5, status="cancelled"))
    assert again.ok and len(again.updated) == 5
    cancelled = Registration.objects.get(external_id="r-k1-3")
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None


def test_a_participant_registered_twice_for_a_course_is_a_row_error(courses):
    content = registrations(3) + b"r-extra,p1,k1,2025-03-01,registered\n"
    result = run("registrations", content, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(4, "participant")]
    assert "2" in result.errors[0].message  # the row that registers them first
    assert run("registrations", registrations(3)).ok
    result = run("registrations", b"id,participant,course,registered\nr-x,p1,k1,2025-03-01\n")
    assert [(e.row, e.column) for e in result.errors] == [(1, "participant")]
    assert "r-k1-1" in result.errors[0].message
    cancelled_again = b"id,participant,course,registered,status\nr-y,p1,k1,2025-03-01,cancelled\n"
    assert run("registrations", cancelled_again).ok  # a cancelled one is history


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_on_postgresql_a_batch_is_copied_and_written_by_one_insert(
    django_capture_on_commit_callbacks,
):
    from kompetensnav.common import datacache  # noqa: PLC0415

    with django_capture_on_commit_callbacks(execute=True):
        assert run("companies", companies(20)).ok
    stamped = dict(Company.objects.values_list("external_id", "updated"))
    known = datacache.tokens(["companies"])
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = run("companies", companies(25).replace("Företag 3 AB".encode(), b"Nytt namn AB"))
    assert result.ok and len(result.created) == 5 and len(result.updated) == 20
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "companies_company"')]
    assert len(inserts) == 1 and 'FROM "kn_import_companies_company"' in inserts[0]
    assert Company.objects.count() == 25
    assert Company.objects.get(external_id="c3").name == "Nytt namn AB"
    # an updated record has a new change time; the data cache hears of the write
    assert Company.objects.get(external_id="c3").updated > stamped["c3"]
    assert datacache.tokens(["companies"]) != known


def test_an_import_reads_only_the_ids_its_file_names(monkeypatch):
    """Whether a row creates or updates, and whether a reference exists, is asked of the
    database for the file's own ids, a query per batch: never every id of the table (at
    national scale millions, read for each import)."""
    from kompetensnav.participants.models import Participant  # noqa: PLC0415

    general_path(monkeypatch, "participants")
    Participant.objects.bulk_create(
        [Participant(external_id=f"old-{n}", email=f"old{n}@example.se") for n in range(300)]
    )
    content = "id,gender,employer,organisation,email\n" + "".join(
        f"p{n},F,,,p{n}@example.se\n" for n in range(5)
    )
    with CaptureQueriesContext(connection) as queries:
        result = run("participants", content.encode())
    assert result.ok and len(result.created) == 5
    reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and 'FROM "participants_participant"' in q["sql"]
    ]
    # each read names the values it wants (ids, e-mail addresses), none reads them all
    assert reads and all(" = ANY(" in sql or " IN (" in sql for sql in reads), reads
    again = run("participants", content.replace("p1,F", "p1,M").encode())
    assert again.ok and len(again.updated) == 5 and not again.created


@pytest.mark.parametrize("kind", ["organisations", "memberships"])
def test_checking_a_file_asks_no_query_per_row(kind):
    """Ids and reference data (municipality codes, countries) are looked up for a batch or
    once per import: checking 40 rows costs the queries of checking 4."""
    from tests.factories import OrganisationFactory  # noqa: PLC0415

    OrganisationFactory(external_id="o1")

    def content(n: int) -> bytes:
        if kind == "organisations":
            rows = "".join(f"o{i},Skola {i},adult_education,1485,NO\n" for i in range(100, 100 + n))
            return ("id,name,kind,municipality,country\n" + rows).encode()
        rows = "".join(f"m{i},o1,{2000 + i},ja,1485;1490\n" for i in range(n))
        return ("id,organisation,year,fee_paid,municipalities\n" + rows).encode()

    def queries(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            result = run(kind, content(n), dry_run=True)
        assert result.ok, result.errors[:3]
        return len(captured)

    assert queries(4) == queries(40)


# --- what an import tells it created and updated ------------------------------------------------

ORGANISATIONS = "id,name,kind,municipality,country\n"


def organisations(n: int, start: int = 0) -> bytes:
    rows = "".join(f"o{i},Skola {i},adult_education,1485,SE\n" for i in range(start, start + n))
    return (ORGANISATIONS + rows).encode()


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("companies", companies),  # in bulk (COPY on PostgreSQL)
        ("participants", participants),
        ("attendance", attendance),
        ("registrations", registrations),
        ("organisations", organisations),  # a row at a time, through the service
    ],
)
def test_a_write_tells_what_it_created_and_updated_as_the_dry_run_does(
    courses, monkeypatch, kind, content
):
    """The rows a write created and updated are told by the write (Kind.tells_outcomes): the
    same lists, in the file's order, as a dry run finds by asking the database first; over
    several batches, a file that updates some records and creates others."""
    monkeypatch.setattr(importer, "BATCH_ROWS", 4)
    base = 300 if kind == "participants" else 100  # `courses` made participants p0…p249
    assert run(kind, content(6, start=base)).ok
    checked = run(kind, content(8, start=base + 3), dry_run=True)
    written = run(kind, content(8, start=base + 3))
    assert written.ok and checked.ok
    ids = [row.split(",")[0] for row in content(8, start=base + 3).decode().splitlines()[1:]]
    assert written.updated == checked.updated == ids[:3]
    assert written.created == checked.created == ids[3:]
    assert run(kind, content(8, start=base + 3)).updated == ids


def test_an_attendance_import_reads_its_references_once_per_batch(sessions, monkeypatch):
    """The ids a batch names are looked up once for its check and its write (ImportContext
    .pks), and the write tells what it created: no other read of the participants, none of
    the attendance by id."""
    monkeypatch.setattr(importer, "BATCH_ROWS", 200)
    general_path(monkeypatch, "attendance")
    assert run("participants", participants(150)).ok
    with CaptureQueriesContext(connection) as queries:
        assert run("attendance", attendance(150)).ok
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "participants_participant"' in sql for sql in reads) == 1, reads
    assert sum('FROM "campus_session"' in sql for sql in reads) == 2, reads  # ids; hours, start
    # the attendance recorded for the batch's sessions and people, unsorted (the model's
    # ordering joins two tables); elsewhere than PostgreSQL, the write reads its ids too
    recorded = [sql for sql in reads if 'FROM "participants_attendance"' in sql]
    assert recorded and not any("ORDER BY" in sql for sql in recorded), recorded
    assert len(recorded) == 1 or connection.vendor != "postgresql", recorded
