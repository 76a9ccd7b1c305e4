"""Which app's data a statement writes, as the execute wrapper of common/datacache.py reads
it: Django's own statements on both databases, raw SQL, COPY, and never a read or a table
that is not the network's data."""

import pytest
from django.db import connections

from kompetensnav.common import datacache
from kompetensnav.common.datacache import tables_written


@pytest.mark.parametrize(
    ("sql", "app"),
    [
        ('INSERT INTO "network_organisation" ("name") VALUES (%s)', "network"),
        ('INSERT OR IGNORE INTO "visits_need" ("id") VALUES (%s)', "visits"),
        ('  UPDATE "participants_attendance" SET "hours" = %s', "participants"),
        ('DELETE FROM "campus_session" WHERE "id" IN (%s)', "campus"),
        ("update network_organisation set name = 'x'", "network"),
        ('COPY "companies_company" ("name") FROM STDIN', "companies"),
        ('TRUNCATE TABLE "visits_visit"', "visits"),
        ('INSERT INTO "public"."visits_visit" ("id") VALUES (1)', "visits"),
        ('SELECT * FROM "network_organisation"', None),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', None),
        ('UPDATE "kompetensnav_cache" SET "value" = %s', None),
        ("", None),
    ],
)
def test_the_app_a_statement_writes(sql, app):
    assert tables_written(sql) == app


@pytest.mark.django_db
def test_a_wrapper_pushed_before_the_connection_opens_leaves_the_writes_noted():
    """`with connection.execute_wrapper(w)` around the statement that opens the connection
    (kompetensnav.figures.kept watches one so): when the block ends, `w` is removed, not the
    wrapper that notes the writes, which opening the connection installs."""
    fresh = connections.create_connection("default")
    seen = []

    def watch(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    try:
        with fresh.execute_wrapper(watch), fresh.cursor() as cursor:
            cursor.execute("SELECT 1")
        assert seen == ["SELECT 1"]
        assert watch not in fresh.execute_wrappers
        assert [type(w) for w in fresh.execute_wrappers] == [datacache._Writes]
    finally:
        fresh.close()
