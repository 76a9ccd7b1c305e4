"""The web import for coordinators: upload → check (in the worker) → preview → confirm →
result. Every step until the result can be cancelled."""

from collections import defaultdict
from itertools import islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from . import selectors, services
from .forms import ColumnsForm, UploadForm
from .importer import HEADER
from .models import BACKGROUND_THRESHOLD_ROWS, ImportJob
from .registry import KINDS
from .tables import TableError

PREVIEW_ROWS_PER_PAGE = 100
RESULT_IDS_SHOWN = 200


def _kinds_help() -> list[dict]:
    return [
        {
            "name": name,
            "columns": [{"name": c.name, "required": c.required} for c in KINDS[name].columns],
        }
        for name in sorted(KINDS)
    ]


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, "interchange.use_web_import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            filename=form.cleaned_data["file"].name,
            content=form.content,
            source=form.cleaned_data["source"],
        )
        return redirect("interchange:job", pk=job.pk)
    return render(
        request,
        "interchange/upload.html",
        {
            "form": form,
            "kinds": _kinds_help(),
            "threshold": BACKGROUND_THRESHOLD_ROWS,
            "recent": selectors.import_job_list(actor=request.user)[:5],
            "sources": services.import_sources(actor=request.user),
        },
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "interchange.use_web_import")
    qs = selectors.import_job_list(actor=request.user)
    return render(request, "interchange/job_list.html", paginate(request, qs))


