"""Reads of the annual report jobs. The reports hold only network-wide aggregates, so every
reader sees every job (see rules.py); the files themselves are not loaded for lists."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ReportJob


def _require(actor) -> None:
    if not actor.has_perm("reports.view_annual_report"):
        raise PermissionDenied


def report_job_list(*, actor) -> QuerySet[ReportJob]:
    _require(actor)
    return ReportJob.objects.defer("pdf", "xlsx").select_related("requested_by")


def report_job_get(*, actor, pk: int, with_files: bool = False) -> ReportJob:
    _require(actor)
    jobs = ReportJob.objects.select_related("requested_by")
    if not with_files:
        jobs = jobs.defer("pdf", "xlsx")
    return get_object_or_404(jobs, pk=pk)
