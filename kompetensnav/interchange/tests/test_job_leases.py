"""Imports whose worker was killed (issue 10, point 4): the job's lease runs out and it is
retried, at most MAX_ATTEMPTS times, then failed with a clear message; every job can be
cancelled, and a cancelled or taken-over import writes nothing. The dead worker is simulated
by a lease in the past (the real kill is in test_worker_killed.py, on PostgreSQL)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kompetensnav.common import jobs
from kompetensnav.interchange import importer, services
from kompetensnav.interchange.models import ImportJob
from kompetensnav.interchange.registry import KINDS
from kompetensnav.network.models import Organisation
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

Status = ImportJob.Status
ROWS = 60
FILE = "id,name,kind\n" + "".join(f"L{i},Organisation {i},other\n" for i in range(1, ROWS + 1))


@pytest.fixture
def client(client_for, coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return client_for(coordinator)


@pytest.fixture
def background(monkeypatch):
    """Files of more than 5 rows are imported by the worker."""
    monkeypatch.setattr(services, "BACKGROUND_THRESHOLD_ROWS", 5)


def imported() -> int:
    return Organisation.objects.filter(external_id__startswith="L").count()


def queued_tasks() -> int:
    return DBTaskResult.objects.ready().count()


def checked_job(coordinator) -> ImportJob:
    job = services.import_job_create(
        actor=coordinator, kind="organisations", filename="l.csv", content=FILE.encode()
    )
    job = services.import_job_check(job=job)
    assert job.status == Status.VALID
    return job


def confirmed_job(client, coordinator) -> ImportJob:
    job = checked_job(coordinator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("interchange:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.QUEUED and queued_tasks() == 1
    return job


def worker_killed(job: ImportJob) -> ImportJob:
    """A worker took the job (its task is used up) and died: the job says "running" with the
    progress it had, and its lease runs out."""
    DBTaskResult.objects.ready().get().claim("killed-worker")
    job.refresh_from_db()
    assert services.import_job_start(job=job)
    ImportJob.objects.filter(pk=job.pk).update(
        progress_done=50, lease_until=timezone.now() - timedelta(seconds=1)
    )
    job.refresh_from_db()
    return job


def page(client, job) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.get(reverse("interchange:job", args=[job.pk])).content.decode()


def test_an_import_whose_worker_was_killed_is_retried_when_its_page_is_looked_at(
    client, coordinator, background
):
    job = worker_killed(confirmed_job(client, coordinator))
    assert (job.status, job.attempts, queued_tasks()) == (Status.RUNNING, 1, 0)

    html = page(client, job)
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.progress_done == 0
    assert job.lease_until > timezone.now() + timedelta(minutes=30)  # waiting for a worker
    assert queued_tasks() == 1  # handed to the worker again
    assert "Waiting for the worker to start" in html and "0 of 60 rows" in html

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, imported()) == (Status.DONE, 2, ROWS)
    assert len(job.created_ids) == ROWS and bytes(job.content) == b""


def test_the_daily_command_retries_the_jobs_nobody_looks_at(client, coordinator, background):
    job = worker_killed(confirmed_job(client, coordinator))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("daily", stdout=None)
    job.refresh_from_db()
    assert job.status == Status.QUEUED and queued_tasks() == 1
    run_queued_tasks()
    assert imported() == ROWS


def test_an_import_whose_worker_dies_every_time_fails_with_a_clear_message(
    client, coordinator, background
):
    job = worker_killed(confirmed_job(client, coordinator))
    for attempt in (2, 3):
        page(client, job)  # retried
        job = worker_killed(job)
        assert job.attempts == attempt
    html = page(client, job)
    job.refresh_from_db()
    assert job.status == Status.FAILED and queued_tasks() == 0
    assert bytes(job.content) == b""  # the uploaded file is deleted with the job given up
    assert job.finished_at is not None and job.lease_until is None
    assert (
        'id="import-failure">The background worker stopped 3 times while working on this (a '
        "restart or a crash), so it was not tried again. Nothing was saved.</p>"
    ) in html
    assert reverse("interchange:upload") in html  # upload again
    assert 'id="import-progress"' not in html and imported() == 0


def test_a_check_whose_worker_was_killed_is_retried(client, coordinator):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("interchange:upload"),
            {"kind": "organisations", "file": _csv("l.csv", FILE)},
        )
    job = ImportJob.objects.get()
    assert job.status == Status.UPLOADED
    DBTaskResult.objects.ready().get().claim("killed-worker")
    assert jobs.take(job, from_=(Status.UPLOADED,), to=Status.CHECKING)
    ImportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    page(client, job)
    job.refresh_from_db()
    assert job.status == Status.UPLOADED and queued_tasks() == 1
    run_queued_tasks()
    job.refresh_from_db()
    # a finished check leaves the attempts to the import
    assert (job.status, job.rows, job.attempts) == (Status.VALID, ROWS, 0)


def test_a_job_no_worker_started_in_time_fails(client, coordinator, background):
    job = confirmed_job(client, coordinator)
    ImportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    html = page(client, job)
    job.refresh_from_db()
    assert job.status == Status.FAILED and bytes(job.content) == b""
    assert "No background worker started on this in time" in html
    run_queued_tasks()  # the worker comes back: the job is not run any more
    assert imported() == 0


def test_a_job_being_worked_on_is_left_alone(client, coordinator, background):
    job = confirmed_job(client, coordinator)
    DBTaskResult.objects.ready().get().claim("living-worker")
    assert services.import_job_start(job=job)
    page(client, job)
    job.refresh_from_db()
    assert job.status == Status.RUNNING and queued_tasks() == 0


def test_cancelling_asks_first_then_stops_a_queued_import(client, coordinator, background):
    job = confirmed_job(client, coordinator)
    url = reverse("interchange:job_cancel", args=[job.pk])
    assert f'href="{url}"' in page(client, job)
    confirm = client.get(url).content.decode()
    assert "Cancel the import of l.csv?" in confirm and 'name="cancel"' in confirm
    job.refresh_from_db()
    assert job.status == Status.QUEUED  # asking changes nothing

    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "The import was cancelled: nothing was written, and its file was deleted." in html
    assert "This upload was cancelled and its file deleted." in html
    job.refresh_from_db()
    assert job.status == Status.CANCELLED and bytes(job.content) == b""
    assert run_queued_tasks() == 1  # the task comes and does nothing
    assert imported() == 0


@pytest.mark.parametrize("plain", [True, False])
def test_cancelling_a_running_check_stops_the_worker_at_its_next_heartbeat(
    coordinator, monkeypatch, plain
):
    """A row at a time, the check beats every HEARTBEAT_ROWS rows read and stops at the beat
    after the cancel; the plain path (PostgreSQL) checks in statements rolled back and beats
    once after them: the cancel then finds a finished check, which it discards."""
    monkeypatch.setattr(importer, "HEARTBEAT_ROWS", 10)
    if not plain:
        monkeypatch.setattr(type(KINDS["organisations"]), "plain", None)
    job = services.import_job_create(
        actor=coordinator, kind="organisations", filename="l.csv", content=FILE.encode()
    )
    beats = []
    real_beat = jobs.Lease.beat

    def someone_cancels_after_the_first_beat(lease, **fields):
        beats.append(fields)
        real_beat(lease, **fields)
        if len(beats) == 1:
            services.import_job_cancel(actor=coordinator, job=ImportJob.objects.get(pk=job.pk))

    monkeypatch.setattr(jobs.Lease, "beat", someone_cancels_after_the_first_beat)
    job = services.import_job_check(job=job)
    plain = plain and connection.vendor == "postgresql"
    assert job.status == Status.CANCELLED and len(beats) == (1 if plain else 2)
    assert job.result == {} and bytes(job.content) == b""


def test_an_import_that_is_no_longer_its_workers_rolls_back_every_row(
    client, coordinator, background, monkeypatch
):
    """A worker that finds at a heartbeat that the job is not its own any more (cancelled, or
    handed to a retry because its lease ran out) stops and rolls back what it wrote."""
    job = confirmed_job(client, coordinator)
    written = []
    real_beat = jobs.Lease.beat

    def lose_the_job_after_50_rows(lease, **fields):
        if fields.get("progress_done") == 50:
            written.append(imported())
            lease.job.attempts += 1  # another attempt holds it now
        real_beat(lease, **fields)

    monkeypatch.setattr(jobs.Lease, "beat", lose_the_job_after_50_rows)
    monkeypatch.setattr(importer, "BATCH_ROWS", 50)  # progress after each batch written
    monkeypatch.setattr(importer, "PLAIN_BATCH_ROWS", 50)  # the plain path's too
    run_queued_tasks()
    assert written == [50]  # rows were written...
    assert imported() == 0  # ...and rolled back
    job.refresh_from_db()
    # the job is as the lost attempt found it: the check's outcome, for the attempt holding it
    assert job.status == Status.RUNNING and job.result["dry_run"] is True


def test_the_last_write_is_only_made_by_the_attempt_that_holds_the_job(
    client, coordinator, background, monkeypatch
):
    """Between the last heartbeat and the commit the job is cancelled: nothing is kept."""
    confirmed_job(client, coordinator)
    real_finish = jobs.Lease.finish

    def cancelled_just_before(lease, status, **fields):
        if status == Status.DONE:
            lease.job.attempts += 1  # as if the row had moved on
        return real_finish(lease, status, **fields)

    monkeypatch.setattr(jobs.Lease, "finish", cancelled_just_before)
    run_queued_tasks()
    assert imported() == 0


def test_a_finished_import_cannot_be_cancelled(client, coordinator):
    job = checked_job(coordinator)
    client.post(reverse("interchange:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.DONE
    url = reverse("interchange:job_cancel", args=[job.pk])
    response = client.get(url, follow=True)
    assert "This import has already finished." in response.content.decode()
    response = client.post(url, follow=True)
    assert "This import has already finished." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Status.DONE and imported() == ROWS


@pytest.mark.parametrize("role_fixture", ["org_admin", "broker", "foreign_admin"])
def test_only_coordinators_may_cancel(request, client_for, coordinator, role_fixture):
    job = checked_job(coordinator)
    other = client_for(request.getfixturevalue(role_fixture))
    url = reverse("interchange:job_cancel", args=[job.pk])
    assert other.get(url).status_code == 403
    assert other.post(url).status_code == 403
    job.refresh_from_db()
    assert job.status == Status.VALID


def _csv(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")
