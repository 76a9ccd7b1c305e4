"""manage.py figures --from YYYY-MM-DD --to YYYY-MM-DD [--project ID] [--organisation ID] [--json]

The options are read by figures.registry.period_from_options, as the API's /figures reads
them. `--json` prints compute_plain(): the exact figures of the interchange contract, for the
systems that read them (whoever runs the command can read the database anyway). The text is
for people and may be passed on, so it hides small numbers as every shared view does
(figures/privacy.py): "< 5" and "not shown", explained in a last line."""

import json

from django.core.management.base import BaseCommand, CommandError, no_translations

from kompetensnav.figures.privacy import THRESHOLD, hidden_keys
from kompetensnav.figures.registry import (
    EARLIEST,
    LATEST,
    PeriodError,
    compute_plain,
    compute_shared,
    period_from_options,
    shared_plain,
)


def _message(error: PeriodError) -> str:
    if error.code == "invalid_date":
        return f"Write dates as YYYY-MM-DD, not {error.value!r}."
    if error.code == "out_of_range":
        return f"Dates must be from {EARLIEST} to {LATEST}, not {error.value!r}."
    if error.code == "end_before_start":
        return "--to must not be before --from."
    if error.code == "unavailable":
        return f"{error.option}s are not available in this version."
    return f"No {error.option} with id {error.value!r}."


class Command(BaseCommand):
    help = "Print the key figures for an inclusive date range."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--project", help="restrict to a project (its id)")
        parser.add_argument("--organisation", help="restrict to an organisation (its id)")
        parser.add_argument(
            "--json", action="store_true", help="one JSON object on stdout: the exact figures"
        )

    @no_translations  # the output is English, as the contract's keys
    def handle(self, *args, start, end, project, organisation, json: bool, **options) -> None:
        try:
            period = period_from_options(
                start=start, end=end, project=project, organisation=organisation
            )
        except PeriodError as exc:
            raise CommandError(_message(exc)) from exc
        if json:
            self.stdout.write(_dumps(compute_plain(period)))
            return
        shared = compute_shared(period)
        figures = shared_plain(shared, text=True)
        width = max((len(k) for k in figures), default=0)
        for key, value in figures.items():
            self.stdout.write(
                f"{key.ljust(width)}  {_dumps(value) if isinstance(value, dict) else value}"
            )
        if hidden_keys(shared):
            self.stdout.write(
                f"Figures about fewer than {THRESHOLD} people are hidden: < {THRESHOLD} stands "
                f"for fewer than {THRESHOLD}, and not shown for a figure that would reveal such "
                "a number. --json prints the exact figures."
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
