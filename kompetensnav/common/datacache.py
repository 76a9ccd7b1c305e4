"""Results kept until the data they come from changes.

A dashboard or a set of key figures scans a period's needs or attendance: at national scale
seconds of work, the same answer for everyone who asks until someone writes. `remember()`
keeps such a result in the cache under the current *data tokens* of the apps it reads; a
write to any table of one of those apps gives the app a new token once it is committed, so
the next request computes afresh. Nothing has to remember to invalidate anything:

- Every statement that Django sends to the database passes an execute wrapper (installed on
  each new connection) that notes the app of each table written: INSERT, UPDATE, DELETE,
  TRUNCATE and COPY, whether from a model's save(), a bulk_create(), a queryset's update()
  or raw SQL through Django's cursor. In a transaction the app's token is renewed when it
  commits (on_commit), and not at all when it rolls back. In autocommit the statement has
  committed, but its token is renewed only once the statement is done with: before the
  connection's next statement, when a result is next asked for, and at the end of each
  request, task and process. (On SQLite a statement with RETURNING is in progress until its
  rows are read; the cache's own transaction on the same connection then would roll the
  statement back: the row would be lost.)
- Until then, the connection that wrote computes afresh and keeps nothing: a result read in
  a transaction that has written would hold data that may yet be rolled back.
- A token is a random value, not a counter, so two processes renewing it at the same time
  cannot leave a value that a reader saw before the later write.

Writes that do not go through Django's connections (psql, a restore, another program) are
followed by `changed()` or a clear of the cache (which renews every token). Results are also
dropped after DATA_CACHE_SECONDS (an hour by default) whatever happens.

The tokens live in the default cache, which must be shared by every process: the database
cache of config/settings (web servers and task workers alike); the tests' local-memory cache
serves the one process of each test database.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver
from django.tasks.signals import task_finished

# The apps whose tables hold the network's data (what figures, dashboards and catalogues are
# computed from). Accounts, tokens, notifications, import jobs and the audit log change all
# the time and feed none of them.
DATA_APPS: frozenset[str] = frozenset(
    {
        "analysis",
        "campus",
        "collaboration",
        "companies",
        "competences",
        "network",
        "participants",
        "projects",
        "questionnaires",
        "reference",
        "visits",
    }
)

logger = logging.getLogger(__name__)
_TOKEN = "kn:data:{}"
_WRITE = re.compile(
    r"""\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY)
        \s+(?:ONLY\s+)?(?:"?public"?\.)?"?(\w+)"?""",
    re.IGNORECASE | re.VERBOSE,
)
_WRITE_STARTS = frozenset("IiUuDdTtCc")


def _seconds() -> int:
    return int(getattr(settings, "DATA_CACHE_SECONDS", 3600))


# --- which app a table belongs to ---------------------------------------------------------------

_tables: dict[str, str] | None = None


def _app_of_table(table: str) -> str | None:
    global _tables
    if _tables is None:
        found = {}
        for model in django_apps.get_models(include_auto_created=True):
            if model.__module__.startswith("kompetensnav."):
                found[model._meta.db_table.lower()] = model._meta.app_label
        _tables = found
    return _tables.get(table.lower())


def tables_written(sql: str) -> str | None:
    """The app whose table a statement writes (None: a read, or no table of ours)."""
    stripped = sql.lstrip()
    if not stripped or stripped[0] not in _WRITE_STARTS:
        return None
    match = _WRITE.match(stripped)
    return _app_of_table(match.group(1)) if match else None


# --- noting writes --------------------------------------------------------------------------------


class _Writes:
    """Per connection: the apps written in the transaction in progress, and the callback that
    renews their tokens when it commits."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.apps: set[str] = set()
        self.autocommitted: set[str] = set()  # written in autocommit, not yet renewed

    def __call__(
        self, execute: Callable[..., Any], sql: object, params: Any, many: bool, context: Any
    ) -> Any:
        if self.autocommitted:
            self.renew_autocommitted()  # the statement that wrote is done with by now
        result = execute(sql, params, many, context)
        app = tables_written(sql) if isinstance(sql, str) and not _migrating else None
        if app is not None:
            connection = self.connection
            if not connection.in_atomic_block:
                self.autocommitted.add(app)  # committed; renewed after the statement
            else:
                new = app not in self.apps
                self.apps.add(app)
                pending = connection.run_on_commit
                # a callback of ours is queued at the first write to each app, and again if
                # a savepoint that held it rolled back (then what it was for is gone too);
                # one more is harmless: the second finds nothing left to renew
                if new or not pending or pending[-1][1] != self.flush:
                    connection.on_commit(self.flush)
        return result

    def flush(self) -> None:
        written, self.apps = self.apps, set()
        if written:
            changed(*written)

    def renew_autocommitted(self) -> None:
        """Renew the tokens of what autocommitted statements wrote, unless a transaction is
        open (then at the next statement outside it, or the end of the request)."""
        if not self.autocommitted or self.connection.in_atomic_block:
            return
        written, self.autocommitted = self.autocommitted, set()
        changed(*written)

    def uncommitted(self) -> set[str]:
        """The apps this connection has written in a transaction not yet committed."""
        connection = self.connection
        if not self.apps:
            return self.apps
        if not connection.in_atomic_block or not any(
            entry[1] == self.flush for entry in connection.run_on_commit
        ):
            self.apps = set()  # the transaction that wrote them rolled back
        return self.apps


