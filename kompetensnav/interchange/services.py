"""Writes of the web import: upload, check (in the worker), confirm, run, cancel, purge.

Every status change is a conditional UPDATE (`WHERE status = <expected>`), so two requests
or a request and a worker can never both move a job on: a double-submitted confirmation
imports once. While the worker checks or imports, the job holds a lease (common.jobs) that
each few hundred rows renew; the import's last write (DONE, with its result) is made inside
the import's own transaction and only if the job is still this attempt's, so a job cancelled
or handed to a retry meanwhile writes nothing at all.
"""

import logging
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BinaryField, F, Func, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_affiliation, acting_person
from kompetensnav.accounts.models import Affiliation
from kompetensnav.common import jobs
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require

from .headers import MappedTable, header_key, mapped
from .importer import ImportResult, run_import
from .models import BACKGROUND_THRESHOLD_ROWS, CONTENT_KEPT_FOR, ColumnMapping, ImportJob
from .registry import KINDS
from .tables import CsvTable, TableError, open_table

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 1000
MAX_STORED_IDS = 1000  # of the records an import created or updated, listed on its page
CONTENT_PIECE = 1024 * 1024
APPEND = {"template": "%(expressions)s", "arg_joiner": " || ", "output_field": BinaryField()}
Status = ImportJob.Status
FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)
CANCELLABLE = (
    Status.UPLOADED,
    Status.CHECKING,
    Status.VALID,
    Status.INVALID,
    Status.QUEUED,
    Status.RUNNING,
)


class ImportJobStateError(Exception):
    """The job is not in a state that allows this step (already confirmed, cancelled...)."""


def _transition(job: ImportJob, *, from_: tuple[str, ...], to: str, **fields: Any) -> bool:
    updated = ImportJob.objects.filter(pk=job.pk, status__in=from_).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if updated:
        job.status = to
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(updated)


def _result_dict(result: ImportResult) -> dict[str, Any]:
    data = result.as_dict()
    data["error_count"] = len(data["errors"])
    data["errors"] = data["errors"][:MAX_STORED_ERRORS]
    data["notice_count"] = len(data["notices"])
    data["notices"] = data["notices"][:MAX_STORED_ERRORS]
    # the counts, and the first ids only: a job's row stays small for a file of millions
    for key in ("created", "updated"):
        data[f"{key}_count"] = len(data[key])
        data[key] = data[key][:MAX_STORED_IDS]
    return data


def job_table(job: ImportJob) -> MappedTable:
    """The stored file, to be read row by row (the user's file name is never used for anything
    but display), its header read as the kind's columns (headers.py). After the check a
    workbook is stored as the comma-separated text of its cells."""
    content = bytes(job.content)
    if job.content_format == "csv":
        table = CsvTable(content, delimiter="," if job.file_format == "xlsx" else None)
    else:
        table = open_table(content, f"upload.{job.file_format}")
    return mapped(KINDS[job.kind], table, job.columns)


def job_actor(job: ImportJob) -> Actor:
    """Whom the worker acts for: the user of the job's affiliation, with that affiliation if
    it is still active, else with none (so every permission check fails); never None, which
    the services read as the command line's full rights."""
    affiliation = (
        Affiliation.objects.select_related("user", "organisation")
        .filter(pk=job.acting_affiliation_id)
        .first()
        if job.acting_affiliation_id is not None
        else None
    )
    if affiliation is None:
        return AnonymousUser()
    user = affiliation.user
    user.affiliation = Affiliation.objects.active().filter(pk=affiliation.pk).first()
    return user


def _mapping_of(actor: Actor, kind: str, source: str) -> ColumnMapping | None:
    affiliation = acting_affiliation(actor)
    if not source or affiliation is None:
        return None
    return ColumnMapping.objects.filter(
        organisation_id=affiliation.organisation_id, kind=kind, source=source
    ).first()


def import_sources(*, actor: Actor) -> list[str]:
    """The sources whose columns the actor's organisation has chosen before, by name."""
    require(actor, "interchange.use_web_import")
    affiliation = acting_affiliation(actor)
    if affiliation is None:
        return []
    names = ColumnMapping.objects.filter(organisation_id=affiliation.organisation_id)
    return sorted(set(names.values_list("source", flat=True)), key=str.casefold)


def import_job_create(
    *, actor: Actor, kind: str, filename: str, content: bytes, source: str = ""
) -> ImportJob:
    """Store an upload whose head the web has checked; the worker checks every row (a dry
    run), after which the job is valid or invalid. A file from a `source` whose columns were
    chosen by hand before is read with those columns."""
    require(actor, "interchange.use_web_import")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    import_job_purge_stale()
    affiliation = acting_affiliation(actor)
    source = " ".join(source.split())[:100]
    remembered = _mapping_of(actor, kind, source)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            filename=Path(filename).name[:255],
            file_format=Path(filename).suffix.lower().lstrip("."),
            size=len(content),
            uploaded_by=acting_person(actor),
            acting_affiliation=affiliation,
            status=Status.UPLOADED,
            source=source,
            columns=remembered.columns if remembered else {},
            **jobs.waiting_fields(ImportJob),
        )
        store_content(job=job, content=content)
        jobs.enqueue(job)
    return job


