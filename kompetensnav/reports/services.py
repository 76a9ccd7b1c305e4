"""Writes of the annual report: request one (the worker renders it), render it, cancel it,
delete it.

A status change is a conditional UPDATE (`WHERE status = <expected>`), so two workers never
render the same job. The job's lease (common.jobs) is renewed with each step, and the files are
stored only in the last write, if the job is still this attempt's: a job cancelled meanwhile, or
handed to a new attempt after its worker was thought lost, stores nothing. Progress is written
with plain UPDATEs outside any transaction, so the progress page sees each step as soon as it
is reached."""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_person
from kompetensnav.common import jobs
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require
from kompetensnav.figures.registry import EARLIEST, LATEST
from kompetensnav.network.models import Organisation
from kompetensnav.projects.models import Project

from . import exporters
from .annual import annual_report
from .competence import Region, competence_analysis, snapshot
from .models import CompetenceReport, CompetenceVersion, ReportJob

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


class _Refused(Exception):
    """The job cannot be made as asked: it ends as failed with `message` (a key of MESSAGES)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _render[J: (ReportJob, CompetenceVersion)](
    job: J, *, first_step: str, work: Callable[[jobs.Lease], dict[str, Any]]
) -> J:
    """Take a queued job, run `work(lease)`, and store what it returns with the job done, in
    one UPDATE and only if this attempt still holds the job. Any failure ends the job as
    failed (with the message of a _Refused); the worker keeps running. A job cancelled (or
    taken over by a retry) while it renders stops at its next step and stores nothing."""
    model = type(job)
    if not jobs.take(job, from_=(model.Status.QUEUED,), to=model.Status.RUNNING,
                     step=first_step, progress=1):  # fmt: skip
        return _reload(job)  # taken by another worker, cancelled, or already finished
    lease = jobs.Lease(job)
    try:
        fields = work(lease)
    except _Refused as exc:
        fields = {"message": exc.message}
        lease.finish(model.Status.FAILED, lease_until=None, finished_at=timezone.now(), **fields)
        return _reload(job)
    except jobs.JobLost:
        logger.info("%s %s was cancelled or taken over; stopped", model.__name__, job.pk)
        return _reload(job)
    except Exception:
        logger.exception("%s %s failed", model.__name__, job.pk)
        lease.finish(model.Status.FAILED, lease_until=None, finished_at=timezone.now())
        return _reload(job)
    lease.finish(
        model.Status.DONE,
        lease_until=None,
        step=model.Step.FINISHED,
        progress=100,
        finished_at=timezone.now(),
        **fields,
    )
    return _reload(job)


def report_job_run(*, job: ReportJob) -> ReportJob:
    """Render a queued job: figures, monthly series, charts, PDF, XLSX, in the job's language."""

    def work(lease: jobs.Lease) -> dict[str, Any]:
        if (job.project_name and job.project_id is None) or (
            job.organisation_name and job.organisation_id is None
        ):
            # the filter was deleted after the request: without it the report would count more
            raise _Refused(ReportJob.FILTER_DELETED)
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
        return {"pdf": pdf, "xlsx": xlsx}

    return _render(job, first_step=Step.FIGURES, work=work)


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


def _reload[J: (ReportJob, CompetenceVersion)](job: J) -> J:
    """The job as stored now; the object itself if it was deleted meanwhile."""
    return type(job).objects.filter(pk=job.pk).first() or job


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


# --- the competence analysis -----------------------------------------------------------------

# Finished previews of an analysis beyond this many are deleted when a new one is requested;
# published versions are kept for good.
KEEP_PREVIEWS = 3
TEXT_MAX = 20_000
Kind = CompetenceVersion.Kind


