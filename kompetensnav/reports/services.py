"""Writes of the annual report: request one (the worker renders it), render it, delete it.

A status change is a conditional UPDATE (`WHERE status = <expected>`), so two workers never
render the same job. Progress is written with plain UPDATEs outside any transaction, so the
progress page sees each step as soon as it is reached."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import STALE_AFTER, ReportJob

logger = logging.getLogger(__name__)

# Older finished reports beyond this many are deleted when a new one is requested.
KEEP_JOBS = 20
FIRST_YEAR = 2000
Status = ReportJob.Status
Step = ReportJob.Step


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


def report_job_create(
    *, actor, year: int, language: str, project=None, organisation=None
) -> ReportJob:
    """Queue the annual report of `year`; the worker renders it after the commit. If the same
    report is already waiting or being made, that job is returned instead of a second one."""
    _require(actor, "reports.create_annual_report")
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            _("Choose a year between %(first)s and this year.") % {"first": FIRST_YEAR}
        )
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose Swedish or English."))
    from .tasks import run_report_job

    same = ReportJob.objects.filter(
        year=year,
        language=language,
        project=project,
        organisation=organisation,
        status__in=(Status.QUEUED, Status.RUNNING),
        created_at__gte=timezone.now() - STALE_AFTER,
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
            requested_by=actor,
        )
        transaction.on_commit(lambda: run_report_job.enqueue(job_id=job.pk))
    report_job_purge(keep=KEEP_JOBS)
    return job


def _record(job: ReportJob, step: str, percent: int) -> None:
    percent = max(0, min(99, percent))  # 100 only when the files are stored
    ReportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(step=step, progress=percent)
    job.step, job.progress = step, percent


def report_job_run(*, job: ReportJob) -> ReportJob:
    """Render a queued job: figures, monthly series, charts, PDF, XLSX, in the job's language.
    Any failure ends the job as failed with a message; the worker keeps running."""
    from . import exporters
    from .annual import annual_report

    started = ReportJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
        status=Status.RUNNING, step=Step.FIGURES, progress=1
    )
    if not started:
        return _reload(job)  # taken by another worker, or already finished
    job.status = Status.RUNNING
    if (job.project_name and job.project_id is None) or (
        job.organisation_name and job.organisation_id is None
    ):
        # the filter was deleted after the request: without it the report would count more
        ReportJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED,
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
                progress=lambda step, percent: _record(job, step, percent),
            )
            _record(job, Step.PDF, 70)
            pdf = exporters.annual_pdf(report)
            _record(job, Step.XLSX, 90)
            xlsx = exporters.annual_xlsx(report)
    except Exception:
        logger.exception("annual report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(status=Status.FAILED, finished_at=timezone.now())
        job.refresh_from_db()
        return job
    ReportJob.objects.filter(pk=job.pk).update(
        status=Status.DONE,
        step=Step.FINISHED,
        progress=100,
        pdf=pdf,
        xlsx=xlsx,
        finished_at=timezone.now(),
    )
    return _reload(job)


def _reload(job: ReportJob) -> ReportJob:
    """The job as stored now; the object itself if it was deleted meanwhile."""
    return ReportJob.objects.filter(pk=job.pk).first() or job


def report_job_delete(*, actor, job: ReportJob) -> None:
    _require(actor, "reports.delete_annual_report")
    job.delete()


def report_job_purge(*, keep: int = KEEP_JOBS) -> int:
    """Delete reports older than the newest `keep`; queued and running ones stay unless they
    are stale (their worker is gone)."""
    newest = ReportJob.objects.values_list("pk", flat=True)[:keep]
    unfinished = Q(status__in=(Status.QUEUED, Status.RUNNING))
    lost = unfinished & Q(created_at__lt=timezone.now() - STALE_AFTER)
    old = ReportJob.objects.exclude(pk__in=list(newest)).filter(~unfinished | lost)
    deleted, _by_model = old.delete()
    return deleted
