"""Annual reports whose worker was killed (issue 10, point 4): the report page never shows a
dead job as running, asking again never returns one, the job is retried at most
MAX_ATTEMPTS times and then failed with a clear message, and a report can be cancelled by a
coordinator; a cancelled report stores nothing, even if its worker is still rendering."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kompetensnav.accounts.enums import Role
from kompetensnav.common import jobs
from kompetensnav.reports import exporters, services
from kompetensnav.reports.models import ReportJob
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

Status = ReportJob.Status
GENERATE = reverse("reports:annual_generate")
REPORT = {"year": 2025, "language": "sv"}


@pytest.fixture
def client(client_for, coordinator):
    return client_for(coordinator)


def url(job, name="reports:annual_job"):
    return reverse(name, args=[job.pk])


def queued_tasks() -> int:
    return DBTaskResult.objects.ready().count()


def ask(client, data=REPORT) -> ReportJob:
    """Ask for the report as the page's button does; the job it leads to."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(GENERATE, data)
    return ReportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def worker_killed(job: ReportJob) -> ReportJob:
    """A worker took the job and died while drawing its charts: its lease runs out."""
    DBTaskResult.objects.ready().get().claim("killed-worker")
    job.refresh_from_db()
    assert jobs.take(job, from_=(Status.QUEUED,), to=Status.RUNNING, step="charts", progress=60)
    ReportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    job.refresh_from_db()
    return job


def look(client, job, name="reports:annual_job") -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.get(url(job, name)).content.decode()


def test_a_report_whose_worker_was_killed_is_retried_when_its_page_is_looked_at(
    client, annual_2025
):
    job = worker_killed(ask(client))
    assert (job.status, job.attempts, queued_tasks()) == (Status.RUNNING, 1, 0)
    html = look(client, job)
    job.refresh_from_db()
    assert (job.status, job.step, job.progress) == (Status.QUEUED, "waiting", 0)
    assert queued_tasks() == 1
    assert "Väntar på att bakgrundsjobbet ska starta" in html and 'value="0"' in html

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (Status.DONE, 2, 100)
    assert bytes(job.pdf).startswith(b"%PDF") and bytes(job.xlsx).startswith(b"PK")


def test_asking_again_for_a_report_whose_worker_was_killed_gets_it_made(client, annual_2025):
    """Not the dead job "running 60 %" for an hour: the same report, queued again, and made."""
    job = worker_killed(ask(client))
    again = ask(client)
    assert again.pk == job.pk and again.status == Status.QUEUED and queued_tasks() == 1
    run_queued_tasks()
    again.refresh_from_db()
    assert again.status == Status.DONE


def test_a_report_whose_worker_dies_every_time_fails_with_a_clear_message(client):
    job = worker_killed(ask(client))
    for _attempt in (2, 3):
        look(client, job)
        job = worker_killed(job)
    assert job.attempts == 3
    html = look(client, job)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.message == jobs.WORKER_LOST
    assert queued_tasks() == 0 and job.finished_at is not None
    assert 'id="report-failed"' in html and 'id="report-progress"' not in html
    assert (
        'id="report-failed-reason">Bakgrundsjobbet avbröts 3 gånger medan det arbetade med '
        "detta (en omstart eller en krasch), så inget nytt försök görs. Inget sparades.</p>"
    ) in html
    assert 'name="retry"' in html
    listed = client.get(reverse("reports:annual")).content.decode()
    assert '<span class="badge warn">Misslyckades</span>' in listed

    # asking again now starts a new job
    new = ask(client)
    assert new.pk != job.pk and new.status == Status.QUEUED and queued_tasks() == 1


def test_a_report_no_worker_started_in_time_fails(client):
    job = ask(client)
    ReportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    html = look(client, job)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.message == jobs.NOT_STARTED
    assert "Inget bakgrundsjobb började med detta i tid" in html
    assert ask(client).pk != job.pk


def test_a_job_made_before_leases_is_looked_at_after_the_queue_wait(client):
    """Rows that were there when leases came get one (the field's default)."""
    job = ReportJob.objects.create(year=2025, language="sv", status=Status.RUNNING)
    assert job.lease_until > timezone.now() + timedelta(minutes=59)
    look(client, job)
    job.refresh_from_db()
    assert job.status == Status.RUNNING


def test_the_daily_command_recovers_reports_nobody_looks_at(client):
    job = worker_killed(ask(client))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("daily", stdout=None)
    job.refresh_from_db()
    assert job.status == Status.QUEUED and queued_tasks() == 1


