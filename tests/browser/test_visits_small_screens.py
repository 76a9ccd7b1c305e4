"""Reflow (WCAG 1.4.10) of the needs inventory at 320 px: companies, visits, follow-ups,
the visit plan, the needs dashboard and its drill-down, with long names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.visits.tests.factories import NeedFactory, PlanItemFactory, VisitFactory
from tests.browser.support import assert_no_horizontal_scroll, visit
from tests.factories import CompanyFactory


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_needs_inventory_pages_reflow_at_320px(page, login_as, broker, own_org):
    today = timezone.localdate()
    company = CompanyFactory(
        name="Vänersborgs Kompetensutvecklingsorienterade Möbelsnickerifabrikation AB",
        municipality_id="1487",
        sni_id="31",
    )
    visit_ = VisitFactory(
        company=company,
        organisation=own_org,
        visited_by=[broker],
        date=today - timedelta(days=20),
        follow_up_date=today - timedelta(days=2),
        notes="Produktionsplaneringsansvarigsamordnare deltog",
    )
    NeedFactory(visit=visit_, area__name="Automationsrobotprogrammeringsutbildning")
    item = PlanItemFactory(organisation=own_org, company=company, owner=broker)
    login_as(broker)
    pages = [
        reverse("companies:company_list"),
        reverse("companies:company_detail", args=[company.pk]),
        reverse("companies:company_create"),
        reverse("visits:visit_list"),
        reverse("visits:visit_create") + f"?company={company.pk}",
        reverse("visits:visit_detail", args=[visit_.pk]),
        reverse("visits:followups"),
        reverse("visits:visit_edit", args=[visit_.pk]),
        reverse("visits:plan_list"),
        reverse("visits:plan_create"),
        reverse("visits:plan_edit", args=[item.pk]),
        reverse("visits:visit_create") + f"?plan={item.pk}",
        reverse("visits:dashboard"),
        reverse("visits:need_list"),
    ]
    for path in pages:
        visit(page, path, label=f"{path} at 320 px")
        assert_no_horizontal_scroll(page, f"{path} at 320 px")
