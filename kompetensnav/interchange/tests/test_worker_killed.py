"""A real worker (`manage.py db_worker`, a subprocess) killed with SIGKILL in the middle of an
import, on PostgreSQL: nothing of the import is kept, the job is not left "running" for ever
but handed to the worker again once its lease has run out, and the next worker imports every
row once. The lease running out is the one thing not waited for: it is moved into the past."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from kompetensnav.interchange import services
from kompetensnav.interchange.models import ImportJob
from kompetensnav.interchange.selectors import import_job_get
from kompetensnav.network.models import Organisation
from tests.postgres import only_on_postgres

pytestmark = [
    *only_on_postgres("a worker in another process needs a database both can reach"),
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROOT = Path(__file__).resolve().parents[3]
ROWS = 300
Status = ImportJob.Status


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _worker(*extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),  # the test database
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _file() -> bytes:
    """ROWS organisations, their names quoted: the general path, a row at a time (a plain
    file is written in a few statements, too fast to be caught in the middle)."""
    return ("id,name,kind\n" + "".join(f'k{i},"Skolan {i}",other\n' for i in range(ROWS))).encode()


def _imported() -> int:
    return Organisation.objects.filter(external_id__startswith="k").count()


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_a_worker_killed_mid_import_leaves_nothing_and_the_import_is_retried(
    coordinator, monkeypatch
):
    monkeypatch.setattr(services, "BACKGROUND_THRESHOLD_ROWS", 10)  # this process confirms
    content = _file()
    job = services.import_job_create(
        actor=coordinator, kind="organisations", filename="k.csv", content=content
    )
    job = services.import_job_check(job=job)  # checked here, to keep the worker's part short
    assert job.status == Status.VALID and job.rows == ROWS
    job = services.import_job_confirm(actor=coordinator, job=job)  # a task, committed
    assert job.status == Status.QUEUED

    worker = _worker()
    try:
        # the worker writes its progress through a second connection: it shows while the
        # import's own transaction is open
        def writing():
            job.refresh_from_db()
            return job.status == Status.RUNNING and job.progress_done >= 50

        _wait_for(writing, 60, "the worker to write rows")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert worker.returncode == -signal.SIGKILL

    job.refresh_from_db()
    assert job.status == Status.RUNNING and 0 < job.progress_done < ROWS  # "running 50/300"
    assert _imported() == 0  # its transaction died with it
    # while the lease holds, the job is left to its worker (it might be alive)
    assert import_job_get(actor=coordinator, pk=job.pk).status == Status.RUNNING

    ImportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    job = import_job_get(actor=coordinator, pk=job.pk)  # anyone looking at it
    assert job.status == Status.QUEUED and job.attempts == 1

    second = _worker("--batch")
    _out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err.decode()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_done) == (Status.DONE, 2, ROWS)
    assert _imported() == ROWS and len(job.created_ids) == ROWS
    assert bytes(job.content) == b""


def test_an_import_cancelled_while_it_writes_rolls_back_every_row(coordinator, monkeypatch):
    """The worker (a thread with its own connection) is writing rows when the coordinator
    cancels: at its next heartbeat it stops, and the rows it wrote are rolled back."""
    monkeypatch.setattr(services, "BACKGROUND_THRESHOLD_ROWS", 10)
    content = _file()
    job = services.import_job_create(
        actor=coordinator, kind="organisations", filename="k.csv", content=content
    )
    job = services.import_job_confirm(actor=coordinator, job=services.import_job_check(job=job))
    assert services.import_job_start(job=job)
    outcome = []

    def work() -> None:
        try:
            actor = services.job_actor(job)
            outcome.append(services.import_job_run(actor=actor, job=job, progress_connection=True))
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        _wait_for(lambda: ImportJob.objects.get(pk=job.pk).progress_done >= 50, 60, "rows written")
        services.import_job_cancel(actor=coordinator, job=ImportJob.objects.get(pk=job.pk))
    finally:
        worker.join(timeout=120)
    assert outcome and outcome[0].status == Status.CANCELLED
    assert _imported() == 0
    job.refresh_from_db()
    assert job.status == Status.CANCELLED and bytes(job.content) == b""