def test_cancelling_asks_first_and_the_worker_then_skips_the_report(client):
    job = ask(client)
    page = look(client, job)
    cancel = url(job, "reports:annual_job_cancel")
    assert f'href="{cancel}"' in page
    confirm = client.get(cancel).content.decode()
    assert "Avbryta årsrapporten 2025?" in confirm and 'name="cancel"' in confirm
    job.refresh_from_db()
    assert job.status == Status.QUEUED  # asking changes nothing

    response = client.post(cancel, follow=True)
    html = response.content.decode()
    assert "Rapporten avbröts; inget sparades." in html
    assert 'id="report-cancelled"' in html and 'name="retry"' in html
    job.refresh_from_db()
    assert job.status == Status.CANCELLED and job.finished_at is not None
    assert run_queued_tasks() == 1  # the task comes and does nothing
    job.refresh_from_db()
    assert job.status == Status.CANCELLED and bytes(job.pdf) == b""
    assert ask(client).pk != job.pk  # asking again starts a new one


def test_a_report_cancelled_while_rendering_stores_nothing(
    client, coordinator, annual_2025, monkeypatch
):
    job = ask(client)
    real_pdf = exporters.annual_pdf

    def cancelled_meanwhile(report):
        services.report_job_cancel(actor=coordinator, job=ReportJob.objects.get(pk=job.pk))
        return real_pdf(report)

    monkeypatch.setattr(exporters, "annual_pdf", cancelled_meanwhile)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == Status.CANCELLED
    assert job.step == "pdf" and job.progress == 70  # it stopped at the next step
    assert bytes(job.pdf) == b"" and bytes(job.xlsx) == b""


def test_a_report_cancelled_after_its_last_step_stores_nothing(
    client, coordinator, annual_2025, monkeypatch
):
    job = ask(client)
    real_xlsx = exporters.annual_xlsx

    def cancelled_meanwhile(report):
        body = real_xlsx(report)
        services.report_job_cancel(actor=coordinator, job=ReportJob.objects.get(pk=job.pk))
        return body

    monkeypatch.setattr(exporters, "annual_xlsx", cancelled_meanwhile)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == Status.CANCELLED and bytes(job.pdf) == b"" and job.progress == 90


def test_an_old_attempt_that_comes_back_stores_nothing(client, annual_2025):
    """The lease ran out while a slow worker was still rendering; the job was retried. When the
    first worker gets to its last write, the job is not its own: it keeps nothing."""
    job = worker_killed(ask(client))
    old = jobs.Lease(ReportJob.objects.get(pk=job.pk))
    look(client, job)  # retried
    run_queued_tasks()  # and made by the second attempt
    with pytest.raises(jobs.JobLost):
        old.beat(step="xlsx", progress=90)
    assert not old.finish(Status.FAILED, pdf=b"stale")
    job.refresh_from_db()
    assert job.status == Status.DONE and bytes(job.pdf).startswith(b"%PDF")


def test_a_finished_report_cannot_be_cancelled(client):
    job = ReportJob.objects.create(year=2025, language="sv", status=Status.DONE, pdf=b"%PDF")
    response = client.get(url(job, "reports:annual_job_cancel"), follow=True)
    assert "Rapporten är redan klar; inget avbröts." in response.content.decode()
    response = client.post(url(job, "reports:annual_job_cancel"), follow=True)
    assert "Rapporten är redan klar; inget avbröts." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Status.DONE and bytes(job.pdf) == b"%PDF"


@pytest.mark.parametrize("role", [Role.BOARD, Role.ORG_ADMIN])
def test_readers_see_a_running_report_but_may_not_cancel_it(
    client, client_for, make_user, own_org, role
):
    job = ask(client)
    reader = client_for(make_user(role, own_org))
    cancel = url(job, "reports:annual_job_cancel")
    page = reader.get(url(job)).content.decode()
    assert 'id="report-progress"' in page and cancel not in page
    assert reader.get(cancel).status_code == 403
    assert reader.post(cancel).status_code == 403
    job.refresh_from_db()
    assert job.status == Status.QUEUED


@pytest.mark.parametrize("role", [Role.BROKER, Role.VIEWER])
def test_those_who_may_not_see_a_report_may_not_cancel_it(
    client, client_for, make_user, own_org, role
):
    job = ask(client)
    other = client_for(make_user(role, own_org))
    assert other.post(url(job, "reports:annual_job_cancel")).status_code == 403
    job.refresh_from_db()
    assert job.status == Status.QUEUED
