"""A kind of the interchange contract: its columns, how a row is checked and written, and
how its rows are exported. Subclasses live in each app's `interchange.py`."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from .fields import CellError, Column
from .registry import get_kind
from .tables import unsafe_cell


@dataclass
class ImportContext:
    """What the importer knows while it checks a file: the ids that exist per kind, in the
    database or earlier in the same file, and who is importing."""

    actor: object = None
    pending: dict[str, set[str]] = field(default_factory=dict)
    _existing: dict[str, set[str]] = field(default_factory=dict)

    def existing_ids(self, kind: "Kind") -> set[str]:
        if kind.name not in self._existing:
            self._existing[kind.name] = set(
                kind.model.objects.exclude(external_id=None).values_list("external_id", flat=True)
            )
        return self._existing[kind.name]

    def knows(self, kind_name: str, external_id: str) -> bool:
        kind = get_kind(kind_name)
        return external_id in self.existing_ids(kind) or external_id in self.pending.get(
            kind_name, set()
        )


class Kind:
    """Subclasses set name, model and columns, and implement references(), upsert() and
    export_row(). `id` is always the first column."""

    name: str
    model: type[models.Model]
    columns: list[Column]
    # the URL name of the page listing the kind's records, linked from an import's result
    list_url_name: str | None = None

    @property
    def label(self) -> str:
        """What the kind is called in the UI, e.g. "Kontaktpersoner" (its name in files and
        commands, `contacts`, is shown as code where it matters: the upload page)."""
        return str(self.model._meta.verbose_name_plural).capitalize()

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def required_names(self) -> set[str]:
        return {c.name for c in self.columns if c.required}

    def parse(self, row: dict[str, str]) -> tuple[dict, dict[str, str]]:
        values: dict = {}
        errors: dict[str, str] = {}
        for column in self.columns:
            raw = unsafe_cell(row.get(column.name, "").strip())
            if raw == "":
                if column.required:
                    errors[column.name] = _("A value is required.")
                values[column.name] = column.default
                continue
            if "\x00" in raw:
                errors[column.name] = _("The cell contains a NUL character: remove it.")
                continue
            try:
                values[column.name] = column.parse(raw)
            except CellError as exc:
                errors[column.name] = str(exc)
        return values, errors

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        """Errors for references to rows that do not exist: {column: message}."""
        return {}

    def reference_error(
        self, kind_name: str, column: str, ids: Iterable[str], context: ImportContext
    ) -> dict[str, str]:
        missing = [i for i in ids if i and not context.knows(kind_name, i)]
        if not missing:
            return {}

        return {
            column: _("Unknown id %(ids)s among %(kind)s: import those rows first or fix the id.")
            % {"kind": get_kind(kind_name).label, "ids": ", ".join(missing)}
        }

    def upsert(self, values: dict, context: ImportContext) -> bool:
        """Create or update the row with values["id"]; True when created. Raise
        django.core.exceptions.ValidationError ({column: message}) for a bad row."""
        raise NotImplementedError

    def export_queryset(self) -> models.QuerySet:
        return self.model.objects.order_by("pk")

    def export_row(self, obj) -> list:
        raise NotImplementedError

    referenced_kinds: tuple[str, ...] = ()  # kinds whose ids this kind's rows name

    def export_rows(self) -> Iterable[list]:
        """Rows for export; records made in the web UI get a stable id the first time."""
        for kind_name in (*self.referenced_kinds, self.name):
            assign_missing_ids(get_kind(kind_name))
        for obj in self.export_queryset().iterator(chunk_size=2000):
            yield self.export_row(obj)


def assign_missing_ids(kind: Kind) -> None:
    """Give every record without an external id the stable id `kn-<kind>-<pk>`."""
    model = kind.model
    for pk in model.objects.filter(external_id=None).values_list("pk", flat=True):
        model.objects.filter(pk=pk, external_id=None).update(external_id=f"kn-{kind.name}-{pk}")
