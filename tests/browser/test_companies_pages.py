"""Companies: the list with search as you type and filters, a company's page with its
history, and adding a company whose organisation number is already registered."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.browser.support import assert_no_horizontal_scroll, check_a11y, follow, submit, visit
from tests.factories import CompanyFactory

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_company_list_search_detail_and_duplicate(page, login_as, broker, own_org, foreign_org):
    furniture = CompanyFactory(
        name="Vänerns Möbelsnickeri AB", org_number="556036-0793", municipality_id="1494"
    )
    CompanyFactory(name="Hotell Kustbris AB", municipality_id="1427")
    own = VisitFactory(company=furniture, organisation=own_org, advice="Vårt råd om CNC")
    VisitFactory(company=furniture, organisation=foreign_org, advice="Deras råd")
    NeedFactory(visit=own, area__name="CNC-operatörer")
    login_as(broker)

    visit(page, reverse("companies:company_list"), label="companies")
    expect(page.locator("h1")).to_have_text("Företag")
    rows = page.locator("#results table tbody tr")
    expect(rows).to_have_count(2)
    with page.expect_response(lambda r: "q=kust" in r.url):
        page.locator("#id_q").fill("kust")
    expect(rows).to_have_count(1)
    check_a11y(page, "companies searched")
    assert_no_horizontal_scroll(page, "companies searched")
    with page.expect_response(lambda r: "q=" in r.url):
        page.locator("#id_q").fill("möbel")
    expect(rows).to_have_count(1)
    follow(page, rows.get_by_role("link", name="Vänerns Möbelsnickeri AB"), label="company")
    expect(page.locator("#visits")).to_contain_text("Vårt råd om CNC")
    expect(page.locator("#visits")).not_to_contain_text("Deras råd")
    expect(page.locator("#visits")).to_contain_text("Vuxenutbildning Annan")
    expect(page.locator("#needs")).to_contain_text("CNC-operatörer")
    assert_no_horizontal_scroll(page, "company page")

    visit(page, reverse("companies:company_create"), label="add a company")
    page.locator("#id_name").fill("Kopia AB")
    page.locator("#id_org_number").fill("165560360793")
    submit(page, page.locator('button[name="save"]'), label="duplicate org number")
    expect(page.locator("#id_org_number")).to_have_attribute("aria-invalid", "true")
    follow(
        page,
        page.locator(
            f'main a[href="{reverse("companies:company_detail", args=[furniture.pk])}"]'
        ).first,
        label="the existing company",
    )
    expect(page.locator("h1")).to_have_text("Vänerns Möbelsnickeri AB")
