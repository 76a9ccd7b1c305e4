"""Import a table of one kind: all or nothing, idempotent on `id`, every bad row reported."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .kinds import ImportContext, Kind
from .tables import Table

HEADER = 0  # problems with the header row are reported with row 0


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
        }


def check_header(kind: Kind, table: Table) -> list[RowError]:
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


def run_import(
    kind: Kind,
    table: Table,
    *,
    dry_run: bool = False,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    result = ImportResult(kind=kind.name, rows=len(table.rows), dry_run=dry_run)
    result.errors = check_header(kind, table)
    if result.errors:
        return result

    context = ImportContext(actor=actor)
    parsed: list[dict] = []
    first_row_of: dict[str, int] = {}
    ids_in_file = {row.get("id", "").strip() for row in table.rows} - {""}
    context.pending[kind.name] = ids_in_file  # self-references may point anywhere in the file
    for number, row in enumerate(table.rows, start=1):
        values, errors = kind.parse(row)
        row_id = values.get("id")
        if row_id:
            if row_id in first_row_of:
                errors.setdefault(
                    "id",
                    _("The id appears twice (first in row %(n)s).") % {"n": first_row_of[row_id]},
                )
            else:
                first_row_of[row_id] = number
        if not errors:
            errors = kind.references(values, context)
        result.errors += [RowError(number, column, message) for column, message in errors.items()]
        parsed.append(values)
    if result.errors:
        return result

    existing = context.existing_ids(kind)
    for values in parsed:
        (result.updated if values["id"] in existing else result.created).append(values["id"])
    if dry_run:
        return result

    with transaction.atomic():
        for number, values in enumerate(parsed, start=1):
            try:
                kind.upsert(values, context)
            except ValidationError as exc:
                for column, messages in _messages_by_column(exc).items():
                    result.errors.append(RowError(number, column, " ".join(messages)))
            if progress and (number % 50 == 0 or number == len(parsed)):
                progress(number, len(parsed))
        if result.errors:
            transaction.set_rollback(True)
            result.created, result.updated = [], []
    return result


def _messages_by_column(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("id" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"id": exc.messages}
