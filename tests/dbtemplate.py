"""Migrate once per run, not once per worker.

Under pytest-xdist every worker makes a test database of its own, and Django migrates each
(about 12 s of CPU per worker, more with every migration). `migrated_once()` wraps the test
databases' set-up: the first worker of a run to get there migrates its database and keeps a
copy of it as the run's template; the others wait for it and start from a copy (SQLite's
backup into the in-memory database, PostgreSQL's CREATE DATABASE … TEMPLATE). What comes
after the migrations (the cache table, the serialized copy of serialized_rollback tests) is
made by each worker as before. Without xdist (a plain `pytest` run) nothing changes.
"""

import fcntl
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core import management
from django.db import connections

RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")


def _paths(vendor: str) -> tuple[Path, Path, Path]:
    base = Path(tempfile.gettempdir()) / f"kompetensnav-migrated-{RUN}-{vendor}"
    return base.with_suffix(".lock"), base.with_suffix(".done"), base.with_suffix(".sqlite3")


def _template_name(connection) -> str:
    name = connection.settings_dict["NAME"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker and name.endswith(f"_{worker}"):
        name = name[: -len(worker) - 1]
    return f"{name}_template"


def postgres_template() -> str | None:
    """The name of this run's migrated PostgreSQL database (a copy of it is migrated), if the
    run has one: for tests that want a migrated database of their own."""
    if not RUN or connections["default"].vendor != "postgresql":
        return None
    name = connections["default"].creation._get_test_db_name()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker and name.endswith(f"_{worker}"):
        name = name[: -len(worker) - 1]
    return f"{name}_template"


def _keep(connection, file: Path) -> None:
    """Keep the migrated database as the run's template."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    template = connection.ops.quote_name(_template_name(connection))
    source = connection.ops.quote_name(connection.settings_dict["NAME"])
    connection.close()  # no session may be connected to the database copied
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {template}")
        cursor.execute(f"CREATE DATABASE {template} WITH TEMPLATE {source}")


def _copy(connection, file: Path) -> None:
    """Make the worker's empty test database a copy of the template."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    target = connection.ops.quote_name(connection.settings_dict["NAME"])
    template = connection.ops.quote_name(_template_name(connection))
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {target}")
        cursor.execute(f"CREATE DATABASE {target} WITH TEMPLATE {template}")


@contextmanager
def migrated_once() -> Iterator[None]:
    """While the test databases are set up, `migrate` runs once per run and database kind."""
    if not RUN:
        yield
        return
    real = management.call_command

    def call_command(name, *args, **options):
        if name != "migrate":
            return real(name, *args, **options)
        connection = connections[options.get("database", "default")]
        lock, done, file = _paths(connection.vendor)
        with open(lock, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # the first worker migrates, the others wait
            if done.exists():
                _copy(connection, file)
                return None
            result = real(name, *args, **options)
            _keep(connection, file)
            done.touch()
            return result

    management.call_command = call_command
    try:
        yield
    finally:
        management.call_command = real
