"""The lease that background jobs share (common.jobs): one mechanism for the import and the
annual report, a take that only one attempt wins, and the daily recovery."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kompetensnav.common import jobs
from kompetensnav.interchange.models import ImportJob
from kompetensnav.reports.models import CompetenceVersion, ReportJob

pytestmark = pytest.mark.django_db


def test_the_job_models_share_one_lease():
    assert set(jobs.leased_job_models()) == {ImportJob, ReportJob, CompetenceVersion}
    for model in (ImportJob, ReportJob, CompetenceVersion):
        fields = {f.name: f for f in model._meta.get_fields()}
        assert fields["lease_until"].model is model and fields["attempts"].default == 0
        assert issubclass(model, jobs.LeasedJob)
        # every status a worker works in goes back to one that has a task
        assert set(model.WORKING.values()) <= set(model.TASKS)


def test_only_one_attempt_takes_a_job():
    job = ReportJob.objects.create(year=2025, language="sv")
    first, second = ReportJob.objects.get(pk=job.pk), ReportJob.objects.get(pk=job.pk)
    assert jobs.take(first, from_=("queued",), to="running")
    assert not jobs.take(second, from_=("queued",), to="running")
    assert first.attempts == 1 and first.lease_until > timezone.now() + timedelta(minutes=1)


def test_a_beat_renews_the_lease_and_notices_a_lost_job():
    job = ReportJob.objects.create(year=2025, language="sv")
    assert jobs.take(job, from_=("queued",), to="running")
    ReportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now())
    lease = jobs.Lease(job)
    lease.beat(progress=10)
    job.refresh_from_db()
    assert job.progress == 10 and job.lease_until > timezone.now() + timedelta(minutes=1)
    assert jobs.stop(ReportJob.objects.get(pk=job.pk), from_=("running",), to="cancelled")
    with pytest.raises(jobs.JobLost):
        lease.beat(progress=20)
    assert not lease.finish("done", progress=100)
    job.refresh_from_db()
    assert (job.status, job.progress) == ("cancelled", 10)


def test_recover_jobs_runs_in_the_daily_command():
    lost = ReportJob.objects.create(
        year=2025, language="sv", status="running", attempts=3, lease_until=timezone.now()
    )
    out = StringIO()
    call_command("daily", stdout=out)
    assert "== recover_jobs" in out.getvalue()
    assert "reports.ReportJob: 1 job(s) whose worker was lost retried or failed" in out.getvalue()
    assert "interchange.ImportJob: 0 job(s)" in out.getvalue()
    lost.refresh_from_db()
    assert lost.status == "failed" and lost.message == jobs.WORKER_LOST
