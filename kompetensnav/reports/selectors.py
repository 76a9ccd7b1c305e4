"""Reads of the annual report jobs. The reports hold only network-wide aggregates, so every
reader sees every job (see rules.py); the files themselves are not loaded for lists.

Before a job is read, a job whose worker was lost (its lease ran out) is retried or marked
failed (common.jobs.recover): a page never shows a dead job as running. That is a write, but
one that any reader may trigger, like the lazy expiry of a session."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kompetensnav.common import jobs
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require

from .models import ReportJob


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
