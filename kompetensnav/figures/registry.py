"""The key figures of ../shared/spec/interchange.md, each declared once. An app declares its
figures in its `figures.py` module (found by autodiscover() when this app is ready) with

    @figure("key", area=..., unit=..., label=..., definition=..., rule=...)

and everything else is derived from that one declaration: the order and JSON types of
`manage.py figures`, the API's /figures schema (api/schemas.py), the key figures page, its XLSX
and PDF, the annual report, which values the privacy rule may hide, and the tables of
docs/interchange.md (`manage.py figure_definitions` prints them; a test compares). The
command, the API, the pages and the annual report all call compute(), so nothing is computed
twice. The command and the API also share how a period is named (period_from_options) and
the JSON types (compute_plain). Shared views show compute_shared(): small numbers hidden by the
one rule of privacy.py; only `figures --json`, the contract, prints compute_plain().

This package is the floor the apps stand on: it imports none of them (a test makes sure).
It finds their figures by the name of the module and their rows by the model's label."""

import functools
import importlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from importlib.util import find_spec

from django.apps import apps
from django.utils.functional import Promise

from .privacy import as_plain, hidden_keys, suppress

# The keys of the interchange contract (../shared/spec/interchange.md), in its order. A figure
# declared with another key is this product's addition and follows them, in the order of
# declaration; figures of apps not installed are simply absent.
CONTRACT = [
    "visits", "companies_visited", "needs",
    "network_meetings", "job_shadowings", "job_shadowings_transnational", "event_participants",
    "collaborations",
    "courses_delivered", "pilot_courses_delivered", "sessions", "participants_registered",
    "participants_attended", "attendance_hours_total", "attendance_hours_mean",
    "attendance_hours_max", "participants_by_gender",
    "members", "municipalities_represented", "contacts", "contact_organisations",
    "mobilities_completed", "places_used_pct", "budget_used_pct", "accreditation_target_met",
]  # fmt: skip


@dataclass(frozen=True)
class Period:
    """The inclusive period P = [start, end], with the optional restrictions of `figures`."""

    start: date
    end: date
    project: object = None  # a projects.Project, when --project is given
    organisation: object = None  # a network.Organisation, when --organisation is given


class Unit(StrEnum):
    """What a figure's value (or each of its parts) is: its JSON type follows."""

    COUNT = "count"  # a whole number of things or people (int)
    HOURS = "hours"  # hours, with decimals (a decimal; a number in JSON)
    PERCENT = "percent"  # a percentage with one decimal (a decimal; a number in JSON)
    YES_NO = "yes_no"  # true or false (bool)


@dataclass(frozen=True)
class Figure:
    """One key figure, as declared with @figure."""

    key: str
    compute: Callable[[Period], object]
    area: str  # a key of labels.AREAS: where the page, the PDF and the XLSX group it
    unit: Unit
    label: str | Promise  # its name for people (translated)
    definition: str | Promise  # what it counts, for people (the annual report's footnotes)
    rule: str  # the contract's exact definition (English): the API's schema and the docs
    parts: tuple[str, ...] = ()  # a dict-valued figure's keys, in order (labels.PARTS)
    optional: bool = False  # null (per part) where there is nothing to compute it from
    headline: bool = False  # shown as a tile at the top of the key figures page
    breakdown_of: str = ""  # privacy rules 1-2: its parts count people and add up to this
    about: str = ""  # privacy rule 3: computed from the people this figure counts

    @property
    def in_contract(self) -> bool:
        return self.key in CONTRACT

    @property
    def may_hide(self) -> bool:
        """Whether a shared view may hide the value (or its parts)."""
        return bool(self.breakdown_of or self.about)


FIGURES: dict[str, Figure] = {}


