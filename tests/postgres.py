"""The marks of a test that needs PostgreSQL."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper


def only_on_postgres(why: str) -> list[pytest.MarkDecorator]:
    """`postgres` (the PostgreSQL half of `make test` runs the test, the SQLite half leaves it
    out) and a skip, saying `why`, wherever DATABASE_URL is not PostgreSQL."""
    return [
        pytest.mark.postgres,
        pytest.mark.skipif(
            not os.environ.get("DATABASE_URL", "").startswith("postgres"),
            reason=f"{why} (make test runs it on PostgreSQL)",
        ),
    ]


@contextmanager
def scratch_database(suffix: str) -> Iterator[BaseDatabaseWrapper]:
    """The default connection moved, while the block runs, to an empty database of its own
    beside the test database (same server, dropped afterwards): for tests that migrate from
    nothing, where undoing migrations on the test database would be slow and leave it to be
    restored. Data migrations use the default connection, so they run there too. The caller
    unblocks database access."""
    test_name = connection.settings_dict["NAME"]
    name = f"{test_name}_{suffix}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_name
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)"
            )
