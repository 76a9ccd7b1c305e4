"""Reads of the web import. Coordinators work for the whole network and see every job."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ImportJob


def import_job_list(*, actor) -> QuerySet[ImportJob]:
    if not actor.has_perm("interchange.use_web_import"):
        raise PermissionDenied
    return ImportJob.objects.select_related("uploaded_by").defer("content")


def import_job_get(*, actor, pk: int) -> ImportJob:
    if not actor.has_perm("interchange.use_web_import"):
        raise PermissionDenied
    return get_object_or_404(ImportJob.objects.select_related("uploaded_by"), pk=pk)
