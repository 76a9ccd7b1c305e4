"""Statements kept per process (figures/kept.py): on PostgreSQL every query of the key
figures is compiled once and then answers every period as Django's query does, without
Django building it again; a query the watch cannot vouch for runs as it is; on SQLite
nothing is kept. (The key figures themselves, through these statements on PostgreSQL, are
checked against SQL written independently in reports/tests/test_figures_crosscheck.py.)"""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.sql import compiler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetensnav.figures.kept import KEPT, kept, learned
from kompetensnav.figures.registry import Period, compute
from kompetensnav.reports.tests.test_figures_crosscheck import (  # noqa: F401 (fixture)
    FIRST,
    LAST,
    build,
    fixed,
    worlds,
)
from kompetensnav.visits.models import Visit
from tests.factories import CompanyFactory, OrganisationFactory
from tests.postgres import only_on_postgres

pytestmark = pytest.mark.django_db


def on_postgres(test):
    for mark in only_on_postgres("statements are kept on PostgreSQL"):
        test = mark(test)
    return test


@st.composite
def period(draw) -> Period:
    start = draw(st.dates(FIRST, LAST))
    return Period(start, draw(st.dates(start, LAST)))


class _Compiled:
    """How many statements Django compiles while the block runs."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        as_sql = compiler.SQLCompiler.as_sql

        def counted(self_, *args, **kwargs):
            self.count += 1
            return as_sql(self_, *args, **kwargs)

        monkeypatch.setattr(compiler.SQLCompiler, "as_sql", counted)


@on_postgres
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds(), chosen=st.lists(period(), min_size=1, max_size=3))
def test_every_kept_query_answers_as_django_for_any_period(world, chosen, fixed):  # noqa: F811
    with transaction.atomic():
        build(world, fixed)
        for one in chosen:
            for key, as_kept in KEPT.items():
                if ".tests." not in key:
                    assert as_kept(one) == as_kept.__wrapped__(one), (key, one)
        transaction.set_rollback(True)
    ours = {key: ok for key, ok in learned().items() if ".tests." not in key}
    assert ours and all(ours.values()), ours  # every query of the key figures is kept


@on_postgres
def test_once_kept_the_key_figures_are_computed_without_django_compiling(monkeypatch):
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    compute(year)  # learns what it has not learned yet
    compiled = _Compiled(monkeypatch)
    values = compute(Period(date(2024, 3, 1), date(2024, 5, 31)))
    assert compiled.count == 0
    assert values["visits"] == 0 and values["needs"] == 0


@on_postgres
def test_a_period_of_a_project_or_an_organisation_is_not_kept(monkeypatch, fixed):  # noqa: F811
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    compute(year)
    compiled = _Compiled(monkeypatch)
    compute(Period(year.start, year.end, organisation=fixed.organisations[0]))
    assert compiled.count > 0  # Django builds them: the organisation's id is no period value
    compiled.count = 0
    compute(Period(year.start, year.end, project=fixed.project))
    assert compiled.count > 0


def _visits(period: Period, start: date) -> dict:
    return Visit.objects.filter(date__gte=start, date__lte=period.end).aggregate(n=Count("pk"))


@on_postgres
def test_what_the_watch_cannot_vouch_for_runs_as_it_is(monkeypatch):
    company, organisation = CompanyFactory(), OrganisationFactory()
    for day in (date(2025, 1, 20), date(2025, 3, 10), date(2025, 6, 1)):
        Visit.objects.create(company=company, organisation=organisation, date=day)
    period = Period(date(2025, 4, 1), date(2025, 6, 30))

    @kept
    def quarter_before(period: Period) -> dict:  # a value derived from the period otherwise
        return _visits(period, period.start - timedelta(days=90))

    @kept
    def two_statements(period: Period) -> dict:
        Visit.objects.count()
        return _visits(period, period.start)

    @kept
    def not_a_dict(period: Period) -> int:
        return Visit.objects.filter(date__gte=period.start, date__lte=period.end).count()

    @kept
    def fine(period: Period) -> dict:
        return _visits(period, period.start)

    assert quarter_before(period) == {"n": 3}
    assert two_statements(period) == {"n": 1}
    assert not_a_dict(period) == 1
    assert fine(period) == {"n": 1}
    found = {key.rsplit(".", 1)[1]: ok for key, ok in learned().items() if ".tests." in key}
    assert found == {
        "quarter_before": False,
        "two_statements": False,
        "not_a_dict": False,
        "fine": True,
    }
    compiled = _Compiled(monkeypatch)
    assert quarter_before(Period(date(2025, 3, 1), date(2025, 3, 31))) == {"n": 2}
    assert compiled.count > 0  # refused: Django builds it each time
    compiled.count = 0
    assert fine(Period(date(2025, 3, 1), date(2025, 3, 31))) == {"n": 1}
    assert compiled.count == 0


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_on_sqlite_nothing_is_kept():
    compute(Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert learned() == {}
