"""Writes of the web import: upload (with its dry run), confirm, run, cancel, purge.

Every status change is a conditional UPDATE (`WHERE status = <expected>`), so two requests
or a request and a worker can never both move a job on: a double-submitted confirmation
imports once.
"""

import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_affiliation

from .importer import run_import
from .models import BACKGROUND_THRESHOLD_ROWS, CONTENT_KEPT_FOR, ImportJob
from .registry import KINDS
from .tables import Table, read_table

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 1000
Status = ImportJob.Status
FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)


class ImportJobStateError(Exception):
    """The job is not in a state that allows this step (already confirmed, cancelled...)."""


def _check(actor) -> None:
    if not actor.has_perm("interchange.use_web_import"):
        raise PermissionDenied


def _transition(job: ImportJob, *, from_: tuple[str, ...], to: str, **fields) -> bool:
    updated = ImportJob.objects.filter(pk=job.pk, status__in=from_).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if updated:
        job.status = to
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(updated)


def _result_dict(result) -> dict:
    data = result.as_dict()
    data["error_count"] = len(data["errors"])
    data["errors"] = data["errors"][:MAX_STORED_ERRORS]
    return data


def job_table(job: ImportJob) -> Table:
    """The stored file read again (the user's file name is never used for anything but display)."""
    return read_table(bytes(job.content), f"upload.{job.file_format}")


def import_job_create(
    *, actor, kind: str, filename: str, content: bytes, table: Table | None = None
) -> ImportJob:
    """Store the upload and check it with a dry run: the job ends valid or invalid."""
    _check(actor)
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    import_job_purge_stale()
    file_format = Path(filename).suffix.lower().lstrip(".")
    if table is None:
        table = read_table(content, f"upload.{file_format}")
    job = ImportJob.objects.create(
        kind=kind,
        filename=Path(filename).name[:255],
        file_format=file_format,
        content=content,
        size=len(content),
        uploaded_by=actor,
        rows=len(table.rows),
    )
    result = run_import(KINDS[kind], table, dry_run=True, actor=actor)
    job.status = Status.VALID if result.ok else Status.INVALID
    job.result = _result_dict(result)
    job.save(update_fields=["status", "result", "updated_at"])
    return job


def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    """Import a valid job: now if it is small, else through the task worker."""
    _check(actor)
    background = job.rows > BACKGROUND_THRESHOLD_ROWS
    with transaction.atomic():
        moved = _transition(
            job,
            from_=(Status.VALID,),
            to=Status.QUEUED if background else Status.RUNNING,
            progress_done=0,
            progress_total=job.rows,
        )
        if not moved:
            raise ImportJobStateError(_("This import has already been confirmed or cancelled."))
        if background:
            from .tasks import run_import_job

            affiliation = acting_affiliation(actor)
            transaction.on_commit(
                lambda: run_import_job.enqueue(
                    job_id=job.pk,
                    user_id=actor.pk,
                    affiliation_id=affiliation.pk if affiliation else None,
                )
            )
    if not background:
        import_job_run(actor=actor, job=job)
    job.refresh_from_db()
    return job


def import_job_start(*, job: ImportJob) -> bool:
    """The worker takes a queued job; False if it is not queued any more (e.g. cancelled)."""
    return _transition(job, from_=(Status.QUEUED,), to=Status.RUNNING)


def import_job_run(*, actor, job: ImportJob, progress_connection: bool = False) -> ImportJob:
    """Run the real import of a running job and record its outcome; clear the stored file.

    With progress_connection (the worker, on PostgreSQL) progress is written through a second
    connection, so the job page sees it while the import's own transaction is still open.
    """
    if job.status != Status.RUNNING:
        raise ImportJobStateError("the job is not running")
    record = _progress_recorder(job, separate=progress_connection)
    try:
        result = run_import(KINDS[job.kind], job_table(job), actor=actor, progress=record)
    except PermissionDenied:
        return _finish(job, Status.FAILED, {"message": _("You may not import this kind.")})
    except Exception:
        logger.exception("import job %s failed", job.pk)
        return _finish(job, Status.FAILED, {"message": _("The import failed unexpectedly.")})
    finally:
        record.close()
    return _finish(job, Status.DONE if result.ok else Status.FAILED, _result_dict(result))


def _finish(job: ImportJob, status: str, result: dict) -> ImportJob:
    done = job.rows if status == Status.DONE else 0
    _transition(
        job,
        from_=(Status.RUNNING,),
        to=status,
        result=result,
        content=b"",
        progress_done=done,
        finished_at=timezone.now(),
    )
    return job


def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    """Cancel a job that has not started; its stored file is deleted."""
    _check(actor)
    moved = _transition(
        job,
        from_=(Status.UPLOADED, Status.VALID, Status.INVALID, Status.QUEUED),
        to=Status.CANCELLED,
        content=b"",
        finished_at=timezone.now(),
    )
    if not moved:
        raise ImportJobStateError(_("This import has already started or finished."))
    return job


def import_job_purge_stale() -> int:
    """Delete the stored files of uploads left unconfirmed for longer than CONTENT_KEPT_FOR."""
    cutoff = timezone.now() - CONTENT_KEPT_FOR
    stale = ImportJob.objects.filter(
        created_at__lt=cutoff, status__in=(Status.UPLOADED, Status.VALID, Status.INVALID)
    )
    return stale.update(status=Status.CANCELLED, content=b"", finished_at=timezone.now())


class _progress_recorder:
    """progress(done, total) for run_import, writing to the job row."""

    def __init__(self, job: ImportJob, *, separate: bool) -> None:
        self.job_pk = job.pk
        self.side = None
        # SQLite has one writer at a time: a second connection would wait for the import.
        if separate and connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, total: int) -> None:
        if self.side is None:
            ImportJob.objects.filter(pk=self.job_pk).update(
                progress_done=done, progress_total=total
            )
            return
        with self.side.cursor() as cursor:
            cursor.execute(
                "UPDATE interchange_importjob SET progress_done = %s, "
                "progress_total = %s WHERE id = %s",
                [done, total, self.job_pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
