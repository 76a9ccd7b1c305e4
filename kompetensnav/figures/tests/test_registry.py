"""The registry (figures/registry.py): apps register their figures into it, compute() returns
them in the contract's order, and the options of `figures` name a period. What the figures
count is tested with each app (<app>/tests/test_figures.py)."""

from datetime import date

import pytest
from django.apps import apps

from kompetensnav.figures import registry
from kompetensnav.figures.registry import ORDER, Period, PeriodError, period_from_options


def test_only_keys_of_the_contract_can_be_registered():
    with pytest.raises(ValueError, match="not a key of the interchange contract"):
        registry.figure("something_new")


def test_every_installed_app_registers_its_figures_when_the_site_starts():
    apps_with_figures = {f.__module__.rsplit(".", 1)[0] for f in registry.FIGURES.values()}
    assert apps_with_figures == {
        "kompetensnav.network",
        "kompetensnav.visits",
        "kompetensnav.participants",
        "kompetensnav.projects",
        "kompetensnav.collaboration",
    }
    assert apps.is_installed("kompetensnav.figures")


def test_compute_answers_in_the_contracts_order(monkeypatch):
    monkeypatch.setattr(
        registry, "FIGURES", {"members": lambda p: 2, "visits": lambda p: 1, "needs": lambda p: 3}
    )
    figures = registry.compute(Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert list(figures) == [key for key in ORDER if key in ("members", "visits", "needs")]


@pytest.mark.parametrize(
    ("options", "option", "code"),
    [
        ({"start": "2025-1-1", "end": "2025-12-31"}, "from", "invalid_date"),
        ({"start": "1899-12-31", "end": "2025-12-31"}, "from", "out_of_range"),
        ({"start": "2025-12-31", "end": "2025-01-01"}, "to", "end_before_start"),
        ({"start": "2025-01-01", "end": "2025-12-31", "project": "p-404"}, "project", "not_found"),
    ],
)
def test_period_from_options_says_which_option_is_wrong(db, options, option, code):
    with pytest.raises(PeriodError) as error:
        period_from_options(**options)
    assert (error.value.option, error.value.code) == (option, code)


def test_period_from_options_names_the_inclusive_period(db):
    period = period_from_options(start="2025-01-01", end="2025-01-01")
    assert period == Period(date(2025, 1, 1), date(2025, 1, 1))
