"""manage.py report competence-analysis --from YYYY-MM-DD --to YYYY-MM-DD
[--region NAME-OR-CODE] [--language sv|en] [--introduction FILE.txt] [--conclusions FILE.txt]
--output FILE.pdf|FILE.xlsx

Writes the competence analysis of the period (and region: a subregion or a municipality by
name, identifier or SCB code; the whole network without it) to a PDF or an XLSX file, chosen
by the file's extension (docs/interchange.md). Small numbers are hidden as in every shared
view: the file is meant to be passed on."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kompetensnav.figures.registry import EARLIEST, LATEST
from kompetensnav.reports import exporters
from kompetensnav.reports.competence import RegionError, competence_analysis, resolve_region

FORMATS = {".pdf": exporters.competence_pdf, ".xlsx": exporters.competence_xlsx}


def _day(value: str, option: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Write {option} as YYYY-MM-DD, not {value!r}.") from exc
    if not EARLIEST <= day <= LATEST:
        raise CommandError(f"Dates must be from {EARLIEST} to {LATEST}, not {value!r}.")
    return day


def _text(path: str | None, option: str) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8-sig").strip()
    except OSError as exc:
        raise CommandError(f"Cannot read {option} {path}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{option} {path} is not UTF-8 text: save it as UTF-8.") from exc


class Command(BaseCommand):
    help = "Write a report to a file: competence-analysis."

    def add_arguments(self, parser) -> None:
        reports = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        analysis = reports.add_parser(
            "competence-analysis", help="the competence analysis of a period and region"
        )
        analysis.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        analysis.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        analysis.add_argument(
            "--region", help="a subregion or municipality (name, identifier or SCB code)"
        )
        analysis.add_argument("--language", choices=["sv", "en"], default="sv")
        analysis.add_argument(
            "--introduction", help="a UTF-8 text file: the introduction (blank lines part it)"
        )
        analysis.add_argument("--conclusions", help="a UTF-8 text file: the conclusions")
        analysis.add_argument("--output", required=True, help="FILE.pdf or FILE.xlsx")

    def handle(self, *args, report: str, start, end, region, language, output, **options):
        texts = {name: _text(options.get(name), f"--{name}")
                 for name in ("introduction", "conclusions")}  # fmt: skip
        write = FORMATS.get(Path(output).suffix.lower())
        if write is None:
            raise CommandError("The output file must end in .pdf or .xlsx.")
        date_from, date_to = _day(start, "--from"), _day(end, "--to")
        if date_to < date_from:
            raise CommandError("--to must not be before --from.")
        with translation.override(language):
            try:
                chosen = resolve_region(region)
            except RegionError as exc:
                raise CommandError(str(exc)) from exc
            analysis = competence_analysis(
                date_from=date_from, date_to=date_to, region=chosen, language=language, **texts
            )
            content = write(analysis)
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes).")
