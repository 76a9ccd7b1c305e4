"""Plain files written by PostgreSQL alone (interchange/plain.py) give what the general path
gives: the same result (rows, created, updated, every error by row and column) and the same
records, for files generated with plain and not-so-plain cells, good rows and bad."""

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import DateTimeField
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetensnav.audit.registry import AUDITED
from kompetensnav.interchange import importer
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from kompetensnav.interchange.tests.test_bulk import _luhn
from kompetensnav.participants.tests.factories import (
    CourseFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
)
from kompetensnav.visits.tests.factories import CompetenceAreaFactory, VisitFactory
from tests.factories import CompanyFactory, OrganisationFactory, ProjectFactory, UserFactory
from tests.postgres import only_on_postgres

pytestmark = [
    *only_on_postgres("the plain path is PostgreSQL's (COPY)"),
    pytest.mark.django_db,
]


TAKEN = _luhn("559999999")  # company c1's number


@pytest.fixture
def world():
    """Sessions that have begun (s1: 3 hours, s2: 2 hours) and one that has not (later),
    participants p0…p3 (p3 has the address taken@example.se), courses k1 and k2 (p0 has a
    place at k1, p9 one at k1 at the site o1), a company c1 (its number TAKEN),
    organisations o1 and o2, visits v1 and v2, the competence areas Svetsning, Truckkörning
    and Ledarskap, a broker's account and a project j1."""
    now = timezone.now()
    SessionFactory(external_id="s1", start=now - timedelta(days=7), hours=3)
    SessionFactory(external_id="s2", start=now - timedelta(days=6), hours=2)
    SessionFactory(external_id="later", start=now + timedelta(days=6), hours=2)
    people = [ParticipantFactory(external_id=f"p{n}", email=f"p{n}@example.se") for n in range(3)]
    ParticipantFactory(external_id="p3", email="taken@example.se")
    k1 = CourseFactory(external_id="k1", title_sv="Svetsning")
    CourseFactory(external_id="k2", title_sv="Truckkort")
    RegistrationFactory(external_id="r0", participant=people[0], course=k1)
    company = CompanyFactory(external_id="c1", org_number=f"{TAKEN[:6]}-{TAKEN[6:]}")
    organisation = OrganisationFactory(external_id="o1")
    OrganisationFactory(external_id="o2")
    # a place at k1 at the site o1: a seat of each new session of k1 there
    RegistrationFactory(
        external_id="r9", participant=ParticipantFactory(external_id="p9"), course=k1,
        site=organisation,
    )  # fmt: skip
    VisitFactory(external_id="v1", company=company, organisation=organisation)
    VisitFactory(external_id="v2", company=company, organisation=organisation)
    for name in ("Svetsning", "Truckkörning", "Ledarskap"):
        CompetenceAreaFactory(name=name)
    UserFactory(email="maklare@example.se")
    ProjectFactory(external_id="j1")


def _file(header: list[str], rows: list[list[str]], delimiter: str, crlf: bool, bom: bool):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def _records(kind: str) -> list[tuple]:
    """The kind's records as values (times of the write left out: each write has its own),
    and what it writes besides (a session's sites)."""
    from kompetensnav.campus.models import SessionSite

    model = KINDS[kind].model
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and (not isinstance(f, DateTimeField) or f.name in ("start", "end"))
    ]
    records = sorted(model.objects.order_by().values_list(*names), key=repr)
    if kind == "courses":  # their history
        from kompetensnav.campus.models import CourseLogEntry

        records += sorted(
            CourseLogEntry.objects.values_list("course__external_id", "action", "actor", "comment")
        )
    if kind == "sessions":
        records += sorted(
            SessionSite.objects.values_list(
                "session__external_id", "organisation__external_id", "room", "capacity",
                "seats_taken",
            )
        )  # fmt: skip
    for relation in model._meta.many_to_many:  # a visit's visitors, a course's areas
        # an area by its name: one created by the path tried first and rolled back took a
        # number of the sequence, the other path's gets the next
        named = any(f.name == "name" for f in relation.related_model._meta.fields)
        records += sorted(
            model.objects.order_by()
            .filter(**{f"{relation.name}__isnull": False})
            .values_list("external_id", f"{relation.name}__{'name' if named else 'pk'}"),
            key=repr,
        )
    return records


