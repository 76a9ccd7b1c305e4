"""The organisation list: search narrows the results in place (htmx), filters, detail page."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.network.enums import OrganisationKind
from tests.browser.support import check_a11y, follow, visit
from tests.factories import OrganisationFactory


def make_organisations():
    OrganisationFactory(name="Lärcentrum Uddevalla", municipality_id="1485")
    OrganisationFactory(name="Lärcentrum Trollhättan", municipality_id="1488")
    OrganisationFactory(
        name="Vuxenutbildningen Göteborg",
        municipality_id="1480",
        kind=OrganisationKind.ADULT_EDUCATION,
    )


def test_search_narrows_the_list_without_reloading_the_page(page, login_as, broker):
    make_organisations()  # and the broker's own "Lärcentrum Egen" in Uddevalla
    login_as(broker)
    visit(page, reverse("network:organisation_list"), label="organisations")
    rows = page.locator("#results table tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator("#results")).to_have_attribute("aria-live", "polite")

    # mark the document: a full page load would lose the mark
    page.evaluate("() => { window.__sameDocument = true; }")
    search = page.locator("#id_q")
    with page.expect_response(lambda r: "q=troll" in r.url.lower()) as answer:
        search.press_sequentially("Troll", delay=20)
    response = answer.value
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text()  # only the results came back
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lärcentrum Trollhättan")
    expect(rows.first).to_contain_text("Fyrbodal")
    assert page.evaluate("() => window.__sameDocument === true")
    expect(page).to_have_url(re.compile(r"[?&]q=Troll"))  # the address can be shared
    check_a11y(page, "organisations, searched")

    # municipality names are searched too
    with page.expect_response(lambda r: "teborg" in r.url):
        search.fill("göteborg")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Vuxenutbildningen Göteborg")
    check_a11y(page, "organisations, searched by municipality")

    with page.expect_response(lambda r: "q=finns" in r.url.lower()):
        search.fill("finns inte")
    expect(rows).to_have_count(0)
    expect(page.locator("#results .empty")).to_be_visible()
    check_a11y(page, "organisations, no match")

    # a subregion narrows the list as soon as it is chosen
    with page.expect_response(lambda r: "subregion=fyrbodal" in r.url):
        search.fill("")
        page.locator("#id_subregion").select_option("fyrbodal")
    expect(rows).to_have_count(3)
    expect(page.locator("#results")).not_to_contain_text("Göteborg")
    check_a11y(page, "organisations, one subregion")
    assert page.evaluate("() => window.__sameDocument === true")

    follow(page, rows.get_by_role("link", name="Lärcentrum Trollhättan"), label="organisation")
    expect(page.locator("h1")).to_have_text("Lärcentrum Trollhättan")
    facts = page.locator("main dl").first
    expect(facts).to_contain_text("Trollhättan (1488)")
    expect(facts).to_contain_text("Fyrbodal")


def test_search_works_without_javascript_too(chromium, live_server, page, login_as, broker):
    """The filter form is an ordinary GET form: without JavaScript it still works."""
    from django.conf import settings
    from django.test import Client

    make_organisations()
    client = Client()
    client.force_login(broker)
    context = chromium.new_context(
        base_url=live_server.url, locale="sv-SE", java_script_enabled=False
    )
    try:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        no_js = context.new_page()
        no_js.goto(reverse("network:organisation_list"))
        no_js.locator("#id_q").fill("Troll")
        with no_js.expect_navigation():
            no_js.locator("form[role=search] button[type=submit]").click()
        assert "q=Troll" in no_js.url
        expect(no_js.locator("#results table tbody tr")).to_have_count(1)
        searched = no_js.url
    finally:
        context.close()

    # axe needs JavaScript: check the same full page, searched, in the normal browser
    login_as(broker)
    visit(page, searched.removeprefix(live_server.url), label="organisations, searched (full page)")
    expect(page.locator("#results table tbody tr")).to_have_count(1)
    expect(page.locator("#id_q")).to_have_value("Troll")
