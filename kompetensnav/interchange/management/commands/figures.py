"""manage.py figures --from YYYY-MM-DD --to YYYY-MM-DD [--project ID] [--organisation ID] [--json]"""

import json
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from kompetensnav.reports.figures import Period, compute


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Write dates as YYYY-MM-DD, not {value!r}.") from exc


def _lookup(label: str, value: str | None):
    if value is None:
        return None
    try:
        model = apps.get_model(label)
    except LookupError as exc:
        raise CommandError(f"{label.split('.')[1]}s are not available in this version.") from exc
    found = model.objects.filter(external_id=value).first()
    if found is None and value.isdigit():
        found = model.objects.filter(pk=int(value)).first()
    if found is None:
        raise CommandError(f"No {model._meta.model_name} with id {value!r}.")
    return found


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Command(BaseCommand):
    help = "Print the key figures for an inclusive date range."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--project", help="restrict to a project (its id)")
        parser.add_argument("--organisation", help="restrict to an organisation (its id)")
        parser.add_argument("--json", action="store_true", help="one JSON object on stdout")

    def handle(self, *args, start, end, project, organisation, json: bool, **options) -> None:
        period = Period(
            start=_date(start),
            end=_date(end),
            project=_lookup("projects.Project", project),
            organisation=_lookup("network.Organisation", organisation),
        )
        if period.end < period.start:
            raise CommandError("--to must not be before --from.")
        figures = {k: _plain(v) for k, v in compute(period).items()}
        if json:
            self.stdout.write(_dumps(figures))
            return
        width = max((len(k) for k in figures), default=0)
        for key, value in figures.items():
            self.stdout.write(
                f"{key.ljust(width)}  {_dumps(value) if isinstance(value, dict) else value}"
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