def store_content(*, job: ImportJob, content: bytes) -> None:
    """Store the job's file. PostgreSQL's driver writes a bytea parameter into the statement as
    escaped text, several copies of it (60 MB for a 10 MB upload, measured): there it is
    appended a megabyte at a time, so that storing an upload costs the web process little."""
    jobs_of = ImportJob.objects.filter(pk=job.pk)
    if connection.vendor != "postgresql":
        jobs_of.update(content=content)
    else:
        jobs_of.update(content=b"")
        for start in range(0, len(content), CONTENT_PIECE):
            piece = Value(content[start : start + CONTENT_PIECE], output_field=BinaryField())
            jobs_of.update(content=Func(F("content"), piece, **APPEND))
    job.content = content


def import_job_check(*, job: ImportJob) -> ImportJob:
    """The worker's check of an uploaded job: every row read and checked, streaming; the job
    ends valid (ready to confirm) or invalid (with every problem)."""
    if not jobs.take(job, from_=(Status.UPLOADED,), to=Status.CHECKING, progress_done=0):
        return _reload(job)  # cancelled, or taken by another worker
    lease = jobs.Lease(job)
    actor = job_actor(job)
    language = getattr(actor, "language", "") or settings.LANGUAGE_CODE
    done = {"lease_until": None, "attempts": 0, "progress_done": 0}
    try:
        with translation.override(language):
            try:
                table = job_table(job)
                result = run_import(
                    KINDS[job.kind],
                    table,
                    dry_run=True,
                    actor=actor,
                    heartbeat=lambda rows: lease.beat(progress_done=rows),
                )
            except TableError as exc:
                # the file as a whole: nothing to preview, so its content goes at once
                lease.finish(
                    Status.INVALID,
                    result={"file_error": str(exc), "errors": [], "error_count": 0},
                    content=b"",
                    rows=0,
                    **done,
                )
                return _reload(job)
    except jobs.JobLost:
        return _reload(job)  # cancelled meanwhile
    except Exception:
        logger.exception("import job %s: the check failed", job.pk)
        with translation.override(language):
            message = _("The file could not be checked because of an error on the server.")
        lease.finish(
            Status.FAILED,
            result={"message": message},
            content=b"",
            finished_at=timezone.now(),
            **done,
        )
        return _reload(job)
    fields = {"rows": result.rows, "result": _result_dict(result), **done}
    with transaction.atomic():
        if lease.finish(Status.VALID if result.ok else Status.INVALID, **fields) and (
            job.file_format != "csv" and not job.content_is_csv
        ):
            store_content(
                job=job, content=table.data
            )  # the workbook's cells as CSV: never unpacked again
            ImportJob.objects.filter(pk=job.pk).update(content_is_csv=True)
    return _reload(job)


def import_job_choose_columns(
    *, actor: Actor, job: ImportJob, columns: dict[str, str]
) -> ImportJob:
    """The columns of a checked file as the user maps them by hand: {header cell: column
    code, or "" to leave the column out}. The worker checks the file again with them, and
    they are kept for the job's source (if it has one) for its next file."""
    require(actor, "interchange.use_web_import")
    kind = KINDS[job.kind]
    known = set(kind.column_names())
    errors = {cell: _("Choose one of the columns.") for cell, code in columns.items()
              if code and code not in known}  # fmt: skip
    by_code: dict[str, str] = {}
    for cell, code in columns.items():
        if code in by_code:
            errors[cell] = _("“%(other)s” is already read as %(code)s: choose it once.") % {
                "other": by_code[code],
                "code": code,
            }
        elif code:
            by_code[code] = cell
    missing = sorted(kind.required_names() - set(by_code))
    if missing:
        errors[NON_FIELD_ERRORS] = _(
            "Choose a column of the file for each required column: %(codes)s."
        ) % {"codes": ", ".join(missing)}
    if errors:
        raise ValidationError(errors)
    chosen = {header_key(cell): code for cell, code in columns.items()}
    if not job.content:
        raise ImportJobStateError(_("This file has been deleted: upload it again."))
    with transaction.atomic():
        moved = _transition(
            job,
            from_=(Status.VALID, Status.INVALID),
            to=Status.UPLOADED,
            columns=chosen,
            rows=0,
            result={},
            attempts=0,
            **jobs.waiting_fields(ImportJob),
        )
        if not moved:
            raise ImportJobStateError(_("This import has already been confirmed or cancelled."))
        affiliation = acting_affiliation(actor)
        if job.source and affiliation is not None:
            ColumnMapping.objects.update_or_create(
                organisation_id=affiliation.organisation_id,
                kind=job.kind,
                source=job.source,
                defaults={"columns": chosen, "updated_by": acting_person(actor)},
            )
        jobs.enqueue(job)
    return _reload(job)


