"""manage.py export KIND FILE (../shared/spec/interchange.md)."""

from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import write_table


class Command(BaseCommand):
    help = "Export every row of one kind to a CSV or XLSX file (the same columns as import)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join(sorted(KINDS))}")
        parser.add_argument("file", help="where to write: a .csv or .xlsx file")

    def handle(self, *args, **options) -> None:
        # the command line is a fixed, scriptable interface: its messages are in English
        with translation.override("en"):
            self._handle(**options)

    def _handle(self, *, kind: str, file: str, **options) -> None:
        if kind not in KINDS:
            raise CommandError(f"Unknown kind {kind!r}. Kinds: {', '.join(sorted(KINDS))}.")
        if Path(file).suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError("The file must end in .csv or .xlsx.")
        chosen = KINDS[kind]
        written = 0

        def counted() -> Iterator[list]:
            nonlocal written
            for row in chosen.export_rows():
                written += 1
                yield row

        # Streamed: rows are read from the database in chunks and written as they come, so
        # memory stays flat however many there are (one snapshot: a transaction).
        with transaction.atomic():
            write_table(file, file, chosen.export_column_names(), counted())
        self.stdout.write(f"{kind}: {written} rows written to {file}.")
