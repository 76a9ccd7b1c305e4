"""Import a table of one kind: all or nothing, idempotent on `id`, every bad row reported."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction
from django.utils.translation import gettext as _

from .headers import mapped
from .kinds import BATCH_ROWS, ImportContext, Kind, record_bulk_writes
from .plain import run_plain

HEADER = 0  # problems with the header row are reported with row 0
# rows of a plain file written by a statement (plain.py), a heartbeat and the progress after
# each: a fifth of a second's write or so
PLAIN_BATCH_ROWS = 10_000
HEARTBEAT_ROWS = 500  # while reading, the caller hears from the import this often


class RowSource(Protocol, Iterable[dict[str, str]]):
    """A table: its header, and its rows each time it is iterated (tables.CsvTable, Table)."""

    header: list[str]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == HEADER:
            return f"header, column {self.column}: {self.message}"
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    notices: list[RowError] = field(default_factory=list)  # told, not refused

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in self.errors
            ],
            "dry_run": self.dry_run,
            "notices": [
                {"row": e.row, "column": e.column, "message": e.message} for e in self.notices
            ],
        }


def check_header(kind: Kind, table: RowSource) -> list[RowError]:
    known = set(kind.column_names())
    errors = [
        RowError(
            HEADER,
            name,
            _("Unknown column. Columns of %(kind)s: %(cols)s.")
            % {"kind": kind.label, "cols": ", ".join(kind.column_names())},
        )
        for name in table.header
        if name not in known
    ]
    errors += [
        RowError(HEADER, name, _("Required column is missing."))
        for name in kind.column_names()
        if name in kind.required_names() and name not in table.header
    ]
    return errors


def _batches(table: RowSource, size: int) -> Iterator[list[tuple[int, dict[str, str]]]]:
    """The table's rows, numbered from 1, a batch of `size` at a time."""
    batch: list[tuple[int, dict[str, str]]] = []
    for number, row in enumerate(table, start=1):
        batch.append((number, row))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_import(
    kind: Kind,
    table: RowSource,
    *,
    dry_run: bool = False,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    heartbeat: Callable[[int], None] | None = None,
    before_commit: Callable[[ImportResult], None] | None = None,
    job=None,
) -> ImportResult:
    """Check every row and (unless dry_run) write them all, in one transaction.

    On PostgreSQL a plain file of new records of a kind that declares how (Kind.plain) is
    written by one statement (plain.run_plain); any other file, or one that statement cannot
    vouch for, goes the general way: the table is read twice, a batch of BATCH_ROWS rows at a time, and never held whole: the
    ids in the file (a row may name one further down), then each batch checked and, while
    no row has had a problem, written. The kind checks and writes a batch together
    (Kind.check_rows and Kind.write_rows: a query per batch, not per row, where the kind
    writes in bulk). After a bad row the rest is still checked, so that every bad row is
    reported, and nothing is kept. A
    TableError while reading (e.g. more rows than an import takes) propagates.
    progress(done, total) is called while writing; heartbeat(rows_read) every HEARTBEAT_ROWS
    rows while reading; before_commit(result) inside the transaction once every row is
    written without a problem: raising there rolls it all back. What a bulk write touched is
    recorded in the audit log once for the import (`job`: the web import's job, if any)."""
    result = ImportResult(kind=kind.name, dry_run=dry_run)
    table = mapped(kind, table)  # headers as people write them, read as the kind's columns
    context = ImportContext(actor=actor)
    with transaction.atomic() if not dry_run else nullcontext():
        # a plain file of new records: one statement (plain.py); any other the general way
        if run_plain(
            kind,
            table,
            context,
            dry_run=dry_run,
            result=result,
            progress=progress,
            heartbeat=heartbeat,
            batch_rows=PLAIN_BATCH_ROWS,
        ):
            if not dry_run:
                record_bulk_writes(context, kind=kind, job=job)
                if before_commit is not None:
                    before_commit(result)
            return result

    def beat(number: int) -> None:
        if heartbeat is not None and number % HEARTBEAT_ROWS == 0:
            heartbeat(number)

    ids_in_file: set[str] = set()
    for number, row in enumerate(table, start=1):
        ids_in_file.add(row.get("id", "").strip())
        result.rows = number
        beat(number)
    ids_in_file.discard("")
    doubled = {cell for cell, _message in table.reading.problems}
    result.errors = [RowError(HEADER, cell, message) for cell, message in table.reading.problems]
    result.errors += [e for e in check_header(kind, table) if e.column not in doubled]
    if result.errors:
        return result

    context.pending[kind.name] = ids_in_file  # self-references may point anywhere in the file
    reported = 0

    def written_up_to(number: int) -> None:
        nonlocal reported
        if progress and number > reported and (number % 50 == 0 or number == result.rows):
            reported = number
            progress(number, result.rows)

    context.written_up_to = written_up_to  # a kind that writes a row at a time reports each
    first_row_of: dict[str, int] = {}
    with transaction.atomic() if not dry_run else nullcontext():
        for batch in _batches(table, BATCH_ROWS):
            read = [(number, row, *kind.parse(row)) for number, row in batch]
            with context.collecting():  # the ids the batch names, looked up together
                for _number, _row, values, errors in read:
                    if not errors:
                        kind.resolve(dict(values), context)
            parsed = []
            for number, row, values, errors in read:
                if not errors:
                    errors = kind.resolve(values, context)
                row_id = values.get("id")
                if row_id:
                    if row_id in first_row_of and not row.get("id", "").strip():
                        # an id the kind made for a file without ids (e.g. a contact list)
                        errors.setdefault(
                            "id",
                            _("The same record as row %(n)s: keep one of the two rows.")
                            % {"n": first_row_of[row_id]},
                        )
                    elif row_id in first_row_of:
                        errors.setdefault(
                            "id",
                            _("The id appears twice (first in row %(n)s).")
                            % {"n": first_row_of[row_id]},
                        )
                    else:
                        first_row_of[row_id] = number
                if errors:
                    result.errors += [RowError(number, c, m) for c, m in errors.items()]
                else:
                    parsed.append((number, values))
                beat(number)
            checked = kind.check_rows(parsed, context)
            # which of the batch's records exist: told by the write (Kind.tells_outcomes), or
            # asked before it
            told = not dry_run and kind.tells_outcomes
            if not told:
                context.look_up(kind.name, (values.get("id") for _n, values in parsed))
            for number, values in parsed:
                if number in checked:
                    result.errors += [RowError(number, c, m) for c, m in checked[number].items()]
                elif not result.errors and not told:
                    row_id = values.get("id")
                    existed = context.exists(kind.name, row_id)
                    (result.updated if existed else result.created).append(row_id)
            if dry_run or result.errors:
                continue  # after a bad row the rest is checked, not written
            # Written as soon as checked, in the one transaction: a bad row further on rolls
            # it all back.
            for number, errors in kind.write_rows(parsed, context).items():
                result.errors += [RowError(number, c, " ".join(m)) for c, m in errors.items()]
            if told and not result.errors:
                for _number, values in parsed:
                    row_id = values["id"]
                    (result.created if context.outcomes[row_id] else result.updated).append(row_id)
            if progress and batch[-1][0] > reported:
                reported = batch[-1][0]
                progress(reported, result.rows)
        result.notices = [RowError(*notice) for notice in sorted(context.notices)]
        if result.errors:
            result.errors.sort(key=lambda e: e.row)
            result.created, result.updated = [], []
            if not dry_run:
                transaction.set_rollback(True)
            return result
        if not dry_run:
            record_bulk_writes(context, kind=kind, job=job)
            if before_commit is not None:
                before_commit(result)
    return result