def _preview_context(
    request: HttpRequest, job: ImportJob, columns_form: ColumnsForm | None = None
) -> dict:
    """The rows of the stored file, a page at a time, each cell with its error if it has one.
    Only the rows up to the page's last are read, one at a time: a large file is never held."""
    errors = job.errors
    header_errors = [e for e in errors if e["row"] == HEADER]
    by_cell: dict[tuple[int, str], str] = {}
    by_row: dict[int, list[dict]] = defaultdict(list)
    for error in errors:
        if error["row"] != HEADER:
            by_cell[(error["row"], error["column"])] = error["message"]
            by_row[error["row"]].append(error)
    context: dict = {"header_errors": header_errors, "row_errors": []}
    page = Paginator(range(1, job.rows + 1), PREVIEW_ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    try:
        table = services.job_table(job) if job.content else None
        shown = (
            list(islice(table, page.start_index() - 1, page.end_index()))
            if table is not None
            else None
        )
    except TableError:
        table = shown = None
    if table is None or shown is None:
        context["row_errors"] = [e for e in errors if e["row"] != HEADER]
        return context
    header = table.header
    context["reading"] = {
        "workbook": job.file_format == "xlsx",
        "encoding": table.encoding_label,
        "delimiter": table.delimiter_label,
        "renamed": sorted(table.reading.renamed.items()),
        "left_out": table.reading.left_out,
    }
    context["columns_form"] = columns_form or ColumnsForm(
        kind=KINDS[job.kind], header=table.original_header, reading=table.reading
    )
    rows = []
    for number, values in enumerate(shown, start=page.start_index()):
        rows.append(
            {
                "number": number,
                "invalid": number in by_row,
                "cells": [
                    {"column": c, "value": values.get(c, ""), "error": by_cell.get((number, c))}
                    for c in header
                ],
                # errors on columns the file does not have (e.g. a default that is invalid)
                "other_errors": [e for e in by_row.get(number, []) if e["column"] not in header],
            }
        )
    context["row_errors"] = [
        {**e, "page": (e["row"] - 1) // PREVIEW_ROWS_PER_PAGE + 1}
        for e in errors
        if e["row"] != HEADER
    ]
    context.update(header=header, rows=rows, page_obj=page, query_without_page="")
    return context


def _result_context(job: ImportJob) -> dict:
    kind = KINDS.get(job.kind)
    url_name = kind.list_url_name if kind is not None else None
    try:
        records_url = reverse(url_name) if url_name else None
    except NoReverseMatch:
        records_url = None
    return {
        "created_shown": job.created_ids[:RESULT_IDS_SHOWN],
        "updated_shown": job.updated_ids[:RESULT_IDS_SHOWN],
        "created_more": max(0, job.created_count - RESULT_IDS_SHOWN),
        "updated_more": max(0, job.updated_count - RESULT_IDS_SHOWN),
        "records_url": records_url,
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "interchange.use_web_import")
    job = selectors.import_job_get(actor=request.user, pk=pk)
    if request.htmx and request.GET.get("part") == "progress":
        if not job.is_in_progress:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("interchange:job", args=[job.pk])
            return response
        return render(request, "interchange/partials/progress.html", {"job": job})
    context: dict = {"job": job, "threshold": BACKGROUND_THRESHOLD_ROWS, "refresh_seconds": 3}
    if job.is_preview:
        context.update(_preview_context(request, job))
    elif job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        context.update(_result_context(job))
        context["row_errors"] = [e for e in job.errors if e["row"] != HEADER]
        context["header_errors"] = [e for e in job.errors if e["row"] == HEADER]
    return render(request, "interchange/job_detail.html", context)


@login_required
@require_POST
def job_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns chosen by hand in the preview: the file is checked again with them."""
    require(request.user, "interchange.use_web_import")
    job = selectors.import_job_get(actor=request.user, pk=pk)
    try:
        table = services.job_table(job) if job.is_preview and job.content else None
    except TableError:
        table = None  # a file that cannot be read has no columns to choose
    if table is None:
        messages.warning(request, _("The columns of this import can no longer be changed."))
        return redirect("interchange:job", pk=job.pk)
    form = ColumnsForm(
        request.POST, kind=KINDS[job.kind], header=table.original_header, reading=table.reading
    )
    if form.is_valid():
        try:
            services.import_job_choose_columns(actor=request.user, job=job, columns=form.columns())
        except services.ImportJobStateError as exc:
            messages.warning(request, str(exc))
            return redirect("interchange:job", pk=job.pk)
        except ValidationError as exc:
            _columns_errors(form, exc)
        else:
            messages.success(request, _("The columns were saved; the file is being checked again."))
            return redirect("interchange:job", pk=job.pk)
    context: dict = {"job": job, "threshold": BACKGROUND_THRESHOLD_ROWS, "refresh_seconds": 3}
    context.update(_preview_context(request, job, form))
    return render(request, "interchange/job_detail.html", context, status=400)


def _columns_errors(form: ColumnsForm, exc: ValidationError) -> None:
    """The service's errors by header cell, on the fields of those cells."""
    positions = {cell: position for position, cell in enumerate(form.header)}
    for cell, messages_ in exc.message_dict.items():
        field = f"column_{positions[cell]}" if cell in positions else None
        for message in messages_:
            form.add_error(field, message)


@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "interchange.use_web_import")
    job = selectors.import_job_get(actor=request.user, pk=pk)
    try:
        job = services.import_job_confirm(actor=request.user, job=job)
    except services.ImportJobStateError as exc:
        messages.warning(request, str(exc))
        return redirect("interchange:job", pk=job.pk)
    if job.status == ImportJob.Status.DONE:
        messages.success(
            request,
            _("Imported: %(created)s created, %(updated)s updated.")
            % {"created": job.created_count, "updated": job.updated_count},
        )
    elif job.status == ImportJob.Status.QUEUED:
        messages.info(request, _("The import runs in the background. You can leave this page."))
    else:
        messages.error(request, _("The import failed; nothing was written."))
    return redirect("interchange:job", pk=job.pk)


@login_required
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """POST cancels (a preview is discarded at once, from its own buttons); GET asks first,
    for a job the worker is checking or importing."""
    require(request.user, "interchange.use_web_import")
    job = selectors.import_job_get(actor=request.user, pk=pk)
    if request.method != "POST":
        if job.status not in services.CANCELLABLE:
            messages.info(request, _("This import has already finished."))
            return redirect("interchange:job", pk=job.pk)
        return render(request, "interchange/job_cancel.html", {"job": job})
    was_in_progress = job.is_in_progress
    try:
        services.import_job_cancel(actor=request.user, job=job)
    except services.ImportJobStateError as exc:
        messages.warning(request, str(exc))
        return redirect("interchange:job", pk=job.pk)
    if was_in_progress:
        messages.success(
            request, _("The import was cancelled: nothing was written, and its file was deleted.")
        )
        return redirect("interchange:job", pk=job.pk)
    messages.success(request, _("The upload was discarded and its file deleted."))
    return redirect("interchange:upload")
