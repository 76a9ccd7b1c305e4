"""The indexes of the busiest tables (national scale: millions of rows, docs/performance.md):
the ones the lists, figures and imports use are there, and none is redundant (a plain index
whose columns begin another index of the same table costs every write and serves no read
the other does not). Read from PostgreSQL's catalogue after the migrations."""

import json
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from tests.postgres import only_on_postgres

pytestmark = [
    *only_on_postgres("the indexes are read from PostgreSQL's catalogue"),
    pytest.mark.django_db,
]

# table -> the leading columns an index must have, for the queries named
NEEDED = {
    "visits_visit": [
        ("date",),  # the visit list by date, the figures of a period
        ("organisation_id", "date"),  # a broker organisation's visits
        ("company_id",),  # a company's timeline
    ],
    # a visit's needs; the needs by area; the needs of a period (their copy of the visit's date)
    "visits_need": [("visit_id",), ("area_id",), ("visit_date",)],
    "campus_session": [("start",), ("course_id",)],  # sessions of a period; of a course
    "campus_sessionsite": [("session_id",), ("organisation_id",)],  # a session's sites; a site's
    "participants_registration": [
        ("course_id", "status", "created"),  # a course's places and waitlist
        ("participant_id",),  # a participant's registrations
        ("registered",),  # registrations of a period
    ],
    "participants_attendance": [
        ("session_id", "participant_id"),  # a session's sheet (one row per person)
        ("participant_id", "session_id"),  # a participant's hours
    ],
    "participants_participant": [("employer_id",)],  # an employer's people
    "companies_company": [("municipality_id", "name")],  # companies of a place, by name
}


def _indexes(table: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, x.indisunique, x.indpred IS NOT NULL,
                   x.indexprs IS NOT NULL, am.amname,
                   ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                         ORDER BY k.n),
                   pg_get_indexdef(x.indexrelid)
              FROM pg_index x
              JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_am am ON am.oid = i.relam
             WHERE t.relname = %s
            """,
            [table],
        )
        return [
            {
                "name": name,
                "unique": unique,
                "partial": partial,
                "expression": expression,
                "method": method,
                "columns": tuple(columns),
                "pattern": "pattern_ops" in definition,
            }
            for name, unique, partial, expression, method, columns, definition in cursor
        ]


@pytest.mark.parametrize("table", sorted(NEEDED))
def test_the_busy_tables_have_the_indexes_their_queries_use(table):
    indexes = [i for i in _indexes(table) if not i["partial"] and not i["expression"]]
    for columns in NEEDED[table]:
        assert any(i["columns"][: len(columns)] == columns for i in indexes), (table, columns)


@pytest.mark.parametrize("table", sorted(NEEDED))
def test_no_index_of_a_busy_table_is_redundant(table):
    indexes = [
        i
        for i in _indexes(table)
        if i["method"] == "btree" and not i["partial"] and not i["expression"]
        and not i["pattern"]  # LIKE 'x%' on a unique code: Django's own, for another operator
    ]  # fmt: skip
    redundant = [
        (index["name"], other["name"])
        for index in indexes
        for other in indexes
        if index is not other
        and not index["unique"]
        and other["columns"][: len(index["columns"])] == index["columns"]
        and (len(other["columns"]) > len(index["columns"]) or index["name"] > other["name"])
    ]
    assert not redundant, f"{table}: indexes served by another: {redundant}"


def _plan_uses(sql: str, index: str) -> bool:
    """Whether PostgreSQL reads by `index` for this statement (a sequential scan made as
    dear as it can be: the plan falls back to one only where the index cannot serve)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        cursor.execute("RESET enable_seqscan")
    return f'"Index Name": "{index}"' in json.dumps(plan)


def test_participants_are_found_by_e_mail_through_the_index_on_it():
    """The index on lower(email) leaves out participants without an address (partial):
    a lookup that does not leave them out too cannot use it and reads the whole table (a
    registration on the public page, the import's check of a batch, a person's data)."""
    from kompetensnav.participants.people import _find
    from kompetensnav.participants.services.people import participant_with_email
    from kompetensnav.participants.tests.factories import ParticipantFactory

    ParticipantFactory(email="anna@example.se")
    content = b"id,gender,employer,organisation,email\np1,F,,,anna@example.se\n"
    with CaptureQueriesContext(connection) as queries:
        assert participant_with_email("Anna@example.se") is not None
        assert len(_find("anna@example.se")) == 1
        result = run_import(KINDS["participants"], open_table(content, "p.csv"), dry_run=True)
    assert [e.column for e in result.errors] == ["email"]  # another participant's address
    by_email = [q["sql"] for q in queries if "LOWER(" in q["sql"]]
    assert len(by_email) == 3, by_email
    for sql in by_email:
        assert _plan_uses(sql, "participant_email_ci_unique"), sql


def test_a_batch_of_companies_finds_its_numbers_through_the_index_on_them():
    """The index on the org. number leaves out companies without one (partial): PostgreSQL
    proves a list of up to 100 numbers inside it by itself, a batch's hundreds only when
    the query leaves those companies out too."""
    from kompetensnav.interchange.tests.test_bulk import companies

    # read row by row (a plain file is otherwise checked by one statement: plain.py)
    with (
        mock.patch.object(type(KINDS["companies"]), "plain", None),
        CaptureQueriesContext(connection) as queries,
    ):
        result = run_import(KINDS["companies"], open_table(companies(150), "c.csv"), dry_run=True)
    assert result.ok, result.errors[:3]
    by_number = [q["sql"] for q in queries if '"org_number" = ANY(' in q["sql"]]
    assert len(by_number) == 1, by_number
    assert _plan_uses(by_number[0], "company_org_number_unique"), by_number[0]
