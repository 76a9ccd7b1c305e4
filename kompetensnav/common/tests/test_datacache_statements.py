"""Which app's data a statement writes, as the execute wrapper of common/datacache.py reads
it: Django's own statements on both databases, raw SQL, COPY, and never a read or a table
that is not the network's data."""

import pytest

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
