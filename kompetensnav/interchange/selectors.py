"""Reads of the web import. Coordinators work for the whole network and see every job.

Before a job is read, one whose worker was lost (its lease ran out) is retried or marked
failed (common.jobs.recover), so a page never shows a dead job as running."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kompetensnav.common import jobs
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require

from .models import ImportJob


def import_job_list(*, actor: Actor) -> QuerySet[ImportJob]:
    require(actor, "interchange.use_web_import")
    jobs.recover(ImportJob)
    return ImportJob.objects.select_related("uploaded_by").defer("content")


def import_job_get(*, actor: Actor, pk: int) -> ImportJob:
    require(actor, "interchange.use_web_import")
    jobs.recover(ImportJob, pk=pk)
    # the file is loaded only where it is read (the preview): not for every progress poll
    return get_object_or_404(
        ImportJob.objects.select_related("uploaded_by").defer("content"), pk=pk
    )
