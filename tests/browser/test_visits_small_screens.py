"""Reflow (WCAG 1.4.10) of the needs inventory at 320 px: companies, visits, follow-ups,
the visit plan, the needs dashboard and its drill-down, with long names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.visits.models import Visit, VisitDraft
from kompetensnav.visits.tests.factories import NeedFactory, PlanItemFactory, VisitFactory
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit
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
        reverse("visits:visit_list") + "?routed=on",
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


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_a_half_filled_visit_is_kept_on_the_phone_and_finished_later(
    page, login_as, broker, own_org
):
    company = CompanyFactory(name="Kustbris Hotell och Konferens AB", municipality_id="1487")
    login_as(broker)
    visit(page, reverse("visits:visit_create") + f"?company={company.pk}", label="visit form")
    page.locator("#id_advice").fill("Tipsade om svenska för yrkeslivet")
    page.locator("#question-q-industry_situation").get_by_label("Växande").check()
    submit(page, page.get_by_role("button", name="Spara som utkast"), label="draft kept")
    expect(page.locator("#drafts")).to_contain_text("Kustbris Hotell och Konferens AB")
    assert_no_horizontal_scroll(page, "visit list with a draft at 320 px")
    assert not Visit.objects.exists()

    # later, from the start page
    visit(page, reverse("common:home"), label="start page with a draft")
    follow(page, page.get_by_role("link", name="Kustbris Hotell och Konferens AB"), label="draft")
    expect(page.locator("#id_advice")).to_have_value("Tipsade om svenska för yrkeslivet")
    expect(page.locator(".errorlist")).to_have_count(0)
    expect(page.locator("#question-q-industry_situation").get_by_label("Växande")).to_be_checked()
    assert_no_horizontal_scroll(page, "draft resumed at 320 px")
    page.locator("#id_notes").fill("Vd och produktionschef var med")
    page.locator("#question-q-recruitment_difficulties").get_by_label("Nej").check()
    submit(page, page.get_by_role("button", name="Spara besöket"), label="visit saved")
    saved = Visit.objects.get()
    assert saved.advice == "Tipsade om svenska för yrkeslivet" and saved.company == company
    assert not VisitDraft.objects.exists()
