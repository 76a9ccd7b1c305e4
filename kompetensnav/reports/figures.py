"""The key figures of ../shared/spec/interchange.md. Each app defines its figures in a
`figures.py` module with @figure("key"); `manage.py figures`, the key figures page and the
annual report all call compute(), so nothing is computed twice."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib.util import find_spec

from django.apps import apps

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
