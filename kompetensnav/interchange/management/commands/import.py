"""manage.py import KIND FILE [--dry-run] (../shared/spec/interchange.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import TableError, open_table


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of one kind: all rows or none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join(sorted(KINDS))}")
        parser.add_argument("file", help="a .csv or .xlsx file with a header row")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, **options) -> None:
        # the command line is a fixed, scriptable interface: its messages are in English
        with translation.override("en"):
            self._handle(**options)

    def _handle(self, *, kind: str, file: str, dry_run: bool, **options) -> None:
        if kind not in KINDS:
            raise CommandError(f"Unknown kind {kind!r}. Kinds: {', '.join(sorted(KINDS))}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            # read a row at a time, within the limits of docs/interchange.md
            table = open_table(path.read_bytes(), path.name)
            result = run_import(KINDS[kind], table, dry_run=dry_run)
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        for notice in result.notices:  # told, not refused
            self.stderr.write(f"notice: {notice}")
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.errors)} problem(s) in {path.name}; nothing was written.",
                returncode=1,
            )
        verb = "would create" if dry_run else "created"
        verb2 = "would update" if dry_run else "updated"
        self.stdout.write(
            f"{kind}: {result.rows} rows, {verb} {len(result.created)}, "
            f"{verb2} {len(result.updated)}."
        )
