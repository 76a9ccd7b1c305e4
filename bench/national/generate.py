"""A realistic national data set at any scale, loaded into kompetensnav's own tables by COPY.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.national.generate --scale 0.01

At scale 1 it is about a whole country (../shared/docs/domain.md): 2,000 organisations,
100,000 companies, 500,000 visits, 1.5 M needs, 20,000 courses, 100,000 sessions, 300,000
participants, 1 M registrations and 3 M attendance rows, over the years 2022–2026, in the 290
municipalities and the SNI codes, competence areas and SEQF levels the migrations load. The
database must be migrated and otherwise empty of these rows. Rows are written with psycopg's
COPY, many times faster than the product's importer: what `make bench` compares the importer
with. Reproducible: the same scale gives the same rows (a seeded generator).

A coordinator (bench@kompetensnav.invalid) and an API token of theirs are made through the
product's own services, for the page and API scenarios; generate() returns their details."""

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import django

# What scale 1 is: a whole country.
NATIONAL = {
    "organisations": 2_000,
    "companies": 100_000,
    "visits": 500_000,
    "needs": 1_500_000,
    "courses": 20_000,
    "sessions": 100_000,
    "participants": 300_000,
    "registrations": 1_000_000,
    "attendance": 3_000_000,
}
FIRST_DAY, LAST_DAY = date(2022, 1, 1), date(2026, 12, 31)
# The competence areas the needs and courses name (the shared vocabulary grows from these).
AREAS = [
    "Sociala medier", "Kundbemötande", "Miljöcertifiering", "CNC-bearbetning", "Svetsning",
    "Truckkörning", "Ledarskap", "Digital marknadsföring", "Arbetsmiljö", "Hygien och HACCP",
    "Excel", "Projektledning", "Svenska som andraspråk", "Engelska i arbetet", "Försäljning",
    "Logistik", "Lean", "Elsäkerhet", "Heta arbeten", "Första hjälpen", "Bokföring",
    "Dataskydd (GDPR)", "Automation", "Robotprogrammering", "Underhåll", "Kvalitetsledning",
    "Hållbarhet", "Turismvärdskap", "Servering och vin", "Matlagning", "Vård och omsorg",
    "Pedagogik", "Bygg och anläggning", "Fastighetsskötsel", "Transport och lager",
    "Cybersäkerhet", "Programmering", "Grafisk design", "E-handel", "Affärsutveckling",
]  # fmt: skip
BENCH_EMAIL = "bench@kompetensnav.invalid"
BENCH_PASSWORD = "kompetensnav-bench"  # noqa: S105 - a throwaway benchmark database's login


def counts(scale: float) -> dict[str, int]:
    return {name: max(int(n * scale), 10) for name, n in NATIONAL.items()}


@dataclass
class Bench:
    """What the scenarios need of the generated data."""

    counts: dict[str, int]
    seconds: dict[str, float]  # COPY time per table
    coordinator_id: int
    token: str
    course_id: int  # a published course with upcoming sessions


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()


