"""Background jobs that survive a lost worker: a lease, a heartbeat, bounded retries, cancel.

A job model (interchange's ImportJob, reports' ReportJob) inherits `LeasedJob` and says which
of its statuses wait for the worker (`TASKS`: the task that runs a job in that status) and which
mean a worker is on it (`WORKING`: the waiting status the job goes back to when it is retried).

- A job put in the queue gets a lease of `queue_wait`: a worker should start it by then.
- The worker takes it (`take`): waiting → working, `attempts` + 1, a lease of `lease_length`.
- While it works it renews the lease (`Lease.beat`, every few hundred rows or every step) with
  `UPDATE … WHERE status = <working> AND attempts = <its attempt>`. No row updated means the
  job was cancelled, or its lease ran out and another attempt has it: the beat raises
  `JobLost` and the worker stops and rolls back what it did. Its last write (`Lease.finish`)
  is guarded the same way and happens in the same transaction as the work, so a job is never
  half-written and never finished twice.
- A lease that ran out (the worker was killed, the machine restarted) is noticed by `recover`:
  a working job goes back to the queue, with a new task, while it has been started fewer than
  `max_attempts` times, and is marked failed (`WORKER_LOST`) after that; a waiting job that no
  worker started in time is marked failed (`NOT_STARTED`). `recover` runs whenever a job is read
  or asked for again (the apps' selectors and services), so a page never shows a dead job as
  running, and in `manage.py daily` (`manage.py recover_jobs`) for the jobs nobody looks at.

A job with no lease in a waiting or working status counts as expired.

On SQLite the one writer holds the whole database while an import writes its rows, and its
heartbeats are inside that transaction, so other connections see an old lease. Recovering and
cancelling therefore wait only briefly for the lock (`no_lock_wait`) and leave the job alone
when the database is busy: a writer is alive.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.apps import apps
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    connection,
    connections,
    models,
    transaction,
)
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

LEASE = timedelta(minutes=2)
QUEUE_WAIT = timedelta(hours=1)
MAX_ATTEMPTS = 3
SQLITE_LOCK_WAIT_MS = 200

# Why a job was given up (stored by each model, e.g. ReportJob.message): shown with reason_text.
WORKER_LOST = "worker_lost"
NOT_STARTED = "not_started"


class JobLost(Exception):
    """The job was cancelled, or given to another attempt: stop and roll back."""


class JobBusy(Exception):
    """SQLite: another connection is writing (an import, most likely); try again shortly."""


def queue_lease() -> datetime:
    """The lease of a new job: the services set it themselves; this covers jobs made by hand
    (and the rows there were when leases came), which are looked at after QUEUE_WAIT."""
    return timezone.now() + QUEUE_WAIT


class LeasedJob(models.Model):
    lease_until = models.DateTimeField(
        _("lease until"), null=True, blank=True, default=queue_lease, editable=False
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)

    # Set by each job model: {waiting status: dotted path of the task that runs it}.
    TASKS: ClassVar[dict[str, str]] = {}
    # {working status: the waiting status it goes back to when retried}.
    WORKING: ClassVar[dict[str, str]] = {}
    FAILED_STATUS: ClassVar[str] = "failed"
    lease_length: ClassVar[timedelta] = LEASE
    queue_wait: ClassVar[timedelta] = QUEUE_WAIT
    max_attempts: ClassVar[int] = MAX_ATTEMPTS
    # every job model has a status field and the default manager
    status: str
    objects: ClassVar[models.Manager[Any]]

    class Meta:
        abstract = True

    @classmethod
    def unfinished_statuses(cls) -> tuple[str, ...]:
        return (*cls.TASKS, *cls.WORKING)

    def give_up_fields(self, reason: str) -> dict[str, Any]:
        """What else is written when the job is given up (e.g. its reason, a stored file
        cleared). `reason` is WORKER_LOST or NOT_STARTED."""
        return {}

    def retry_fields(self) -> dict[str, Any]:
        """What else is written when the job goes back to the queue (e.g. progress reset)."""
        return {}

    def reason_text(self, reason: str) -> str:
        """Why the job was given up, in the reader's language; "" for another reason."""
        if reason == WORKER_LOST:
            return ngettext(
                "The background worker stopped while working on this (a restart or a crash), "
                "so it was not tried again. Nothing was saved.",
                "The background worker stopped %(n)s times while working on this (a restart "
                "or a crash), so it was not tried again. Nothing was saved.",
                self.max_attempts,
            ) % {"n": self.max_attempts}
        if reason == NOT_STARTED:
            return str(
                _(
                    "No background worker started on this in time, so it was given up. Nothing "
                    "was saved. The worker may be stopped: if this happens again, tell the "
                    "site's administrators."
                )
            )
        return ""


