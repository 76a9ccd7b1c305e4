"""Reads of the annual report jobs. The reports hold only network-wide aggregates, so every
reader sees every job (see rules.py); the files themselves are not loaded for lists.

Before a job is read, a job whose worker was lost (its lease ran out) is retried or marked
failed (common.jobs.recover): a page never shows a dead job as running. That is a write, but
one that any reader may trigger, like the lazy expiry of a session."""

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from kompetensnav.common import jobs
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require

from .models import CompetenceReport, CompetenceVersion, ReportJob


def report_job_list(*, actor: Actor) -> QuerySet[ReportJob]:
    require(actor, "reports.view_annual_report")
    jobs.recover(ReportJob)
    return ReportJob.objects.defer("pdf", "xlsx").select_related("requested_by")


def report_job_get(*, actor: Actor, pk: int, with_files: bool = False) -> ReportJob:
    require(actor, "reports.view_annual_report")
    jobs.recover(ReportJob, pk=pk)
    reports = ReportJob.objects.select_related("requested_by")
    if not with_files:
        reports = reports.defer("pdf", "xlsx")
    return get_object_or_404(reports, pk=pk)


# --- the competence analysis -----------------------------------------------------------------

FILES = ("pdf", "xlsx")
PUBLISHED = {"versions__kind": CompetenceVersion.Kind.PUBLISHED,
             "versions__status": CompetenceVersion.Status.DONE}  # fmt: skip


def competence_report_list(*, actor: Actor) -> QuerySet[CompetenceReport]:
    """Every competence analysis with how many versions are published and when the last was."""
    require(actor, "reports.view_competence_analysis")
    return (
        CompetenceReport.objects.select_related("created_by")
        .annotate(
            published=Count("versions", filter=Q(**PUBLISHED)),
            last_published=Max("versions__finished_at", filter=Q(**PUBLISHED)),
        )
        .order_by("-date_to", "-pk")
    )


def competence_report_get(*, actor: Actor, pk: int) -> CompetenceReport:
    require(actor, "reports.view_competence_analysis")
    return get_object_or_404(CompetenceReport.objects.select_related("created_by"), pk=pk)


def competence_versions(*, actor: Actor, report: CompetenceReport) -> list[CompetenceVersion]:
    """The report's versions, newest first; published ones carry their `number` (1 for the
    first published)."""
    require(actor, "reports.view_competence_analysis")
    jobs.recover(CompetenceVersion)
    versions = list(report.versions.defer(*FILES).select_related("requested_by"))
    published = [v for v in versions if v.is_published]
    for number, version in enumerate(reversed(published), start=1):
        version.number = number
    return versions


def competence_previewed(*, actor: Actor, report: CompetenceReport) -> bool:
    """Whether a finished preview shows the analysis with its texts as they are now."""
    require(actor, "reports.view_competence_analysis")
    return report.versions.filter(
        kind=CompetenceVersion.Kind.PREVIEW,
        status=CompetenceVersion.Status.DONE,
        introduction=report.introduction,
        conclusions=report.conclusions,
    ).exists()


def competence_version_get(*, actor: Actor, pk: int, with_files: bool = False) -> CompetenceVersion:
    require(actor, "reports.view_competence_analysis")
    jobs.recover(CompetenceVersion, pk=pk)
    versions = CompetenceVersion.objects.select_related("report", "requested_by")
    if not with_files:
        versions = versions.defer(*FILES)
    version = get_object_or_404(versions, pk=pk)
    if version.is_published and version.finished_at is not None:
        version.number = version.report.versions.filter(
            kind=version.kind, status=version.status, finished_at__lte=version.finished_at
        ).count()
    return version


def published_versions(
    *, actor: Actor, region_kind: str, region_key: str, exclude: int | None = None
) -> QuerySet[CompetenceVersion]:
    """The published versions of analyses of the same region, the latest period first: what
    a version can be compared with."""
    require(actor, "reports.view_competence_analysis")
    return (
        CompetenceVersion.objects.defer(*FILES)
        .select_related("report")
        .filter(
            kind=CompetenceVersion.Kind.PUBLISHED,
            status=CompetenceVersion.Status.DONE,
            report__region_kind=region_kind,
            report__region_key=region_key,
        )
        .exclude(pk=exclude)
        .order_by("-report__date_to", "-finished_at", "-pk")
    )