def _luhn(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    digits = nine + str((10 - total % 10) % 10)
    return f"{digits[:6]}-{digits[6:]}"


def _copy(cursor, table: str, columns: list[str], rows: Iterable[tuple]) -> tuple[int, float]:
    """COPY the rows into the table; (rows written, seconds)."""
    started = time.perf_counter()
    written = 0
    quoted = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written, time.perf_counter() - started


def _day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def generate(scale: float, *, seed: int = 2026, log: Callable[[str], None] = print) -> Bench:
    """Write the data set of this scale into the database of DATABASE_URL."""
    _setup_django()
    from django.contrib.auth import get_user_model  # noqa: PLC0415 - after django.setup()
    from django.db import connection  # noqa: PLC0415

    from kompetensnav.accounts.enums import Role  # noqa: PLC0415
    from kompetensnav.accounts.models import Affiliation  # noqa: PLC0415
    from kompetensnav.accounts.services import api_token_create  # noqa: PLC0415
    from kompetensnav.competences.services import areas_find_or_create  # noqa: PLC0415
    from kompetensnav.network.models import Organisation  # noqa: PLC0415

    rng = random.Random(seed)
    n = counts(scale)
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo("Europe/Stockholm")).date()  # visits are of the past
    seconds: dict[str, float] = {}

    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM reference_municipality ORDER BY code")
        municipalities = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM reference_snicode WHERE level = 'division'")
        sni = [row[0] for row in cursor.fetchall()]
        areas = [area.pk for area in areas_find_or_create(names=AREAS)]
        cursor.execute("SELECT level FROM reference_seqflevel ORDER BY level")
        levels = [row[0] for row in cursor.fetchall()]
        if not (municipalities and sni and areas and levels):
            sys.exit("The database lacks reference data: run `manage.py migrate` first.")
        raw = cursor.cursor  # psycopg's own cursor, for COPY

        def load(name: str, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
            written, took = _copy(raw, table, columns, rows)
            seconds[table] = took
            log(f"  {table}: {written:,} rows in {took:.1f} s")

        # organisations: the network's members, brokers' and providers' homes
        org0 = _next_id(cursor, "network_organisation")
        orgs = list(range(org0, org0 + n["organisations"]))
        kinds = ["learning_centre", "adult_education", "municipal_federation",
                 "education_provider", "public_agency", "industry_body"]  # fmt: skip
        load(
            "organisations",
            "network_organisation",
            ["id", "name", "kind", "org_number", "municipality_id", "country_id", "description",
             "website", "formats", "created"],
            ((i, f"Organisation {i}", rng.choice(kinds), "", rng.choice(municipalities), "SE",
              "", "", "[]", now) for i in orgs),
        )  # fmt: skip

        company0 = _next_id(cursor, "companies_company")
        companies = range(company0, company0 + n["companies"])
        load(
            "companies",
            "companies_company",
            ["id", "name", "org_number", "sni_id", "municipality_id", "country_id", "employees",
             "created", "updated"],
            ((i, f"Företag {i} AB", _luhn(str(559_000_000 + i)), rng.choice(sni),
              rng.choice(municipalities), "SE", rng.choice([3, 8, 25, 60, 250]), now, now)
             for i in companies),
        )  # fmt: skip

        visit0 = _next_id(cursor, "visits_visit")
        visits = range(visit0, visit0 + n["visits"])
        load(
            "visits",
            "visits_visit",
            ["id", "company_id", "organisation_id", "date", "also_present", "notes", "advice",
             "follow_up_done", "created", "updated"],
            # recorded as they happen: the ids, and the rows on disk, in the order of the days
            ((i, *row) for i, row in zip(visits, sorted(
                ((rng.choice(companies), rng.choice(orgs), _day(rng, last=today), "", "", "",
                  False, now, now) for _ in visits),
                key=lambda row: row[2],
            ), strict=True)),
        )  # fmt: skip

        def needs() -> Iterator[tuple]:
            for _ in range(n["needs"]):
                yield (
                    rng.choice(visits), rng.choice(areas), "", rng.choice(["now", "1-3y", "3y+"]),
                    rng.choice([None, 1, 2, 5, 12]), rng.choice([None, *levels]),
                    rng.choice(["", "mottagarkompetens", "matchning", "utbildning"]),
                )  # fmt: skip

        load(
            "needs",
            "visits_need",
            ["visit_id", "area_id", "description", "horizon", "employees_affected",
             "seqf_level_id", "gap_area"],
            sorted(needs(), key=lambda row: row[0]),  # recorded with their visits
        )  # fmt: skip

        course0 = _next_id(cursor, "campus_course")
        courses = range(course0, course0 + n["courses"])
        provider = {c: rng.choice(orgs) for c in courses}
        statuses = ["published"] * 8 + ["draft", "approved"]
        load(
            "courses",
            "campus_course",
            ["id", "provider_id", "title_sv", "title_en", "description_sv", "description_en",
             "seqf_level_id", "format", "target_group", "pilot", "status", "created", "updated"],
            ((c, provider[c], f"Kurs {c}", "", "", "", rng.choice(levels),
              rng.choice(["live_stream", "on_site", "hybrid"]), "", rng.random() < 0.1,
              rng.choice(statuses), now, now) for c in courses),
        )  # fmt: skip
        load(
            "course areas",
            "campus_course_areas",
            ["course_id", "competencearea_id"],
            ((c, a) for c in courses for a in rng.sample(areas, 2)),
        )

        per_course = max(n["sessions"] // n["courses"], 1)
        session0 = _next_id(cursor, "campus_session")
        sessions_of = {
            c: list(range(session0 + k * per_course, session0 + (k + 1) * per_course))
            for k, c in enumerate(courses)
        }

        begun: set[int] = set()  # sessions that have started: only they have attendance

        def sessions() -> Iterator[tuple]:
            for c in courses:
                first = datetime.combine(_day(rng), datetime.min.time(), UTC) + timedelta(hours=7)
                for k, s in enumerate(sessions_of[c]):
                    start = first + timedelta(days=7 * k)
                    if start < now:
                        begun.add(s)
                    yield (s, c, start, start + timedelta(hours=3), Decimal(3), provider[c], 0,
                           0, "", now)  # fmt: skip

        load(
            "sessions",
            "campus_session",
            ["id", "course_id", "start", "end", "hours", "sending_site_id", "remote_capacity",
             "remote_taken", "stream_link", "created"],
            sessions(),
        )  # fmt: skip
        load(
            "session sites",
            "campus_sessionsite",
            ["session_id", "organisation_id", "room", "capacity", "seats_taken"],
            ((s, provider[c], "", 30, 0) for c in courses for s in sessions_of[c]),
        )

        person0 = _next_id(cursor, "participants_participant")
        people = range(person0, person0 + n["participants"])
        load(
            "participants",
            "participants_participant",
            ["id", "full_name", "email", "gender", "employer_id", "created"],
            ((p, f"Deltagare {p}", f"deltagare{p}@bench.invalid", rng.choice(["F", "M", "X", ""]),
              rng.choice(companies) if rng.random() < 0.6 else None, now) for p in people),
        )  # fmt: skip

        # registrations: participant p's k-th registration is on course (p·31 + k·997) mod C,
        # a different course for each k (at most one active registration per course)
        course_list = list(courses)
        per_person = max(n["registrations"] // n["participants"], 1)
        attended: list[tuple[int, int]] = []

        def registrations() -> Iterator[tuple]:
            for index, p in enumerate(people):
                for k in range(per_person):
                    c = course_list[(index * 31 + k * 997) % len(course_list)]
                    status = rng.choices(["registered", "waitlisted", "cancelled"], [90, 5, 5])[0]
                    if status == "registered":
                        attended.append((p, c))
                    yield (p, c, provider[c], False, _day(rng), now, status, "sv")

        load(
            "registrations",
            "participants_registration",
            ["participant_id", "course_id", "site_id", "remote", "registered", "created",
             "status", "language"],
            registrations(),
        )  # fmt: skip

        per_registration = n["attendance"] / max(len(attended), 1)

        def attendance() -> Iterator[tuple]:
            for p, c in attended:
                sessions_here = [s for s in sessions_of[c] if s in begun]
                take = min(len(sessions_here), max(int(per_registration + rng.random()), 0))
                for s in rng.sample(sessions_here, take):
                    hours = rng.choice([Decimal(0), Decimal("1.5"), Decimal(3), Decimal(3)])
                    yield (s, p, hours > 0, hours, provider[c], now)

        load(
            "attendance",
            "participants_attendance",
            ["session_id", "participant_id", "present", "hours", "site_id", "marked_at"],
            attendance(),
        )  # fmt: skip

        for table in ("network_organisation", "companies_company", "visits_visit",
                      "visits_need", "campus_course", "campus_session", "campus_sessionsite",
                      "participants_participant", "participants_registration",
                      "participants_attendance"):  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        cursor.execute("ANALYZE")

    # the coordinator of the scenarios, through the product's own code
    users = get_user_model().objects
    network = Organisation.objects.create(name="Benchmark network", kind="network")
    user = users.filter(email=BENCH_EMAIL).first() or users.create_user(
        email=BENCH_EMAIL, password=BENCH_PASSWORD, full_name="Benchmark coordinator"
    )
    affiliation = Affiliation.objects.create(user=user, organisation=network, role=Role.COORDINATOR)
    user.affiliation = affiliation
    _token, raw_token = api_token_create(actor=user, name="Benchmark")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.course_id FROM campus_session s JOIN campus_course c ON c.id = s.course_id "
            "WHERE c.status = 'published' AND s.start > now() ORDER BY s.start LIMIT 1"
        )
        found = cursor.fetchone()
    return Bench(
        counts=n,
        seconds=seconds,
        coordinator_id=user.pk,
        token=raw_token,
        course_id=found[0] if found else course0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1 is a whole country")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--json", action="store_true", help="end with a JSON line of what the scenarios need"
    )
    options = parser.parse_args()
    started = time.perf_counter()
    bench = generate(options.scale, seed=options.seed, log=print)
    print(f"{sum(bench.counts.values()):,} rows planned, {time.perf_counter() - started:.1f} s")
    if options.json:
        print(
            json.dumps(
                {
                    "counts": bench.counts,
                    "token": bench.token,
                    "course_id": bench.course_id,
                    "email": BENCH_EMAIL,
                    "password": BENCH_PASSWORD,
                }
            )
        )


if __name__ == "__main__":
    main()