def _stamped(model: type[LeasedJob], fields: dict[str, Any]) -> dict[str, Any]:
    """Add updated_at when the model keeps one (QuerySet.update() does not set auto_now)."""
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        return {"updated_at": timezone.now(), **fields}
    return fields


def waiting_fields(model: type[LeasedJob]) -> dict[str, Any]:
    """The lease of a job that is (re)queued: a worker should start it within queue_wait."""
    return {"lease_until": timezone.now() + model.queue_wait}


def enqueue(job: LeasedJob) -> None:
    """Hand a waiting job to the worker when the current transaction commits."""
    task = import_string(job.TASKS[job.status])
    pk = job.pk
    transaction.on_commit(lambda: task.enqueue(job_id=pk))


def take(job: LeasedJob, *, from_: Iterable[str], to: str, **fields: Any) -> bool:
    """Start the job as this attempt (status `to`, attempts + 1, a fresh lease); False when it
    is not in `from_` any more or another attempt took it first."""
    model = type(job)
    now = timezone.now()
    taken = model.objects.filter(pk=job.pk, status__in=list(from_), attempts=job.attempts).update(
        **_stamped(
            model,
            {
                "status": to,
                "attempts": job.attempts + 1,
                "lease_until": now + model.lease_length,
                **fields,
            },
        )
    )
    if taken:
        job.status, job.attempts, job.lease_until = to, job.attempts + 1, now + model.lease_length
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(taken)