def import_job_confirm(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Import a valid job: now if it is small, else through the task worker."""
    require(actor, "interchange.use_web_import")
    background = job.rows > BACKGROUND_THRESHOLD_ROWS
    affiliation = acting_affiliation(actor)
    fields = {
        "progress_done": 0,
        "progress_total": job.rows,
        "acting_affiliation": affiliation,
    }
    if background:
        moved = _transition(
            job,
            from_=(Status.VALID,),
            to=Status.QUEUED,
            attempts=0,
            **jobs.waiting_fields(ImportJob),
            **fields,
        )
    else:
        job.attempts = 0
        moved = jobs.take(job, from_=(Status.VALID,), to=Status.RUNNING, **fields)
    if not moved:
        raise ImportJobStateError(_("This import has already been confirmed or cancelled."))
    if background:
        jobs.enqueue(job)
    else:
        import_job_run(actor=actor, job=job)
    job.refresh_from_db()
    return job


def import_job_start(*, job: ImportJob) -> bool:
    """The worker takes a queued job; False if it is not queued any more (e.g. cancelled)."""
    return jobs.take(job, from_=(Status.QUEUED,), to=Status.RUNNING, progress_done=0)


def import_job_run(*, actor: Actor, job: ImportJob, progress_connection: bool = False) -> ImportJob:
    """Run the real import of a running job and record its outcome; clear the stored file.

    With progress_connection (the worker, on PostgreSQL) progress and heartbeats are written
    through a second connection, so the job page sees them while the import's own transaction
    is still open."""
    if job.status != Status.RUNNING:
        raise ImportJobStateError("the job is not running")
    lease = jobs.Lease(job, separate_connection=progress_connection)
    finished: dict[str, Any] = {"content": b"", "lease_until": None, "finished_at": None}

    def commit_only_if_still_mine(result: ImportResult) -> None:
        finished["finished_at"] = timezone.now()
        if not lease.finish(
            Status.DONE, result=_result_dict(result), progress_done=job.rows, **finished
        ):
            raise jobs.JobLost  # cancelled, or retried elsewhere: roll every row back

    try:
        result = run_import(
            KINDS[job.kind],
            job_table(job),
            actor=actor,
            progress=lambda done, total: lease.beat(progress_done=done, progress_total=total),
            heartbeat=lambda rows: lease.beat(),
            before_commit=commit_only_if_still_mine,
            job=job,
        )
    except jobs.JobLost:
        logger.info("import job %s was cancelled or taken over; nothing written", job.pk)
        return _reload(job)
    except PermissionDenied:
        return _fail(lease, {"message": _("You may not import this kind.")})
    except TableError as exc:
        return _fail(lease, {"file_error": str(exc)})
    except Exception:
        logger.exception("import job %s failed", job.pk)
        return _fail(lease, {"message": _("The import failed unexpectedly.")})
    finally:
        lease.close()
    if not result.ok:
        return _fail(lease, _result_dict(result))
    return job


def _fail(lease: jobs.Lease, result: dict[str, Any]) -> ImportJob:
    lease.finish(
        Status.FAILED,
        result=result,
        content=b"",
        progress_done=0,
        lease_until=None,
        finished_at=timezone.now(),
    )
    return _reload(cast(ImportJob, lease.job))


def _reload(job: ImportJob) -> ImportJob:
    return ImportJob.objects.filter(pk=job.pk).first() or job


def import_job_cancel(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Cancel a job that has not finished; its stored file is deleted. A worker checking or
    importing it stops at its next heartbeat and rolls back everything it wrote."""
    require(actor, "interchange.use_web_import")
    try:
        stopped = jobs.stop(
            job, from_=CANCELLABLE, to=Status.CANCELLED, content=b"", finished_at=timezone.now()
        )
    except jobs.JobBusy as exc:
        raise ImportJobStateError(
            _("The import is writing its rows right now. Try cancelling again in a moment.")
        ) from exc
    if not stopped:
        raise ImportJobStateError(_("This import has already finished."))
    return job


def import_job_purge_stale() -> int:
    """Delete the stored files of uploads left unconfirmed for longer than CONTENT_KEPT_FOR."""
    cutoff = timezone.now() - CONTENT_KEPT_FOR
    stale = ImportJob.objects.filter(
        created_at__lt=cutoff, status__in=(Status.UPLOADED, Status.VALID, Status.INVALID)
    )
    return stale.update(status=Status.CANCELLED, content=b"", finished_at=timezone.now())
