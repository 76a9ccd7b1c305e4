"""The registry (figures/registry.py): apps register their figures into it, compute() returns
them in the contract's order, and the options of `figures` name a period. What the figures
count is tested with each app (<app>/tests/test_figures.py)."""

from dataclasses import replace
from datetime import date

import pytest
from django.apps import apps

from kompetensnav.figures import registry
from kompetensnav.figures.registry import Period, PeriodError, Unit, period_from_options


def _declare(monkeypatch, key: str, value: object = 1):
    monkeypatch.setattr(registry, "FIGURES", dict(registry.FIGURES))
    registry.figure(
        key, area="other", unit=Unit.COUNT, label=key, definition=key, rule=f"the {key}"
    )(lambda period: value)


def test_a_key_is_declared_once(monkeypatch):
    _declare(monkeypatch, "something_new")
    with pytest.raises(ValueError, match="declared twice"):
        registry.figure(
            "something_new", area="other", unit=Unit.COUNT, label="", definition="", rule=""
        )(lambda period: 2)


@pytest.mark.django_db
def test_a_figure_outside_the_contract_follows_the_contracts_keys(monkeypatch):
    _declare(monkeypatch, "something_new", 7)
    assert registry.order()[: len(registry.CONTRACT)] == registry.CONTRACT
    assert registry.order()[-1] == "something_new"
    assert registry.compute(Period(date(2025, 1, 1), date(2025, 1, 1)))["something_new"] == 7
    assert "| something_new | the something_new |" in registry.definitions_markdown(contract=False)
    assert "something_new" not in registry.definitions_markdown(contract=True)


def test_every_installed_app_registers_its_figures_when_the_site_starts():
    apps_with_figures = {f.compute.__module__.rsplit(".", 1)[0] for f in registry.FIGURES.values()}
    assert apps_with_figures == {
        "kompetensnav.network",
        "kompetensnav.visits",
        "kompetensnav.participants",
        "kompetensnav.projects",
        "kompetensnav.collaboration",
    }
    assert apps.is_installed("kompetensnav.figures")


def test_compute_answers_in_the_contracts_order(monkeypatch):
    values = {"members": 2, "visits": 1, "needs": 3}
    monkeypatch.setattr(
        registry,
        "FIGURES",
        {k: replace(registry.FIGURES[k], compute=lambda p, v=v: v) for k, v in values.items()},
    )
    figures = registry.compute(Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert list(figures) == ["visits", "needs", "members"]
    assert figures == values


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