def _import(kind: str, content: bytes, *, plain: bool, dry_run: bool = False):
    """The result, the records after it, and whether the plain path wrote; rolled back."""
    patch = mock.patch.object(type(KINDS[kind]), "plain", None) if not plain else None
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        if patch:
            patch.start()
        try:
            result = importer.run_import(
                KINDS[kind], open_table(content, f"{kind}.csv"), dry_run=dry_run
            )
        finally:
            if patch:
                patch.stop()
        records = _records(kind)
        audited = LogEntry.objects.filter(additional_data__import=kind).count()
        transaction.set_rollback(True)
    took_plain = any("INSERT INTO" in q["sql"] and 'FROM "kn_plain_' in q["sql"] for q in queries)
    return result.as_dict(), records, audited, took_plain


def _same_either_way(kind: str, content: bytes, dry_run: bool = False) -> bool:
    plain = _import(kind, content, plain=True, dry_run=dry_run)
    general = _import(kind, content, plain=False, dry_run=dry_run)
    assert not general[3]
    assert plain[:3] == general[:3], content
    return plain[3]


def _files(columns: dict[str, st.SearchStrategy], required: set[str]):
    """Files of 1–3 rows of the kind's columns (in any order, an optional one left out), as
    CSV with comma or semicolon, LF or CRLF, with or without a byte order mark."""

    @st.composite
    def build(draw):
        names = [n for n in columns if n in required or draw(st.booleans())]
        names = draw(st.permutations(names))
        rows = draw(
            st.lists(st.fixed_dictionaries({n: columns[n] for n in names}), min_size=1, max_size=3)
        )
        return _file(
            list(names),
            [[row[n] for n in names] for row in rows],
            draw(st.sampled_from([",", ";"])),
            draw(st.booleans()),
            draw(st.booleans()),
        )

    return build()


