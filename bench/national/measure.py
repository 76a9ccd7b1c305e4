"""The scenarios of `make bench` that run inside Django, each beside its limit measured in the
same process on the same database: prints one JSON object.

    DATABASE_URL=… python -m bench.national.measure figures --year 2025
    DATABASE_URL=… python -m bench.national.measure import --kind attendance --rows 5000

- after-write: the first request for the visit list, the needs dashboard, the key figures
  page and /api/figures after a visit is recorded (what it wrote is drawn afresh).
- figures: `figures.registry.compute()` for a year (the median of 5 runs, and its queries)
  against one SQL statement that computes the same counts from the same tables (the lower
  bound: no ORM, one round trip).
- import: the product's importer (`run_import`, as `manage.py import` and the upload page call
  it) on a CSV of new records of a kind (organisations, companies, courses, participants,
  attendance, registrations, visits, needs, sessions) against COPY of the same rows into
  tables like the kind's (a course's areas and a session's sites too).
- import-all: every kind of the data set exported and imported into a fresh database (the
  whole set as a network moving in would bring it), timed kind by kind.
- export: `manage.py export` of a kind (attendance by default) in a process of its own, its
  time and peak memory, against COPY of the kind's table to STDOUT."""

import argparse
import io
import json
import os
import statistics
import time
from datetime import date

import django

# what COPY writes of a file: its rows' values, the table and the columns
Copied = tuple[list[tuple], str, str]