def figure(
    key: str,
    *,
    area: str,
    unit: Unit,
    label: str | Promise,
    definition: str | Promise,
    rule: str,
    parts: tuple[str, ...] = (),
    optional: bool = False,
    headline: bool = False,
    breakdown_of: str = "",
    about: str = "",
) -> Callable[[Callable[[Period], object]], Callable[[Period], object]]:
    """Declare the key figure `key`, computed by the decorated function of a Period."""

    def register(function: Callable[[Period], object]) -> Callable[[Period], object]:
        known = FIGURES.get(key)
        if known is not None and known.compute.__qualname__ != function.__qualname__:
            raise ValueError(f"the key figure {key} is declared twice")
        FIGURES[key] = Figure(
            key=key,
            compute=function,
            area=area,
            unit=unit,
            label=label,
            definition=definition,
            rule=rule,
            parts=parts,
            optional=optional,
            headline=headline,
            breakdown_of=breakdown_of,
            about=about,
        )
        return function

    return register


def autodiscover() -> None:
    for app in apps.get_app_configs():
        if app.name.startswith("kompetensnav.") and find_spec(f"{app.name}.figures"):
            importlib.import_module(f"{app.name}.figures")


def order() -> list[str]:
    """The keys of the declared figures: the contract's in its order, then the others."""
    return [k for k in CONTRACT if k in FIGURES] + [k for k in FIGURES if k not in CONTRACT]


def declared() -> list[Figure]:
    return [FIGURES[key] for key in order()]


# The scans that several figures share, kept for the length of one compute() (see scan()).
_SCANS: ContextVar[dict | None] = ContextVar("figure_scans", default=None)


def scan[R](function: Callable[[Period], R]) -> Callable[[Period], R]:
    """A helper that several figures read (e.g. one pass over a period's attendance that
    gives the participants, their hours, the largest sum and the genders): within one
    compute() it runs once per period, so the figures share one scan of the table; called
    alone (a single figure, a month of the annual report) it simply runs."""

    @functools.wraps(function)
    def shared(period: Period) -> R:
        found = _SCANS.get()
        if found is None:
            return function(period)
        key = (function.__module__, function.__qualname__, period)
        if key not in found:
            found[key] = function(period)
        return found[key]

    return shared


@contextmanager
def shared_scans() -> Iterator[None]:
    """Within this block, the figures of a period share their scans (scan()): compute() opens
    one; the annual report opens one around its months. Nested blocks share the outer one."""
    if _SCANS.get() is not None:
        yield
        return
    token = _SCANS.set({})
    try:
        yield
    finally:
        _SCANS.reset(token)


def compute(period: Period) -> dict[str, object]:
    with shared_scans():
        return {key: FIGURES[key].compute(period) for key in order()}


def breakdowns() -> dict[str, str]:
    """{figure whose parts count people: the figure they add up to} (privacy rules 1-2)."""
    return {f.key: f.breakdown_of for f in declared() if f.breakdown_of}


def about_people() -> dict[str, str]:
    """{figure computed from people's data: the figure counting them} (privacy rule 3)."""
    return {f.key: f.about for f in declared() if f.about}


def share(values: Mapping[str, object]) -> dict[str, object]:
    """Figures as compute() returns them, as a shared view may show them (privacy.py)."""
    return suppress(values, breakdowns=breakdowns(), about_people=about_people())


def definitions_markdown(*, contract: bool) -> str:
    """The table of docs/interchange.md for the contract's keys or for this product's."""
    lines = ["| key | definition |", "|---|---|"]
    lines += [f"| {f.key} | {f.rule} |" for f in declared() if f.in_contract == contract]
    return "\n".join(lines)


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
    return share(compute(period))


def shared_plain(shared: dict[str, object], *, text: bool = False) -> dict[str, object]:
    """compute_shared()'s values with JSON's types: a hidden value is None or, with `text`,
    what it reads ("< 5", "not shown")."""
    return {key: as_plain(_plain(value), text=text) for key, value in shared.items()}


def compute_shared_plain(period: Period) -> dict[str, object]:
    """compute_shared() with JSON's types: a hidden value is null, and `suppressed` lists
    the hidden values' keys (`key.part` for a part of a dict-valued figure). What the API's
    /figures answers."""
    return shared_answer(compute_shared(period))


def shared_answer(shared: dict[str, object]) -> dict[str, object]:
    """compute_shared()'s values as the API answers them (see compute_shared_plain)."""
    return {**shared_plain(shared), "suppressed": hidden_keys(shared)}
