"""The restore drill of docs/deploy.md (scripts/restore-drill), run on the test cluster: the
test database, with visits, needs, registrations and attendance committed, is backed up with
pg_dump -Fc, restored into a new database, and the copy proved whole (every table's rows, no
migration missing, the key figures of five years the same)."""

import os
import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    started,
)
from kompetensnav.visits.tests.factories import NeedFactory
from tests.postgres import only_on_postgres

pytestmark = [
    *only_on_postgres("the drill backs PostgreSQL up with pg_dump"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DRILL = Path(__file__).resolve().parents[3] / "scripts" / "restore-drill"


def _url() -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def _drill(*extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DRILL), _url(), *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHON": str(Path(os.sys.executable))},
    )


def test_a_backup_restores_into_a_whole_copy():
    for day in (date(2024, 3, 4), date(2025, 5, 6), timezone.localdate()):
        NeedFactory(visit__date=day)
    session = started(SessionFactory(hours=3), days_ago=3)
    for _ in range(3):
        registration = RegistrationFactory(course=session.course)
        AttendanceFactory(session=session, participant=registration.participant, hours=Decimal(2))
    done = _drill()
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"restore drill OK: (\d+) tables, (\d+) rows", done.stdout)
    assert found and int(found[1]) > 50 and int(found[2]) > 300, done.stdout  # all counted
    with connection.cursor() as cursor:  # the copy is dropped after the drill
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE '%%_drill'")
        assert cursor.fetchone()[0] == 0


def test_the_drill_fails_when_the_copy_differs():
    """A copy that lost rows is found out: the drill is run with --keep, rows are removed from
    the copy, and the drill's checks (--compare) are run again on it."""
    NeedFactory(visit__date=date(2025, 5, 6))
    done = _drill("--keep")
    assert done.returncode == 0, done.stdout + done.stderr
    name = connection.settings_dict["NAME"]
    copy = _url().rsplit("/", 1)[0] + f"/{name}_drill"
    try:
        subprocess.run(
            ["psql", "-X", "-q", "-d", copy, "-c", "DELETE FROM visits_need"],
            check=True,
            capture_output=True,
        )
        again = _drill("--compare", copy)
        assert again.returncode == 1
        assert "FAILED" in again.stdout and "visits_need" in again.stdout
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}_drill"')