def mostly(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """A good value four times in five (so that many files are plain and good, and many
    have a single bad or unusual cell), else a bad or unusual one."""
    return st.tuples(
        st.sampled_from([True] * 4 + [False]), st.sampled_from(good), st.sampled_from(bad)
    ).map(lambda drawn: drawn[1] if drawn[0] else drawn[2])


IDS = mostly(
    [f"n{n}" for n in range(40)],
    ["r0", "a b", "=n6", "'n7", "n8 ", "", "x" * 65, "n1"],
)

ATTENDANCE = _files(
    {
        "id": IDS,
        "session": mostly(["s1", "s2"], ["later", "nope", "", " s1"]),
        "participant": mostly(["p0", "p1", "p2", "p3"], ["ghost", "", "P1"]),
        "hours": mostly(
            ["1", "0", "2", "1.5", "0.25", "02.50"], ["3", "3.01", "-1", "1,5", "1.234", "x", "1e0"]
        ),
    },
    {"id", "session", "participant", "hours"},
)
PARTICIPANTS = _files(
    {
        "id": IDS,
        "gender": mostly(["F", "M", "X", ""], ["f", "Q", " F"]),
        "employer": mostly(["c1", ""], ["c9", "Företaget"]),
        "organisation": mostly(["o1", ""], ["o9"]),
        "email": mostly(
            [f"new{n}@example.se" for n in range(20)]
            + [f"New{n}@Example.SE" for n in range(20, 40)]
            + [""],
            [
                "taken@example.se",
                "p1@example.se",
                "no-address",
                "åsa@example.se",
                "a..b@example.se",
                "x@localhost",
                "new1@example.se",
            ],
        ),  # fmt: skip
    },
    {"id"},
)
REGISTRATIONS = _files(
    {
        "id": IDS,
        "participant": mostly(["p1", "p2", "p3"], ["p0", "ghost"]),
        "course": mostly(["k1", "k2"], ["Truckkort", "nope"]),
        "registered": mostly(
            ["2025-03-01", "2024-12-31"], ["2025-02-30", "20250301", "1899-01-01", ""]
        ),
        "status": mostly(["registered", "waitlisted", "cancelled", ""], ["Registered", "x"]),
    },
    {"id", "participant", "course", "registered"},
)


GOOD_NUMBERS = [_luhn(f"55{n:07d}") for n in range(40)]
COMPANIES = _files(
    {
        "id": IDS,
        "name": mostly(
            ["Företag AB", "Åkeri & Söner", "x", "Bygg-Ola (Borås)", "=SUM(1)", "A'B"],
            ["'=SUM(1)", "Firma, AB", 'Firma "Ett"', " AB", "x" * 201, "Ab\tc", "Straße"],
        ),
        "org_number": mostly(
            GOOD_NUMBERS + [f"{n[:6]}-{n[6:]}" for n in GOOD_NUMBERS],
            ["5560000002", "16" + GOOD_NUMBERS[0], "", "556000 0000", GOOD_NUMBERS[0], TAKEN],
        ),
        "sni": mostly(["25", "62", "C", ""], ["c", "25.1", "99", "Z", "C25"]),
        "municipality": mostly(["1494", "1485", ""], ["180", "9999", "14a4"]),
        "country": mostly(["SE", "DK", ""], ["se", "XX"]),
        "employees": mostly(["0", "12", "007", ""], ["-1", "+5", "1.5", "9999999999"]),
    },
    {"id", "name", "org_number"},
)

ORGANISATIONS = _files(
    {
        "id": IDS,
        "name": mostly(
            ["Vuxenutbildningen Borås", "Lärcentrum Mark", "x", "=SUM(1)"],
            ["'=SUM(1)", "Skola, Väst", " Skola", "x" * 201],
        ),
        "kind": mostly(
            ["adult_education", "municipal_federation", "network"], ["Network", "x", ""]
        ),
        "org_number": mostly(
            ["", *GOOD_NUMBERS[:5], f"{GOOD_NUMBERS[5][:6]}-{GOOD_NUMBERS[5][6:]}"],
            ["5560000002", "16" + GOOD_NUMBERS[0], "556000 0000", "55600-00000"],
        ),
        "municipality": mostly(["1490", "1401", ""], ["180", "9999", "14a4"]),
        "country": mostly(["SE", "NO", ""], ["se", "XX"]),
    },
    {"id", "name", "kind"},
)

VISITS = _files(
    {
        "id": IDS,
        "date": mostly(["2025-03-01", "2026-01-15"], ["2099-01-01", "2025-02-30", "1.3.2025"]),
        "company": mostly(["c1"], ["c9", "Företaget 1 AB", TAKEN]),
        "organisation": mostly(["o1"], ["o9"]),
        "broker": mostly(["", "maklare@example.se", "Maklare@Example.se"], ["ny@example.se", "x"]),
        "notes": mostly(["", "Träffade vd:n", "Vill ha svetskurs (MIG)"], ['Två "rader"', "a\nb"]),
    },
    {"id", "date", "company", "organisation"},
)
NEEDS = _files(
    {
        "id": IDS,
        "visit": mostly(["v1", "v2"], ["v9", ""]),
        "area": mostly(["Svetsning", "Truckkörning", "Ledarskap"], ["", " Svetsning", "svetsning"]),
        "description": mostly(["", "Fem svetsare behöver certifikat"], ['"Citat"', "x" * 5001]),
        "horizon": mostly(["", "now", "1-3y", "3y+"], ["Now", "soon"]),
        "employees_affected": mostly(["", "0", "5"], ["-1", "x", "9999999999"]),
        "seqf_level": mostly(["", "1", "5", "8"], ["0", "9"]),
        "gap_area": mostly(["", "matchning", "utbildning"], ["Matchning"]),
    },
    {"id", "visit", "area"},
)

COURSES = _files(
    {
        "id": IDS,
        "title": mostly(["Svetsning grund", "Truckkort A", "=SUM(1)"], ["Svets, grund", " x"]),
        "provider": mostly(["o1", "o2"], ["o9", ""]),
        "description": mostly(["", "Fem dagar i verkstaden"], ['"Citat"', "a\nb"]),
        "areas": mostly(
            ["", "Svetsning", "Svetsning;Ledarskap", "Kranförare", "Ny;Kranförare"],
            ["Svetsning;svetsning", "a; b", ";Svetsning", "Svetsning;", "---"],
        ),
        "seqf_level": mostly(["", "1", "5"], ["0", "9", "x"]),
        "format": mostly(["", "live_stream", "on_site"], ["Live", "x"]),
        "pilot": mostly(["", "true", "nej", "1"], ["True", "kanske"]),
        "project": mostly(["", "j1"], ["j9"]),
        "status": mostly(["", "published", "draft"], ["Published", "x"]),
    },
    {"id", "title", "provider"},
)

SESSIONS = _files(
    {
        "id": IDS,
        "course": mostly(["k1", "k2"], ["Truckkort", "nope", ""]),
        "start": mostly(
            ["2025-03-01T09:00", "2025-03-01T09:30"],
            [
                "2025-03-30T02:30",  # skipped (summer time begins)
                "2025-10-26T02:30",  # repeated (summer time ends)
                "2025-03-30T08:00",  # the day summer time begins, hours later
                "2025-03-29T22:00",  # the evening before
                "2025-03-01T13:00",  # after the end
                "2025-02-30T09:00", "2025-03-01 09:00", "2025-03-01T09:00:00",
                "2025-03-01T24:00", "2025-03-01T09:00+02:00", "",
            ],
        ),
        "end": mostly(
            ["2025-03-01T12:00", "2025-03-01T09:30"],
            ["2025-03-30T10:00", "2025-10-26T02:59", "2025-05-01T09:00", "2025-03-01T08:59",
             "2025-13-01T12:00", "2025-03-01t12:00"],
        ),
        "sending_site": mostly(["o1", ""], ["o9", " o1"]),
        "receiving_sites": mostly(
            ["o1", "o2", "o1;o2", "o2;o1", ""], ["o1;o1", "o9", "o1; o2", "o1;", ";o2", "o2;o9"]
        ),
        "hours": mostly(["", "3", "2.5", "0", "0.25"], ["3.01", "-1", "1,5", "1000", "1.234"]),
        "teacher": mostly(["maklare@example.se"], ["En Lärare", "ny@example.se"]),
    },
    {"id", "course", "start", "end"},
)  # fmt: skip

EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


FILES = {
    "attendance": ATTENDANCE,
    "participants": PARTICIPANTS,
    "registrations": REGISTRATIONS,
    "companies": COMPANIES,
    "visits": VISITS,
    "needs": NEEDS,
    "sessions": SESSIONS,
    "organisations": ORGANISATIONS,
    "courses": COURSES,
}


@pytest.mark.parametrize("kind", sorted(FILES))
@EXAMPLES
@given(data=st.data(), dry_run=st.booleans())
def test_generated_files_give_the_same_either_way(world, kind, data, dry_run):
    _same_either_way(kind, data.draw(FILES[kind], label="file"), dry_run=dry_run)


PLAIN_FILES = {
    "visits": (
        "id,date,company,organisation,broker,notes\n"
        "n1,2025-03-01,c1,o1,Maklare@Example.se,Träffade vd:n\n"
        "n2,2025-03-02,c1,o1,,\nn3,2025-03-03,c1,o1,,Vill ha svetskurs (MIG)\n"
    ).encode(),
    "needs": (
        "id,visit,area,description,horizon,employees_affected,seqf_level,gap_area\n"
        "n1,v1,Svetsning,Fem svetsare,now,5,4,utbildning\n"
        "n2,v2,Truckkörning,,,,,\nn3,v1,Svetsning,,3y+,0,8,matchning\n"
    ).encode(),
    "companies": (
        "id,name,org_number,sni,municipality,country,employees\n"
        f"n1,Åkeri & Söner AB,{GOOD_NUMBERS[1]},25,1494,SE,12\n"
        f"n2,Bygg-Ola,{GOOD_NUMBERS[2][:6]}-{GOOD_NUMBERS[2][6:]},C,,,\n"
        "n3,Dansk Firma ApS,,,,DK,0\n"
    ).encode(),
    "attendance": b"id,session,participant,hours\nn1,s1,p0,3\nn2,s1,p1,0\nn3,s2,p0,1.5\n",
    "participants": (
        b"id,gender,employer,organisation,email\n"
        b"n1,F,c1,o1,Ny@Example.se\nn2,,,,\nn3,X,,o1,n3@example.se\n"
    ),
    "courses": (
        "id,title,provider,description,areas,seqf_level,format,pilot,project,status\n"
        "n1,Svetsning grund,o1,Fem dagar i verkstaden,Svetsning;Kranförare,3,,true,j1,\n"
        "n2,Truckkort A,o2,,,,on_site,,,draft\n"
        "n3,Ledarskap för arbetsledare,o1,,Ledarskap,5,live_stream,nej,,published\n"
    ).encode(),
    "organisations": (
        "id,name,kind,org_number,municipality,country\n"
        f"n1,Vuxenutbildningen Borås,adult_education,{GOOD_NUMBERS[7]},1490,SE\n"
        "n2,Sjuhärads kommunalförbund,municipal_federation,,,\n"
        "n3,Folkehøgskole Oslo,education_provider,,,NO\n"
    ).encode(),
    "sessions": (
        b"id,course,start,end,sending_site,receiving_sites,hours\n"
        b"n1,k1,2025-03-01T09:00,2025-03-01T12:00,o1,o1;o2,\n"
        b"n2,k1,2025-03-30T08:00,2025-03-30T10:30,,,2\n"
        b"n3,k2,2025-10-27T18:00,2025-10-27T18:00,o1,o2,0\n"
    ),
    "registrations": (
        b"id,participant,course,registered,status\n"
        b"n1,p1,k1,2025-03-01,registered\nn2,p0,k2,2025-03-02,\nn3,p0,k1,2025-03-03,cancelled\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(PLAIN_FILES))
def test_a_plain_file_of_new_records_is_written_by_one_statement(world, kind):
    assert _same_either_way(kind, PLAIN_FILES[kind])  # the plain path wrote it
    assert _same_either_way(kind, PLAIN_FILES[kind], dry_run=True)
    with CaptureQueriesContext(connection) as queries:
        result = importer.run_import(KINDS[kind], open_table(PLAIN_FILES[kind], "f.csv"))
    assert result.ok and result.created == ["n1", "n2", "n3"] and not result.updated
    table = KINDS[kind].model._meta.db_table
    inserts = [q["sql"] for q in queries if f'INSERT INTO "{table}"' in q["sql"]]
    assert len(inserts) == 1 and 'FROM "kn_plain_' in inserts[0], inserts
    if KINDS[kind].model._meta.label not in AUDITED:  # no personal data: the job's entry
        assert not LogEntry.objects.filter(additional_data__import=kind).exists()
        return
    entry = LogEntry.objects.get(additional_data__import=kind)
    pks = sorted(
        KINDS[kind]
        .model.objects.filter(external_id__in=result.created)
        .values_list("pk", flat=True)
    )
    assert entry.additional_data["created"] == [[pks[0], pks[-1]]]
    # the same file again updates: the general path's
    again = importer.run_import(KINDS[kind], open_table(PLAIN_FILES[kind], "f.csv"))
    assert again.ok and again.updated == ["n1", "n2", "n3"]


def test_a_plain_file_writes_what_the_general_path_writes(world):
    """Spot checks of the values (the comparisons above see them all)."""
    from kompetensnav.participants.models import Attendance, Participant, Registration

    for kind, content in PLAIN_FILES.items():
        assert importer.run_import(KINDS[kind], open_table(content, "f.csv")).ok
    assert Participant.objects.get(external_id="n1").email == "ny@example.se"
    assert Participant.objects.get(external_id="n2").gender == ""
    absent = Attendance.objects.get(external_id="n2")
    assert absent.hours == 0 and not absent.present
    assert Attendance.objects.get(external_id="n3").hours == Decimal("1.5")
    cancelled = Registration.objects.get(external_id="n3")
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert Registration.objects.get(external_id="n2").status == "registered"
    from kompetensnav.campus.models import Session

    sites = dict(
        Session.objects.get(external_id="n1").sites.values_list(
            "organisation__external_id", "seats_taken"
        )
    )
    assert sites == {"o1": 1, "o2": 0}  # p9's place at k1 at o1
    summer = Session.objects.get(external_id="n2")
    assert summer.start == datetime(2025, 3, 30, 6, 0, tzinfo=UTC) and summer.hours == 2
    assert not summer.sites.exists() and summer.sending_site is None
    assert Session.objects.get(external_id="n1").hours == 3
    assert Session.objects.get(external_id="n3").hours == 0


def test_a_row_the_plain_path_cannot_vouch_for_sends_the_file_the_general_way(world):
    """The last row's session has not begun: nothing of the plain attempt is kept, and the
    general path names the row."""
    content = PLAIN_FILES["attendance"] + b"n4,later,p1,1\n"
    result = importer.run_import(KINDS["attendance"], open_table(content, "f.csv"))
    assert [(e.row, e.column) for e in result.errors] == [(4, "session")]
    assert not KINDS["attendance"].model.objects.exists()


ONE_BAD_ROW = [
    ("visits", "n4,2099-01-01,c1,o1,,"),  # a visit in the future
    ("visits", "n4,2025-03-01,c1,o1,ny@example.se,"),  # a broker without account: a notice
    ("visits", f"n4,2025-03-01,{TAKEN},o1,,"),  # the company by its number
    ("visits", "n4,2025-03-01,c9,o1,,"),  # no such company
    ("needs", "n4,v9,Svetsning,,,,,"),  # no such visit
    ("needs", "n1,v2,Ledarskap,,,,,"),  # the id is in the file
    ("companies", "n4,Fel AB,5560000002,,,SE,"),  # the check digit is wrong
    ("companies", "n4,Fel AB,,,,SE,"),  # a Swedish company without its number
    ("companies", f"n4,Fel AB,{GOOD_NUMBERS[1]},,,SE,"),  # the number is in the file
    ("companies", f"n4,Fel AB,{TAKEN},,,SE,"),  # another company's number
    ("companies", "n4,Fel AB,,99,,DK,"),  # no such SNI division
    ("companies", "n4,Fel AB,,,9999,DK,"),  # no such municipality
    ("companies", "n4,Fel AB,,,,XX,"),  # no such country
    # a plain file whose last row the kind's checks refuse: tried, then the general way
    ("attendance", "n4,later,p1,1"),  # the session has not begun
    ("attendance", "n4,s2,p1,2.5"),  # more hours than the session's
    ("attendance", "n4,s1,ghost,1"),  # no such participant
    ("attendance", "n4,s1,p0,1"),  # the participant's attendance at s1 is in the file
    ("attendance", "n1,s2,p1,1"),  # the id is in the file
    ("participants", "n4,F,,,ny@example.se"),  # the address is in the file (lower-cased)
    ("participants", "n4,F,,,taken@example.se"),  # another participant's address
    ("participants", "n4,F,c9,,"),  # no such company
    ("registrations", "n4,p0,k1,2025-03-01,registered"),  # p0 has a place at k1
    ("registrations", "n4,p1,k1,2025-03-01,waitlisted"),  # p1 is registered in the file
    ("registrations", "n4,p2,Svetsning,2025-03-01,"),  # a course by its title
    ("registrations", "n4,p2,k2,2025-02-30,"),  # no such day
    ("courses", "n4,Fel,o9,,,,,,,"),  # no such provider
    ("courses", "n4,Fel,o1,,,,,,j9,"),  # no such project
    ("courses", "n4,Fel,o1,,Svetsning;svetsning,,,,,"),  # an area twice
    ("courses", "n1,Fel,o1,,,,,,,"),  # the id is in the file
    ("courses", "k1,Finns,o1,,,,,,,"),  # the id is taken (further down: tried)
    ("organisations", "n4,Fel,adult_education,5560000002,,"),  # the check digit is wrong
    ("organisations", "n4,Fel,adult_education,,9999,"),  # no such municipality
    ("organisations", "n4,Fel,adult_education,,,XX"),  # no such country
    ("organisations", "o1,Finns,adult_education,,,"),  # the id is taken (further down: tried)
    ("organisations", "n2,Två gånger,other,,,"),  # the id is in the file
    ("sessions", "n4,k1,2025-03-01T09:00,2025-03-01T08:00,o1,o2,"),  # it ends before it starts
    ("sessions", "n4,k1,2025-03-01T09:00,2025-03-01T10:00,o1,o2,1.5"),  # more hours than it lasts
    ("sessions", "n4,k1,2025-03-01T09:00,2025-05-01T09:00,o1,o2,"),  # above 999.99 hours
    ("sessions", "n4,k1,2025-03-01T09:00,2025-03-01T10:00,o9,o2,"),  # no such sending site
    ("sessions", "n4,k1,2025-03-01T09:00,2025-03-01T10:00,o1,o2;o9,"),  # no such site
    ("sessions", "n4,k1,2025-03-01T09:00,2025-03-01T10:00,o1,o2;o2,"),  # a site twice
    ("sessions", "n4,Svetsning,2025-03-01T09:00,2025-03-01T10:00,o1,o2,"),  # a course's title
    ("sessions", "n1,k2,2025-03-01T09:00,2025-03-01T10:00,o1,o2,"),  # the id is in the file
]


@pytest.mark.parametrize(("kind", "row"), ONE_BAD_ROW)
def test_a_plain_file_with_one_row_the_checks_refuse_gives_the_same_either_way(
    world, kind, row, monkeypatch
):
    # two rows a statement: the bad last row's statement comes after one that wrote rows,
    # and the savepoint takes back both
    monkeypatch.setattr(importer, "PLAIN_BATCH_ROWS", 2)
    assert _same_either_way(kind, PLAIN_FILES[kind] + row.encode() + b"\n")  # tried


@pytest.mark.parametrize(
    "row",
    [
        "n4,k1,2025-03-30T02:30,2025-03-30T04:00,,,",  # skipped: summer time begins
        "n4,k1,2025-10-26T02:30,2025-10-26T04:00,,,",  # repeated: summer time ends
        "n4,k1,2025-03-29T20:00,2025-03-30T01:00,,,",  # ends less than three hours before
        "n4,k1,2025-02-30T09:00,2025-03-01T10:00,o1,o2,",  # no such day
    ],
)
def test_sessions_near_a_change_of_summer_time_go_the_general_way(world, row):
    """Python reads a time in the hour skipped or repeated as the first, PostgreSQL as the
    later: the plain path does not try a file with a time near a change (nor a day that
    does not exist: the general path names it)."""
    assert not _same_either_way("sessions", PLAIN_FILES["sessions"] + row.encode() + b"\n")


def test_sessions_are_written_the_plain_way_for_those_who_manage_them(
    world, coordinator, make_user
):
    """A coordinator manages every course's sessions, a course provider those of their
    organisation's courses: the plain path checks each course of the file, as the general
    path does, and leaves a refusal to it (nothing of the plain attempt kept)."""
    from kompetensnav.accounts.enums import Role
    from kompetensnav.campus.models import Course, Session

    def imported(content: bytes, actor) -> tuple[bool, list[str]]:
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            result = importer.run_import(
                KINDS["sessions"], open_table(content, "f.csv"), actor=actor
            )
            transaction.set_rollback(True)
        plain = any("INSERT INTO" in q["sql"] and 'FROM "kn_plain_' in q["sql"] for q in queries)
        return plain, result.created

    assert imported(PLAIN_FILES["sessions"], coordinator) == (True, ["n1", "n2", "n3"])
    provider = make_user(Role.COURSE_PROVIDER, Course.objects.get(external_id="k1").provider)
    own = b"\n".join(PLAIN_FILES["sessions"].split(b"\n")[:3]) + b"\n"  # k1's sessions
    assert imported(own, provider) == (True, ["n1", "n2"])
    with pytest.raises(PermissionDenied):
        imported(PLAIN_FILES["sessions"], provider)  # n3: k2, another organisation's course
    assert not Session.objects.filter(external_id__in=["n1", "n2", "n3"]).exists()


@pytest.mark.parametrize(
    ("kind", "row"),
    [
        ("companies", "c1,Finns AB,,,,DK,"),
        ("participants", "p1,F,,,"),
        ("sessions", "s1,k1,2025-03-01T09:00,2025-03-01T12:00,o1,o1,"),
    ],
)
def test_a_plain_file_that_updates_a_record_goes_the_general_way(world, kind, row):
    """A record to update first: told before the statement is tried; further down: by the
    statement (an id taken). Either way the general path writes the file."""
    header, rows = PLAIN_FILES[kind].split(b"\n", 1)
    assert not _same_either_way(kind, header + b"\n" + row.encode() + b"\n" + rows)
    assert _same_either_way(kind, PLAIN_FILES[kind] + row.encode() + b"\n")


def test_plain_needs_reach_the_matching_and_name_new_areas(world, monkeypatch):
    """The needs a plain file writes are sent to the matching a batch at a time (as the
    general path sends each batch), and an area no need named before is created once."""
    from kompetensnav.competences.models import CompetenceArea
    from kompetensnav.visits.models import Need
    from kompetensnav.visits.signals import needs_imported

    monkeypatch.setattr(importer, "BATCH_ROWS", 2)
    heard: list[list[int]] = []

    def receiver(sender, need_ids, **kwargs):
        heard.append(need_ids)

    needs_imported.connect(receiver, dispatch_uid="test_plain_needs")
    try:
        content = PLAIN_FILES["needs"] + "n4,v2,Kranförare,,,,,\n".encode()
        result = importer.run_import(KINDS["needs"], open_table(content, "f.csv"))
    finally:
        needs_imported.disconnect(dispatch_uid="test_plain_needs")
    assert result.ok and result.created == ["n1", "n2", "n3", "n4"]
    pks = sorted(Need.objects.filter(external_id__in=result.created).values_list("pk", flat=True))
    assert heard == [pks[:2], pks[2:]]
    assert Need.objects.get(external_id="n4").area == CompetenceArea.objects.get(name="Kranförare")
    assert (
        Need.objects.get(external_id="n1").visit_date
        == Need.objects.get(external_id="n1").visit.date
    )


def test_plain_courses_reach_the_matching_in_one_task(world):
    """Courses written without a save() each are matched as saved ones are: the ids of the
    import's courses join the transaction's one task for the worker (analysis/receivers.py;
    here the test's transaction, whose courses of the world are in it already), whichever
    path wrote them."""
    from kompetensnav.analysis.receivers import _CoursesChanged
    from kompetensnav.campus.models import Course

    def pending() -> list[_CoursesChanged]:
        return [c for _s, c, _r in connection.run_on_commit if isinstance(c, _CoursesChanged)]

    heard = []
    for plain in (True, False):
        patch = mock.patch.object(type(KINDS["courses"]), "plain", None)
        before = {pk for changed in pending() for pk in changed.course_ids}
        with transaction.atomic():
            if not plain:
                patch.start()
            try:
                result = importer.run_import(
                    KINDS["courses"], open_table(PLAIN_FILES["courses"], "f.csv")
                )
            finally:
                if not plain:
                    patch.stop()
            assert result.ok
            pks = Course.objects.filter(external_id__in=result.created).values_list("pk", flat=True)
            changed = pending()
            heard.append(len(changed) == 1 and changed[0].course_ids - before == set(pks))
            transaction.set_rollback(True)
    assert heard == [True, True]
