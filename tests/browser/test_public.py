"""Pages anyone can see: the landing page in Swedish and English, the accessibility
statement, keyboard access to the content, and the 404 page."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.support import follow, submit, visit


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_landing_page_is_swedish_and_switches_to_english_and_back(page, live_server):
    visit(page, "/", label="landing page (sv)")
    assert html_lang(page) == "sv"
    expect(page.locator("h1")).to_contain_text("kompetensnav")
    expect(page.locator("main")).to_contain_text("Logga in")
    # the page's own text is translated too, not only the words Django and allauth bring
    expect(page.locator("main")).not_to_contain_text("A shared platform")
    switch = page.get_by_role("button", name="English")
    expect(switch).to_have_attribute("lang", "en")

    submit(page, switch, label="landing page (en)")
    assert html_lang(page) == "en"
    assert page.url == live_server.url + "/"  # back on the same page
    expect(page.locator("main")).to_contain_text("Log in")
    expect(page.locator("main")).to_contain_text("A shared platform")

    # the choice is remembered on the next page
    visit(page, reverse("common:accessibility"), label="accessibility statement (en)")
    assert html_lang(page) == "en"
    expect(page.locator("h1")).to_have_text("Accessibility statement for kompetensnav")

    switch = page.get_by_role("button", name="Svenska")
    expect(switch).to_have_attribute("lang", "sv")
    submit(page, switch, label="accessibility statement (sv)")
    assert html_lang(page) == "sv"
    assert page.url == live_server.url + reverse("common:accessibility")
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.locator("h1")).not_to_have_text("Accessibility statement for kompetensnav")


def test_accessibility_statement_is_linked_from_the_footer(page):
    visit(page, "/", label="landing page")
    statement = reverse("common:accessibility")
    follow(page, page.locator(f"footer a[href='{statement}']"), label="accessibility statement")
    expect(page.locator("h1")).to_contain_text("kompetensnav")
    # what the law asks for: how accessible it is, known problems, how to report a problem,
    # and the supervising agency (Digg)
    assert page.locator("main h2").count() >= 4
    expect(page.locator("main a[href^='https://www.digg.se/']")).to_be_visible()
    assert page.title().endswith("· kompetensnav")


def test_skip_link_moves_focus_to_main(page):
    visit(page, "/", label="landing page")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_unknown_address_shows_the_404_page(page):
    visit(page, "/finns-inte/", status=404, label="404 page (anonymous)")
    assert html_lang(page) == "sv"
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main a[href='/']")).to_be_visible()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()


def test_anyone_can_check_a_certificates_code(page, live_server):
    visit(page, reverse("registration:verify"), label="check a certificate")
    expect(page.locator("h1")).to_have_text("Kontrollera ett intyg")
    page.get_by_label("Kontrollkod").fill("12-34-ABCDEFGH")
    submit(
        page, page.get_by_role("button", name="Kontrollera"), label="a code that matches nothing"
    )
    expect(page.get_by_role("status")).to_contain_text("Inget intyg har den här koden")
    expect(page.get_by_label("Kontrollkod")).to_have_value("12-34-ABCDEFGH")