def _median_seconds(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def figures(year: int) -> dict:
    from django.db import connection  # noqa: PLC0415 - after django.setup()
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from kompetensnav.common.dates import day_bounds  # noqa: PLC0415
    from kompetensnav.figures.registry import Period, compute  # noqa: PLC0415

    period = Period(date(year, 1, 1), date(year, 12, 31))
    compute(period)  # warm
    with CaptureQueriesContext(connection) as queries:
        compute(period)
    first, after = day_bounds(period.start, period.end)
    # every figure compute() gives, in one statement written by hand (no ORM, one round trip)
    lower_bound = """
        SELECT
          (SELECT row(COUNT(*), COUNT(DISTINCT company_id)) FROM visits_visit
            WHERE date BETWEEN %(start)s AND %(end)s),
          (SELECT COUNT(*) FROM visits_need n JOIN visits_visit v ON v.id = n.visit_id
            WHERE v.date BETWEEN %(start)s AND %(end)s),
          (SELECT row(COUNT(*) FILTER (WHERE kind = 'network_meeting'),
                      COUNT(*) FILTER (WHERE kind = 'job_shadowing'),
                      COUNT(*) FILTER (WHERE kind = 'job_shadowing' AND transnational),
                      SUM(participants))
             FROM network_event WHERE date BETWEEN %(start)s AND %(end)s),
          (SELECT COUNT(*) FROM network_collaboration
            WHERE established BETWEEN %(start)s AND %(end)s),
          (SELECT row(COUNT(*), COUNT(DISTINCT s.course_id),
                      COUNT(DISTINCT s.course_id) FILTER (WHERE c.pilot))
             FROM campus_session s JOIN campus_course c ON c.id = s.course_id
            WHERE s.start >= %(first)s AND s.start < %(after)s),
          (SELECT COUNT(DISTINCT participant_id) FROM participants_registration
            WHERE registered BETWEEN %(start)s AND %(end)s AND status <> 'cancelled'),
          (SELECT row(COUNT(*), SUM(t), MAX(t), COUNT(*) FILTER (WHERE g = 'F'),
                      COUNT(*) FILTER (WHERE g = 'M'), COUNT(*) FILTER (WHERE g = 'X'),
                      COUNT(*) FILTER (WHERE g = ''))
             FROM (SELECT SUM(a.hours) t, MAX(p.gender) g FROM participants_attendance a
                     JOIN campus_session s ON s.id = a.session_id
                     JOIN participants_participant p ON p.id = a.participant_id
                    WHERE a.hours > 0 AND s.start >= %(first)s AND s.start < %(after)s
                    GROUP BY a.participant_id) x),
          (SELECT row(COUNT(DISTINCT m.organisation_id), COUNT(DISTINCT mm.municipality_id))
             FROM network_membership m
             LEFT JOIN network_membership_municipalities mm ON mm.membership_id = m.id
            WHERE m.fee_paid AND m.year BETWEEN %(y0)s AND %(y1)s),
          (SELECT row(COUNT(*), COUNT(DISTINCT organisation_id)) FROM network_contact),
          (SELECT array_agg(row(kind, n, g)) FROM (SELECT kind, COUNT(*) n, SUM(grant_sek) g
             FROM projects_mobility WHERE status = 'completed'
              AND start BETWEEN %(start)s AND %(end)s GROUP BY kind) x),
          (SELECT row(SUM(granted_places_student), SUM(granted_places_staff),
                      SUM(budget_student_sek), SUM(budget_staff_sek))
             FROM projects_project WHERE (start IS NULL OR start <= %(end)s)
              AND ("end" IS NULL OR "end" >= %(start)s)),
          (SELECT row(COUNT(*) FILTER (WHERE (start IS NULL OR start <= %(end)s)
                        AND ("end" IS NULL OR "end" >= %(start)s)
                        AND status IN ('planned', 'running', 'done')),
                      COUNT(*) FILTER (WHERE "end" BETWEEN %(start)s AND %(end)s
                        AND status = 'done'))
             FROM collaboration_initiative),
          (SELECT row(COUNT(*), COUNT(DISTINCT m.council_id) FILTER (WHERE
                        (c.ends IS NULL OR c.ends >= %(start)s) AND c.started <= %(end)s))
             FROM collaboration_meeting m JOIN collaboration_council c ON c.id = m.council_id
            WHERE m.starts_at >= %(first)s AND m.starts_at < %(after)s)
    """
    params = {"start": period.start, "end": period.end, "first": first, "after": after,
              "y0": year, "y1": year}  # fmt: skip

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(lower_bound, params)
            cursor.fetchall()

    raw()
    return {
        "compute_ms": round(_median_seconds(lambda: compute(period)) * 1000, 1),
        "queries": len(queries),
        "sql_ms": round(_median_seconds(raw) * 1000, 1),
    }


# What recording a visit writes (the visit, its needs, the questionnaire's answers), and the
# pages whose kept parts it makes stale: each drawn afresh by the first request after it.
AFTER_A_VISIT = ("visits", "questionnaires")
AFTER_WRITE_PAGES = [
    ("visit list (coordinator)", "/visits/list/"),
    ("needs dashboard", "/visits/needs/"),
    ("key figures page", "/reports/figures/"),
    ("/api/figures", "/api/figures?from=2025-01-01&to=2025-12-31"),
]


def after_write(token: str, rounds: int = 20) -> dict:
    """The first request after a write, per page: the coordinator's page asked for right after
    a visit is recorded (the data tokens of what it writes renewed, as its commit renews
    them), `rounds` times; the median and the slowest, in ms. In this process, settled as a
    server's (common/startup.py), through Django's test client (the server's own work,
    without HTTP)."""
    from django.conf import settings  # noqa: PLC0415 - after django.setup()
    from django.test import Client  # noqa: PLC0415

    from kompetensnav.accounts.models import User  # noqa: PLC0415
    from kompetensnav.common.datacache import changed  # noqa: PLC0415
    from kompetensnav.common.startup import settle  # noqa: PLC0415

    from .generate import BENCH_EMAIL  # noqa: PLC0415

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    client.force_login(User.objects.get(email=BENCH_EMAIL))
    settle()  # as config/wsgi.py does in a server process
    found = {}
    for label, path in AFTER_WRITE_PAGES:
        assert client.get(path, secure=True).status_code == 200, path  # warm: templates, …
        times = []
        for _ in range(rounds):
            changed(*AFTER_A_VISIT)
            started = time.perf_counter()
            response = client.get(path, secure=True)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        found[label] = {
            "median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
        }
    return found


def _given(table: str, prefix: str, limit: int | None = None) -> list[tuple]:
    """(id, external id) of the rows of `table` given ids starting with `prefix` for the
    run, by id."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, external_id FROM {table} WHERE external_id LIKE %s "  # noqa: S608
            f"ORDER BY id LIMIT %s",
            [f"{prefix}%", limit],
        )
        return cursor.fetchall()


def _companies(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    from .generate import _luhn  # noqa: PLC0415

    lines, values = ["id,name,org_number,sni,municipality,country,employees"], []
    for i in range(base, base + rows):
        number = _luhn(str(559_000_000 + i))
        lines.append(f"bench-{i},Importerat {i} AB,{number},62,1485,SE,12")
        values.append(
            (f"bench-{i}", f"Importerat {i} AB", number, "62", "1485", "SE", 12, "now", "now")
        )
    columns = (
        "external_id, name, org_number, sni_id, municipality_id, country_id, employees, "
        "created, updated"
    )
    return lines, [(values, "companies_company", columns)]


def _organisations(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    from .generate import _luhn  # noqa: PLC0415

    lines, values = ["id,name,kind,org_number,municipality,country"], []
    for i in range(base, base + rows):
        number = _luhn(str(212_000_000 + i % 1_000_000))
        lines.append(f"bench-{i},Lärcentrum {i},adult_education,{number},1485,SE")
        values.append(
            (f"bench-{i}", f"Lärcentrum {i}", "adult_education", number,
             "1485", "SE", "", "", "[]", "now", "now")
        )  # fmt: skip
    columns = (
        "external_id, name, kind, org_number, municipality_id, country_id, description, "
        "website, formats, created, updated"
    )
    return lines, [(values, "network_organisation", columns)]


def _courses(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    """New courses of 20 organisations given ids for the run, each in two of the data set's
    competence areas: COPY writes the same rows as the import, the courses and their areas."""
    from django.db import connection  # noqa: PLC0415

    providers = _given("network_organisation", "bench-org-")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM competences_competencearea ORDER BY id LIMIT 20")
        areas = cursor.fetchall()
    lines = ["id,title,provider,description,areas,seqf_level,format,pilot,project,status"]
    values, linked = [], []
    for n in range(rows):
        provider, first, second = (
            providers[n % len(providers)],
            areas[n % len(areas)],
            areas[(n + 1) % len(areas)],
        )
        lines.append(
            f"bench-{base + n},Kurs {n} i {first[1]},{provider[1]},Två dagar,"
            f"{first[1]};{second[1]},4,live_stream,false,,published"
        )
        values.append(
            (base + n, f"bench-{base + n}", provider[0], f"Kurs {n} i {first[1]}", "",
             "Två dagar", "", 4, "live_stream", "", "f", "published", "now", "now")
        )  # fmt: skip
        linked += [(base + n, first[0]), (base + n, second[0])]
    columns = (
        "id, external_id, provider_id, title_sv, title_en, description_sv, description_en, "
        "seqf_level_id, format, target_group, pilot, status, created, updated"
    )
    return lines, [
        (values, "campus_course", columns),
        (linked, "campus_course_areas", "course_id, competencearea_id"),
    ]


def _participants(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    lines, values = ["id,gender,employer,organisation,email"], []
    for i in range(base, base + rows):
        lines.append(f"bench-{i},{'FMX'[i % 3]},,,bench{i}@example.se")
        values.append((f"bench-{i}", "FMX"[i % 3], f"bench{i}@example.se", "", "now"))
    columns = "external_id, gender, email, full_name, created"
    return lines, [(values, "participants_participant", columns)]


def _attendance(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    """New attendance of people given ids for the run (committed before and removed after,
    see import_kind) at sessions that have begun."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, external_id, hours FROM campus_session "
            "WHERE start < now() AND hours >= 1 ORDER BY id LIMIT 20"
        )
        sessions = cursor.fetchall()
    people = _given("participants_participant", "bench-attendee-")
    lines, values = ["id,session,participant,hours"], []
    for n in range(rows):
        session = sessions[n % len(sessions)]
        person = people[n // len(sessions)]
        lines.append(f"bench-{base + n},{session[1]},{person[1]},1")
        values.append((f"bench-{base + n}", session[0], person[0], "t", 1, "now"))
    columns = "external_id, session_id, participant_id, present, hours, marked_at"
    return lines, [(values, "participants_attendance", columns)]


def _registrations(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    """New registrations of people given ids for the run at 20 courses given ids."""
    courses = _given("campus_course", "bench-course-")
    people = _given("participants_participant", "bench-attendee-")
    lines, values = ["id,participant,course,registered,status"], []
    for n in range(rows):
        course, person = courses[n % len(courses)], people[n // len(courses)]
        lines.append(f"bench-{base + n},{person[1]},{course[1]},2025-03-01,registered")
        values.append(
            (
                f"bench-{base + n}",
                person[0],
                course[0],
                "2025-03-01",
                "registered",
                "now",
                "f",
                "sv",
            )
        )
    columns = (
        "external_id, participant_id, course_id, registered, status, created, remote, language"
    )
    return lines, [(values, "participants_registration", columns)]


def _attendance_setup(rows: int, undo: bool = False) -> None:
    """Ids for 20 sessions that have begun, 20 courses and the people of the file (the
    national data set has none: it was loaded by COPY)."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        if undo:
            cursor.execute(
                "DELETE FROM participants_participant WHERE external_id LIKE 'bench-attendee-%%'"
            )
            cursor.execute(
                "UPDATE campus_session SET external_id = NULL "
                "WHERE external_id LIKE 'bench-session-%%'"
            )
            cursor.execute(
                "UPDATE campus_course SET external_id = NULL "
                "WHERE external_id LIKE 'bench-course-%%'"
            )
            return
        cursor.execute(
            "UPDATE campus_course SET external_id = 'bench-course-' || id WHERE id IN "
            "(SELECT id FROM campus_course ORDER BY id LIMIT 20)"
        )
        cursor.execute(
            "UPDATE campus_session SET external_id = 'bench-session-' || id WHERE id IN "
            "(SELECT id FROM campus_session WHERE start < now() AND hours >= 1 "
            "ORDER BY id LIMIT 20)"
        )
        cursor.execute(
            "INSERT INTO participants_participant (external_id, full_name, email, gender, "
            "created) SELECT 'bench-attendee-' || n, '', '', '', now() "
            "FROM generate_series(1, %s) AS n",
            [rows // 20 + 1],
        )


def _visits(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    """New visits, by a member organisation, to 20 companies given ids for the run."""
    companies = _given("companies_company", "bench-company-")
    organisation = _given("network_organisation", "bench-org-", limit=1)[0]
    lines, values = ["id,date,company,organisation"], []
    for n in range(rows):
        company = companies[n % len(companies)]
        lines.append(f"bench-{base + n},2025-03-01,{company[1]},{organisation[1]}")
        values.append(
            (f"bench-{base + n}", "2025-03-01", company[0], organisation[0], "", "", "", "f",
             "now", "now")
        )  # fmt: skip
    columns = (
        "external_id, date, company_id, organisation_id, also_present, notes, advice, "
        "follow_up_done, created, updated"
    )
    return lines, [(values, "visits_visit", columns)]


def _needs(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    """New needs of 20 visits given ids for the run, in the competence areas there are."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, external_id, date FROM visits_visit "
            "WHERE external_id LIKE 'bench-visit-%%' ORDER BY id"
        )
        visits = cursor.fetchall()
        cursor.execute("SELECT id, name FROM competences_competencearea ORDER BY id LIMIT 10")
        areas = cursor.fetchall()
    lines, values = ["id,visit,area,horizon,employees_affected"], []
    for n in range(rows):
        visit, area = visits[n % len(visits)], areas[n % len(areas)]
        lines.append(f"bench-{base + n},{visit[1]},{area[1]},,3")
        values.append((f"bench-{base + n}", visit[0], area[0], "", "", "", 3, visit[2]))
    columns = (
        "external_id, visit_id, area_id, description, horizon, gap_area, employees_affected, "
        "visit_date"
    )
    return lines, [(values, "visits_need", columns)]


def _sessions(base: int, rows: int) -> tuple[list[str], list[Copied]]:
    """New sessions of 20 courses given ids for the run, sent from one organisation to two
    others: COPY writes the same rows as the import, the sessions and their sites."""
    from datetime import datetime, timedelta  # noqa: PLC0415

    courses = _given("campus_course", "bench-course-")
    sending, *receiving = _given("network_organisation", "bench-org-", limit=3)
    lines = ["id,course,start,end,sending_site,receiving_sites"]
    values, sites = [], []
    first = datetime(2031, 1, 6, 9, 0)
    for n in range(rows):
        course = courses[n % len(courses)]
        start = first + timedelta(days=n // len(courses))
        end = start + timedelta(hours=3)
        lines.append(
            f"bench-{base + n},{course[1]},{start:%Y-%m-%dT%H:%M},{end:%Y-%m-%dT%H:%M},"
            f"{sending[1]},{';'.join(r[1] for r in receiving)}"
        )
        values.append(
            (base + n, f"bench-{base + n}", f"{start:%Y-%m-%d %H:%M}+01",
             f"{end:%Y-%m-%d %H:%M}+01", 3, 0, 0, "", "now", course[0], sending[0], "", "now")
        )  # fmt: skip
        sites.extend((base + n, r[0], "", 20, 0) for r in receiving)
    columns = (
        'id, external_id, start, "end", hours, remote_capacity, remote_taken, stream_link, '
        "created, course_id, sending_site_id, teacher_given, updated"
    )
    return lines, [
        (values, "campus_session", columns),
        (sites, "campus_sessionsite", "session_id, organisation_id, room, capacity, seats_taken"),
    ]


def _visits_setup(undo: bool = False) -> None:
    """Ids for 20 companies, one organisation and 20 visits (the national data set has none:
    it was loaded by COPY)."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        for table, prefix in [
            ("companies_company", "bench-company-"),
            ("network_organisation", "bench-org-"),
            ("visits_visit", "bench-visit-"),
        ]:
            if undo:
                cursor.execute(
                    f"UPDATE {table} SET external_id = NULL WHERE external_id LIKE %s",  # noqa: S608
                    [f"{prefix}%"],
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET external_id = %s || id WHERE id IN "  # noqa: S608
                    f"(SELECT id FROM {table} ORDER BY id LIMIT 20)",
                    [prefix],
                )


MAKERS = {
    "organisations": _organisations,
    "companies": _companies,
    "courses": _courses,
    "participants": _participants,
    "attendance": _attendance,
    "registrations": _registrations,
    "visits": _visits,
    "needs": _needs,
    "sessions": _sessions,
}


def import_kind(kind: str, rows: int) -> dict:
    """The importer on `rows` new records of a kind against COPY of the same rows into tables
    like the kind's (their indexes included; the sites of sessions too), each the median of 5
    runs rolled back (one slow moment of the machine does not decide)."""
    from django.db import connection, transaction  # noqa: PLC0415

    from kompetensnav.interchange.importer import run_import  # noqa: PLC0415
    from kompetensnav.interchange.registry import KINDS  # noqa: PLC0415
    from kompetensnav.interchange.tables import open_table  # noqa: PLC0415

    if kind in {"attendance", "registrations", "sessions"}:
        _attendance_setup(rows)
    if kind in {"visits", "needs", "sessions", "courses"}:
        _visits_setup()
    try:
        with connection.cursor() as cursor:
            # the cluster settled first: the write-ahead log of what ran before (the whole
            # set imported into another database) flushed now, not during the runs timed
            cursor.execute("CHECKPOINT")
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM companies_company")
            base = cursor.fetchone()[0] + 1_000_000
        lines, copies = MAKERS[kind](base, rows)
        data = ("\n".join(lines) + "\n").encode()

        def product() -> None:
            with transaction.atomic():
                result = run_import(KINDS[kind], open_table(data, f"{kind}.csv"))
                assert not result.errors, result.errors[:3]
                transaction.set_rollback(True)  # the next run imports the same rows again

        def copy(tables: list[Copied], own: bool = False) -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                for n, (values, table, columns) in enumerate(tables):
                    target = table
                    if not own:  # a temporary copy: its indexes, no foreign keys or triggers
                        target = f"bench_copy_{n}"
                        cursor.execute(
                            f"CREATE TEMP TABLE {target} (LIKE {table} INCLUDING ALL) "
                            "ON COMMIT DROP"
                        )
                    buffer = io.StringIO()
                    for row in values:
                        buffer.write("\t".join(map(str, row)) + "\n")
                    with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as out:
                        out.write(buffer.getvalue())
                transaction.set_rollback(True)

        product_s = _median_seconds(product)
        copy_s = _median_seconds(lambda: copy(copies))
        copy_own_s = _median_seconds(lambda: copy(copies, own=True))
        copy_first_s = _median_seconds(lambda: copy(copies[:1]))
    finally:
        if kind in {"attendance", "registrations", "sessions"}:
            _attendance_setup(rows, undo=True)
        if kind in {"visits", "needs", "sessions", "courses"}:
            _visits_setup(undo=True)
    return {
        "kind": kind,
        "rows": rows,
        "import_rows_s": round(rows / product_s),
        "copy_rows_s": round(rows / copy_s),
        # the same rows into the kind's own tables (their foreign keys, triggers and log)
        "copy_own_rows_s": round(rows / copy_own_s),
        # the kind's table alone, where the import writes another too (a session's sites)
        "copy_first_rows_s": round(rows / copy_first_s),
    }


def export_kind(kind: str) -> dict:
    """`manage.py export KIND FILE.csv` in a process of its own (its time and peak memory)
    against COPY (SELECT …) TO STDOUT of the kind's table (the lower bound)."""
    import resource  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415

    from kompetensnav.interchange.registry import KINDS  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/{kind}.csv"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "export", kind, path], check=True, capture_output=True
        )
        export_s = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        with open(path, encoding="utf-8-sig") as handle:
            rows = sum(1 for _line in handle) - 1
    table = KINDS[kind].model._meta.db_table

    def copy() -> None:
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY (SELECT * FROM {table}) TO STDOUT") as out,
        ):
            for _data in out:
                pass

    copy_s = _median_seconds(copy, runs=3)
    return {
        "kind": kind,
        "rows": rows,
        "export_s": round(export_s, 2),
        "copy_s": round(copy_s, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


# the kinds of the generated data set, in the order an import needs them (references first)
IMPORT_ORDER = [
    "organisations", "companies", "courses", "sessions", "visits", "needs", "participants",
    "registrations", "attendance",
]  # fmt: skip


def _parts(path: str, limit: int) -> list[str]:
    """The CSV file at `path` as files of at most `limit` rows each, with its header."""
    import csv  # noqa: PLC0415

    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    if len(rows) <= limit:
        return [path]
    parts = []
    for number, start in enumerate(range(0, len(rows), limit)):
        part = f"{path[: -len('.csv')]}-{number + 1}.csv"
        with open(part, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows[start : start + limit])
        parts.append(part)
    return parts


def import_all(target: str) -> dict:
    """The whole data set through the product, as a network moving in would: every kind
    exported (`manage.py export`) from this database and imported (`manage.py import`) into
    `target`, a freshly migrated database, kind after kind. The time of each import."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    from kompetensnav.interchange.tables import MAX_IMPORT_ROWS  # noqa: PLC0415 - after setup

    seconds: dict[str, float] = {}
    rows: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        for kind in IMPORT_ORDER:
            path = f"{folder}/{kind}.csv"
            subprocess.run(
                [sys.executable, "manage.py", "export", kind, path], check=True, capture_output=True
            )
            with open(path, encoding="utf-8-sig") as handle:
                rows[kind] = sum(1 for _line in handle) - 1
        for kind in IMPORT_ORDER:
            started = time.perf_counter()
            # a file takes at most MAX_IMPORT_ROWS rows: larger ones in parts, one after the
            # other, as the importer tells people to
            for part in _parts(f"{folder}/{kind}.csv", MAX_IMPORT_ROWS):
                done = subprocess.run(
                    [sys.executable, "manage.py", "import", kind, part],
                    capture_output=True,
                    text=True,
                    env={**os.environ, "DATABASE_URL": target},
                )
                if done.returncode != 0:
                    raise SystemExit(f"import of {kind} failed: {done.stderr[-2000:]}")
            seconds[kind] = round(time.perf_counter() - started, 2)
    return {"rows": rows, "seconds": seconds, "total_s": round(sum(seconds.values()), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="scenario", required=True)
    sub.add_parser("figures").add_argument("--year", type=int, default=2025)
    sub.add_parser("after-write").add_argument(
        "--token", required=True, help="the bench's API token"
    )
    sub.add_parser("export").add_argument("--kind", default="attendance")
    sub.add_parser("import-all").add_argument("--target", required=True, help="a migrated database")
    imports = sub.add_parser("import")
    imports.add_argument("--rows", type=int, default=500)
    imports.add_argument("--kind", choices=sorted(MAKERS), default="companies")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    if options.scenario == "figures":
        print(json.dumps(figures(options.year)))
    elif options.scenario == "after-write":
        print(json.dumps(after_write(options.token)))
    elif options.scenario == "import-all":
        print(json.dumps(import_all(options.target)))
    elif options.scenario == "export":
        print(json.dumps(export_kind(options.kind)))
    else:
        print(json.dumps(import_kind(options.kind, options.rows)))


if __name__ == "__main__":
    main()