class Lease:
    """The worker's hold on a job it took: `beat()` renews it (and writes progress), `finish()`
    ends it. Both raise JobLost / return False when the job is not this attempt's any more.

    With `separate_connection` (PostgreSQL only) the beats go through a second connection, so
    the job's page sees them while the work's own transaction is still open. That transaction
    must not touch the job's row before `finish()`, or the beats would wait for it."""

    def __init__(self, job: LeasedJob, *, separate_connection: bool = False) -> None:
        self.job = job
        self.model = type(job)
        self.side: BaseDatabaseWrapper | None = None
        if separate_connection and connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def _mine(self) -> models.QuerySet[Any]:
        return self.model.objects.filter(
            pk=self.job.pk, status=self.job.status, attempts=self.job.attempts
        )

    def beat(self, **fields: Any) -> None:
        values = _stamped(
            self.model, {"lease_until": timezone.now() + self.model.lease_length, **fields}
        )
        renewed = self._update_on_side(self.side, values) if self.side is not None else 0
        if not renewed:
            # Without a second connection; or it did not find the row, which happens only when
            # the job is not committed yet (a test running everything in one transaction).
            renewed = self._mine().update(**values)
        if not renewed:
            raise JobLost
        for name, value in fields.items():
            setattr(self.job, name, value)

    def _update_on_side(self, side: BaseDatabaseWrapper, values: dict[str, Any]) -> int:
        meta = self.model._meta
        quote = side.ops.quote_name
        columns, params = [], []
        for name, value in values.items():
            field = _concrete_field(self.model, name)
            columns.append(f"{quote(_column(field))} = %s")
            params.append(field.get_db_prep_save(value, connection=side))
        # identifiers from the model, quoted; every value is a parameter
        table = quote(meta.db_table)
        assert meta.pk is not None
        pk = quote(_column(meta.pk))
        status = quote(_column(_concrete_field(self.model, "status")))
        attempts = quote(_column(_concrete_field(self.model, "attempts")))
        sql = f"UPDATE {table} SET {', '.join(columns)} WHERE {pk} = %s AND {status} = %s AND {attempts} = %s"  # noqa: E501, S608
        with side.cursor() as cursor:
            cursor.execute(sql, [*params, self.job.pk, self.job.status, self.job.attempts])
            return cursor.rowcount

    def finish(self, status: str, **fields: Any) -> bool:
        """The attempt's last write: status and results, only if the job is still this
        attempt's. Call it inside the transaction of the work, so both commit or neither."""
        done = self._mine().update(**_stamped(self.model, {"status": status, **fields}))
        if done:
            self.job.status = status
            for name, value in fields.items():
                setattr(self.job, name, value)
        return bool(done)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _concrete_field(model: type[LeasedJob], name: str) -> models.Field[Any, Any]:
    """A field of the job's own table (a job model's name is known only when it runs)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _column(field: models.Field[Any, Any]) -> str:
    assert field.column is not None
    return field.column


@contextmanager
def no_lock_wait() -> Iterator[None]:
    """On SQLite, wait at most a moment for another connection's write lock and raise JobBusy
    instead of blocking the request for the whole busy timeout. Elsewhere a no-op: PostgreSQL
    locks only the rows being written, briefly."""
    if connection.vendor != "sqlite":
        yield
        return
    timeout_ms = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_LOCK_WAIT_MS}")
    try:
        with transaction.atomic():
            yield
    except OperationalError as exc:
        if "locked" not in str(exc).lower():
            raise
        raise JobBusy from exc
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def _expired(model: type[LeasedJob], now: datetime) -> Q:
    return Q(status__in=model.unfinished_statuses()) & (
        Q(lease_until__lt=now) | Q(lease_until=None)
    )


def recover(model: type[LeasedJob], *, pk: int | None = None) -> int:
    """Retry or give up the jobs of `model` (or the one with `pk`) whose lease ran out; the
    number of jobs changed. One query when there are none."""
    now = timezone.now()
    expired = model.objects.filter(_expired(model, now))
    if pk is not None:
        expired = expired.filter(pk=pk)
    changed = 0
    for job in expired.only("pk", "status", "attempts"):
        try:
            with no_lock_wait():
                changed += _recover_one(job, now)
        except JobBusy:
            continue  # a writer is alive; the next look decides
    return changed


def _recover_one(job: LeasedJob, now: datetime) -> int:
    model = type(job)
    mine = model.objects.filter(
        Q(pk=job.pk, status=job.status, attempts=job.attempts) & _expired(model, now)
    )
    if job.status in model.WORKING and job.attempts < model.max_attempts:
        waiting = model.WORKING[job.status]
        fields = {"status": waiting, **waiting_fields(model), **job.retry_fields()}
        if not mine.update(**_stamped(model, fields)):
            return 0
        job.status = waiting
        enqueue(job)
        return 1
    reason = WORKER_LOST if job.status in model.WORKING else NOT_STARTED
    fields = {"status": model.FAILED_STATUS, "lease_until": None, **job.give_up_fields(reason)}
    return mine.update(**_stamped(model, fields))


def stop(job: LeasedJob, *, from_: Iterable[str], to: str, **fields: Any) -> bool:
    """Move an unfinished job to a final status (cancelled) whoever holds it; a worker on it
    notices at its next beat and rolls back. False when it is not in `from_` any more.
    Raises JobBusy on SQLite while another connection writes."""
    model = type(job)
    with no_lock_wait():
        stopped = model.objects.filter(pk=job.pk, status__in=list(from_)).update(
            **_stamped(model, {"status": to, "lease_until": None, **fields})
        )
    if stopped:
        job.status, job.lease_until = to, None
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(stopped)


def leased_job_models() -> list[type[LeasedJob]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, LeasedJob) and not model._meta.abstract
    ]