# `migrate` writes reference data before the cache table may exist: its writes are not
# noted one by one; every token is renewed when it ends.
_migrating = False


@receiver(pre_migrate)
def _migration_begins(**kwargs: object) -> None:
    global _migrating
    _migrating = True


@receiver(post_migrate)
def _migration_ends(**kwargs: object) -> None:
    global _migrating
    _migrating = False
    # no cache table yet (createcachetable comes after migrate): then nothing is kept either
    with contextlib.suppress(DatabaseError):
        cache.set_many({_TOKEN.format(app): uuid.uuid4().hex for app in DATA_APPS}, None)


@receiver(connection_created)
def _note_writes(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    if not any(isinstance(w, _Writes) for w in connection.execute_wrappers):
        # first in the list: a wrapper pushed by `with connection.execute_wrapper(...)` before
        # the connection opened is popped (the last one) when its block ends, not this one
        connection.execute_wrappers.insert(0, _Writes(connection))


def _writes(using: str = "default") -> _Writes | None:
    connection = connections[using]
    return next((w for w in connection.execute_wrappers if isinstance(w, _Writes)), None)


@receiver(request_finished)
@receiver(task_finished)
def renew_written(**kwargs: object) -> None:
    """The tokens of what this thread's connections wrote in autocommit and have not yet
    renewed: at the end of each request and task (and of the process, below)."""
    for connection in connections.all(initialized_only=True):
        writes = next((w for w in connection.execute_wrappers if isinstance(w, _Writes)), None)
        if writes is not None:
            writes.renew_autocommitted()


atexit.register(renew_written)


# --- tokens and kept results ----------------------------------------------------------------------


def changed(*app_labels: str) -> None:
    """Give these apps new data tokens: what was kept from their data is computed afresh.

    Never in the way of the write it follows (it runs after the commit): a cache that cannot
    be written is logged, not raised."""
    try:
        cache.set_many({_TOKEN.format(app): uuid.uuid4().hex for app in app_labels}, None)
    except Exception as error:
        logger.error("The data tokens of %s could not be renewed: %s", ", ".join(app_labels), error)


def tokens(app_labels: Iterable[str]) -> tuple[str, ...]:
    """The apps' current data tokens, in the order of their names (one cache read)."""
    names = sorted(set(app_labels))
    keys = [_TOKEN.format(app) for app in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
    if len(found) < len(keys):
        found = cache.get_many(keys)
    return tuple(str(found.get(key, "")) for key in keys)


def remember[T](
    name: str,
    key: tuple,
    compute: Callable[[], T],
    *,
    apps: Iterable[str] = DATA_APPS,
    using: str = "default",
    keep: Callable[[T], bool] | None = None,
) -> T:
    """compute(), kept under `name` and `key` (a tuple of plain values: numbers, strings, dates,
    None, tuples of them) until the data of `apps` changes or DATA_CACHE_SECONDS pass; with
    `keep`, only a value it accepts is kept."""
    apps = frozenset(apps)
    writes = _writes(using)
    if writes is not None:
        writes.renew_autocommitted()  # a result asked for after a write sees it
    if writes is not None and writes.uncommitted() & apps:
        return compute()
    # one cache read for the tokens and the result kept with the tokens it was computed under
    token_keys = [_TOKEN.format(app) for app in sorted(apps)]
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    cache_key = f"kn:kept:{name}:{digest}"
    found = cache.get_many([*token_keys, cache_key])
    if all(k in found for k in token_keys):
        current = tuple(str(found[k]) for k in token_keys)
        kept = found.get(cache_key)
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == current:
            return kept[1]
    else:
        current = tokens(apps)
    value = compute()
    if (writes is None or not writes.uncommitted() & apps) and (keep is None or keep(value)):
        cache.set(cache_key, (current, value), _seconds())
    return value
