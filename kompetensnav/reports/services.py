"""Writes of the annual report: request one (the worker renders it), render it, cancel it,
delete it.

A status change is a conditional UPDATE (`WHERE status = <expected>`), so two workers never
render the same job. The job's lease (common.jobs) is renewed with each step, and the files are
stored only in the last write, if the job is still this attempt's: a job cancelled meanwhile, or
handed to a new attempt after its worker was thought lost, stores nothing. Progress is written
with plain UPDATEs outside any transaction, so the progress page sees each step as soon as it
is reached."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_person
from kompetensnav.common import jobs
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require
from kompetensnav.network.models import Organisation
from kompetensnav.projects.models import Project

from . import exporters
from .annual import annual_report
from .models import ReportJob

logger = logging.getLogger(__name__)

# Older finished reports beyond this many are deleted when a new one is requested.
KEEP_JOBS = 20
FIRST_YEAR = 2000
Status = ReportJob.Status
Step = ReportJob.Step
UNFINISHED = (Status.QUEUED, Status.RUNNING)


class ReportJobStateError(Exception):
    """The job is not in a state that allows this step (already finished...)."""


def report_job_create(
    *,
    actor: Actor,
    year: int,
    language: str,
    project: Project | None = None,
    organisation: Organisation | None = None,
) -> ReportJob:
    """Queue the annual report of `year`; the worker renders it after the commit. If the same
    report is already waiting or being made, that job is returned instead of a second one."""
    require(actor, "reports.create_annual_report")
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            _("Choose a year between %(first)s and this year.") % {"first": FIRST_YEAR}
        )
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose Swedish or English."))
    # a job whose worker was lost is retried or failed first, never handed out as running
    jobs.recover(ReportJob)
    same = ReportJob.objects.filter(
        year=year,
        language=language,
        project=project,
        organisation=organisation,
        status__in=UNFINISHED,
    ).first()
    if same is not None:
        return same  # a double submit, or the same report asked for twice: one job
    with transaction.atomic():
        job = ReportJob.objects.create(
            year=year,
            language=language,
            project=project,
            organisation=organisation,
            project_name=str(project or "")[:200],
            organisation_name=str(organisation or "")[:200],
            requested_by=acting_person(actor),
            **jobs.waiting_fields(ReportJob),
        )
        jobs.enqueue(job)
    report_job_purge(keep=KEEP_JOBS)
    return job


def _record(lease: jobs.Lease, step: str, percent: int) -> None:
    """Progress, and the heartbeat: raises JobLost when the job was cancelled meanwhile."""
    percent = max(0, min(99, percent))  # 100 only when the files are stored
    lease.beat(step=step, progress=percent)


def report_job_run(*, job: ReportJob) -> ReportJob:
    """Render a queued job: figures, monthly series, charts, PDF, XLSX, in the job's language.
    Any failure ends the job as failed with a message; the worker keeps running. A job
    cancelled (or taken over by a retry) while it renders stops at its next step and stores
    nothing."""
    if not jobs.take(job, from_=(Status.QUEUED,), to=Status.RUNNING, step=Step.FIGURES, progress=1):
        return _reload(job)  # taken by another worker, cancelled, or already finished
    lease = jobs.Lease(job)
    if (job.project_name and job.project_id is None) or (
        job.organisation_name and job.organisation_id is None
    ):
        # the filter was deleted after the request: without it the report would count more
        lease.finish(
            Status.FAILED,
            lease_until=None,
            finished_at=timezone.now(),
            message=ReportJob.FILTER_DELETED,
        )
        return _reload(job)
    try:
        with translation.override(job.language):
            report = annual_report(
                job.year,
                project=job.project,
                organisation=job.organisation,
                progress=lambda step, percent: _record(lease, step, percent),
            )
            _record(lease, Step.PDF, 70)
            pdf = exporters.annual_pdf(report)
            _record(lease, Step.XLSX, 90)
            xlsx = exporters.annual_xlsx(report)
    except jobs.JobLost:
        logger.info("annual report job %s was cancelled or taken over; stopped", job.pk)
        return _reload(job)
    except Exception:
        logger.exception("annual report job %s failed", job.pk)
        lease.finish(Status.FAILED, lease_until=None, finished_at=timezone.now())
        return _reload(job)
    # both files in one UPDATE, and only if this attempt still holds the job
    lease.finish(
        Status.DONE,
        lease_until=None,
        step=Step.FINISHED,
        progress=100,
        pdf=pdf,
        xlsx=xlsx,
        finished_at=timezone.now(),
    )
    return _reload(job)


def report_job_cancel(*, actor: Actor, job: ReportJob) -> ReportJob:
    """Stop a report that is waiting or being made; the worker stops at its next step."""
    require(actor, "reports.delete_annual_report")
    try:
        stopped = jobs.stop(job, from_=UNFINISHED, to=Status.CANCELLED, finished_at=timezone.now())
    except jobs.JobBusy as exc:
        raise ReportJobStateError(
            _("The database is busy with another task. Try again in a moment.")
        ) from exc
    if not stopped:
        raise ReportJobStateError(_("This report has already finished; nothing was cancelled."))
    return job


def _reload(job: ReportJob) -> ReportJob:
    """The job as stored now; the object itself if it was deleted meanwhile."""
    return ReportJob.objects.filter(pk=job.pk).first() or job


def report_job_delete(*, actor: Actor, job: ReportJob) -> None:
    require(actor, "reports.delete_annual_report")
    job.delete()


def report_job_purge(*, keep: int = KEEP_JOBS) -> int:
    """Delete reports older than the newest `keep`; queued and running ones stay (a job whose
    worker was lost has been retried or failed by jobs.recover before this)."""
    newest = ReportJob.objects.values_list("pk", flat=True)[:keep]
    old = ReportJob.objects.exclude(pk__in=list(newest)).exclude(status__in=UNFINISHED)
    deleted, _by_model = old.delete()
    return deleted
