"""The demo's companies and visits look alive: several years of visits with needs, and the
demo broker's follow-ups are due and overdue whatever day the demo is loaded."""

import random

import pytest
from django.db import transaction
from django.utils import timezone

from kompetensnav.accounts import demo as accounts_demo
from kompetensnav.accounts.models import User
from kompetensnav.common.demodata import DemoContext
from kompetensnav.companies import demo as companies_demo
from kompetensnav.companies.models import Company
from kompetensnav.network import demo as network_demo
from kompetensnav.visits import demo as visits_demo
from kompetensnav.visits import selectors
from kompetensnav.visits.forms import DashboardFilterForm
from kompetensnav.visits.models import Need, PlanItem, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The visits' part of the demo, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        context = DemoContext(rng=random.Random(2026))
        for module in (network_demo, accounts_demo, companies_demo, visits_demo):
            module.seed(context)
        yield context
        transaction.set_rollback(True)


def test_demo_companies_are_valid_and_unique(demo):
    assert 140 <= Company.objects.filter(country_id="SE").count() <= 160
    assert Company.objects.filter(country_id="NO").count() == 10
    assert Company.objects.filter(country_id="DK").count() == 10
    for company in Company.objects.filter(country_id="SE"):
        company.full_clean()
    assert Company.objects.filter(name="Vänerns Möbelsnickeri AB", municipality_id="1494").exists()
    assert "companies" in companies_demo.summary(demo)


def test_demo_visits_span_several_years_with_needs(demo):
    assert 300 <= Visit.objects.count() <= 420
    years = set(Visit.objects.dates("date", "year").values_list("date__year", flat=True))
    assert {2022, 2023, 2024, 2025, timezone.localdate().year} <= years
    assert Need.objects.count() >= Visit.objects.count()
    assert Need.objects.values("area").distinct().count() >= 15
    summary = selectors.needs_dashboard(actor=None, filters=DashboardFilterForm().filters())
    assert summary["totals"]["needs"] >= 20 and len(summary["top_areas"]) == 10


def test_demo_broker_has_due_and_overdue_follow_ups(demo):
    broker = User.objects.get(email=visits_demo.DEMO_BROKER)
    followups = selectors.followups(actor=broker, today=timezone.localdate())
    assert len(followups["overdue"]) >= 3 and len(followups["due"]) >= 3
    plan = selectors.plan_list(actor=broker, status="open")
    assert plan.count() >= 5
    assert PlanItem.objects.values("organisation").distinct().count() >= 3
