"""The registry of the key figures of ../shared/spec/interchange.md. Each app defines its
figures in its `figures.py` module with @figure("key") (found by autodiscover() when this app
is ready); `manage.py figures`, the API's /figures, the key figures page and the annual
report all call compute(), so nothing is computed twice. The command and the API also share
how a period is named (period_from_options) and the JSON types (compute_plain). Shared views
show compute_shared(): small numbers hidden by the one rule of privacy.py; only
`figures --json`, the contract, prints compute_plain().

This package is the floor the apps stand on: it imports none of them (a test makes sure).
It finds their figures by the name of the module and their rows by the model's label."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.util import find_spec

from django.apps import apps

from .privacy import as_plain, hidden_keys, suppress

# The contract's order of keys; figures of apps not yet installed are simply absent.
ORDER = [
    "visits", "companies_visited", "needs",
    "network_meetings", "job_shadowings", "job_shadowings_transnational", "event_participants",
    "collaborations",
    "courses_delivered", "pilot_courses_delivered", "sessions", "participants_registered",
    "participants_attended", "attendance_hours_total", "attendance_hours_mean",
    "attendance_hours_max", "participants_by_gender",
    "members", "municipalities_represented", "contacts", "contact_organisations",
    "mobilities_completed", "places_used_pct", "budget_used_pct", "accreditation_target_met",
    # this product's additions to the contract (docs/interchange.md), after its keys
    "initiatives_active", "initiatives_done", "councils_active", "council_meetings",
]  # fmt: skip


@dataclass(frozen=True)
class Period:
    """The inclusive period P = [start, end], with the optional restrictions of `figures`."""

    start: date
    end: date
    project: object = None  # a projects.Project, when --project is given
    organisation: object = None  # a network.Organisation, when --organisation is given


FIGURES: dict[str, Callable[[Period], object]] = {}


def figure(key: str):
    if key not in ORDER:
        raise ValueError(f"{key} is not a key of the interchange contract")

    def register(function: Callable[[Period], object]) -> Callable[[Period], object]:
        FIGURES[key] = function
        return function

    return register


def autodiscover() -> None:
    for app in apps.get_app_configs():
        if app.name.startswith("kompetensnav.") and find_spec(f"{app.name}.figures"):
            importlib.import_module(f"{app.name}.figures")


def compute(period: Period) -> dict[str, object]:
    return {key: FIGURES[key](period) for key in ORDER if key in FIGURES}


# --- the options of `manage.py figures`, shared with the API's /figures ---------------------

# The largest id a database column can hold; a larger number cannot name a row.
_MAX_ID = 2**63 - 1
# The dates a period may have: wide enough for any real period, and far from the ends of the
# calendar, where a period's bounds as date-times (the day after its end, midnight in
# Stockholm as UTC) cannot be computed.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


class PeriodError(ValueError):
    """The options do not make a period. `option` is the option at fault ("from", "to",
    "project" or "organisation"), `code` what is wrong with it ("invalid_date",
    "out_of_range", "end_before_start", "not_found", "unavailable"), `value` what was given. Each caller
    words the message for its own users (the command in English, the API translated)."""

    def __init__(self, option: str, code: str, value: str = "") -> None:
        super().__init__(f"{option}: {code} ({value!r})")
        self.option = option
        self.code = code
        self.value = value


def _date(option: str, value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise PeriodError(option, "invalid_date", value) from exc
    if not EARLIEST <= day <= LATEST:
        raise PeriodError(option, "out_of_range", value)
    return day


def _lookup(option: str, label: str, value: str | None):
    """The row named by its external id (the contract's `id`) or else by its kompetensnav id."""
    if value is None:
        return None
    try:
        model = apps.get_model(label)
    except LookupError as exc:
        raise PeriodError(option, "unavailable", value) from exc
    found = model.objects.filter(external_id=value).first()
    if found is None and value.isascii() and value.isdigit() and int(value) <= _MAX_ID:
        found = model.objects.filter(pk=int(value)).first()
    if found is None:
        raise PeriodError(option, "not_found", value)
    return found


def period_from_options(
    *, start: str, end: str, project: str | None = None, organisation: str | None = None
) -> Period:
    """The Period the options of `figures` name: dates as YYYY-MM-DD, `project` and
    `organisation` by external id or id. Raises PeriodError."""
    period = Period(
        start=_date("from", start),
        end=_date("to", end),
        project=_lookup("project", "projects.Project", project),
        organisation=_lookup("organisation", "network.Organisation", organisation),
    )
    if period.end < period.start:
        raise PeriodError("to", "end_before_start", end)
    return period


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def compute_plain(period: Period) -> dict[str, object]:
    """compute() with JSON's types (decimals as floats): what `figures --json` prints."""
    return {key: _plain(value) for key, value in compute(period).items()}


def compute_shared(period: Period) -> dict[str, object]:
    """compute() as shared views may show it: small numbers are privacy.Hidden."""
    return suppress(compute(period))


def shared_plain(shared: dict[str, object], *, text: bool = False) -> dict[str, object]:
    """compute_shared()'s values with JSON's types: a hidden value is None or, with `text`,
    what it reads ("< 5", "not shown")."""
    return {key: as_plain(_plain(value), text=text) for key, value in shared.items()}


def compute_shared_plain(period: Period) -> dict[str, object]:
    """compute_shared() with JSON's types: a hidden value is null, and `suppressed` lists
    the hidden values' keys (`key.part` for a part of a dict-valued figure). What the API's
    /figures answers."""
    shared = compute_shared(period)
    return {**shared_plain(shared), "suppressed": hidden_keys(shared)}