def competence_report_create(
    *, actor: Actor, date_from: date, date_to: date, region: Region, language: str
) -> CompetenceReport:
    """A new competence analysis of the period and region, without texts yet."""
    require(actor, "reports.create_competence_analysis")
    errors = {}
    if not EARLIEST <= date_from <= LATEST:
        errors["date_from"] = _("Choose a date from %(first)s to %(last)s.")
    if not EARLIEST <= date_to <= LATEST:
        errors["date_to"] = _("Choose a date from %(first)s to %(last)s.")
    elif date_to < date_from:
        errors["date_to"] = _("The end date must not be before the start date.")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose Swedish or English.")
    if errors:
        dates = {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
        raise ValidationError({k: str(v) % dates if "%(" in str(v) else v
                               for k, v in errors.items()})  # fmt: skip
    return CompetenceReport.objects.create(
        date_from=date_from,
        date_to=date_to,
        region_kind=region.kind,
        region_key=region.key,
        region_name=str(region.name)[:100],
        language=language,
        created_by=acting_person(actor),
    )


def competence_report_update(
    *, actor: Actor, report: CompetenceReport, introduction: str, conclusions: str
) -> CompetenceReport:
    """The coordinator's texts; what was published before keeps the texts it had."""
    require(actor, "reports.create_competence_analysis")
    for name, text in (("introduction", introduction), ("conclusions", conclusions)):
        if len(text) > TEXT_MAX:
            raise ValidationError({name: _("Keep the text under %(max)s characters.")
                                   % {"max": f"{TEXT_MAX:,}".replace(",", "\u00a0")}})  # fmt: skip
    report.introduction, report.conclusions = introduction.strip(), conclusions.strip()
    report.save(update_fields=["introduction", "conclusions", "updated_at"])
    return report


def competence_report_delete(*, actor: Actor, report: CompetenceReport) -> None:
    """Delete a draft with its previews; a published analysis is kept for good."""
    require(actor, "reports.delete_competence_analysis")
    if report.versions.filter(kind=Kind.PUBLISHED, status=Status.DONE).exists():
        raise ValidationError(
            _("This competence analysis has been published, and published versions are kept "
              "so that later analyses can be compared with them. It cannot be deleted.")
        )  # fmt: skip
    report.delete()


def competence_version_create(
    *, actor: Actor, report: CompetenceReport, publish: bool
) -> CompetenceVersion:
    """Queue a preview, or the publication, of the analysis with its texts as they are now;
    the worker renders it after the commit. The same request twice (a double submit) is one
    job."""
    require(
        actor,
        "reports.publish_competence_analysis" if publish else "reports.create_competence_analysis",
    )
    kind = Kind.PUBLISHED if publish else Kind.PREVIEW
    jobs.recover(CompetenceVersion)
    same = report.versions.filter(
        kind=kind,
        status__in=UNFINISHED,
        introduction=report.introduction,
        conclusions=report.conclusions,
    ).first()
    if same is not None:
        return same
    with transaction.atomic():
        version = CompetenceVersion.objects.create(
            report=report,
            kind=kind,
            introduction=report.introduction,
            conclusions=report.conclusions,
            requested_by=acting_person(actor),
            **jobs.waiting_fields(CompetenceVersion),
        )
        jobs.enqueue(version)
    if not publish:
        old = report.versions.filter(kind=Kind.PREVIEW).exclude(status__in=UNFINISHED)
        keep = list(old.values_list("pk", flat=True)[:KEEP_PREVIEWS])
        old.exclude(pk__in=keep).delete()
    return version


def competence_version_run(*, version: CompetenceVersion) -> CompetenceVersion:
    """Render a queued version: the analysis' parts, charts, PDF and XLSX in the report's
    language, and the key figures kept for comparisons."""
    steps = CompetenceVersion.Step

    def work(lease: jobs.Lease) -> dict[str, Any]:
        report = version.report
        region = Region(report.region_kind, report.region_key, report.region_name)
        with translation.override(report.language):
            analysis = competence_analysis(
                date_from=report.date_from,
                date_to=report.date_to,
                region=region,
                language=report.language,
                introduction=version.introduction,
                conclusions=version.conclusions,
                progress=lambda step, percent: _record(lease, step, percent),
            )
            _record(lease, steps.PDF, 60)
            pdf = exporters.competence_pdf(analysis)
            _record(lease, steps.XLSX, 85)
            xlsx = exporters.competence_xlsx(analysis)
        return {"pdf": pdf, "xlsx": xlsx, "figures": snapshot(analysis)}

    return _render(version, first_step=steps.FIGURES, work=work)


def competence_version_cancel(*, actor: Actor, version: CompetenceVersion) -> CompetenceVersion:
    """Stop a version that is waiting or being made; nothing of it is kept."""
    require(actor, "reports.create_competence_analysis")
    try:
        stopped = jobs.stop(
            version, from_=UNFINISHED, to=Status.CANCELLED, finished_at=timezone.now()
        )
    except jobs.JobBusy as exc:
        raise ReportJobStateError(
            _("The database is busy with another task. Try again in a moment.")
        ) from exc
    if not stopped:
        raise ReportJobStateError(_("This version has already finished; nothing was cancelled."))
    return version
