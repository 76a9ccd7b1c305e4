"""Logging in with e-mail and password, walking the main navigation, logging out."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import DEMO_PASSWORD
from tests.browser.support import follow, submit, visit

pytestmark = pytest.mark.slow


def fill_login(page, email: str, password: str) -> None:
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_coordinator_logs_in_walks_the_navigation_and_logs_out(page, coordinator, language):
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    first_name = coordinator.get_short_name()

    visit(page, "/", label="landing page")
    follow(page, page.locator("main").get_by_role("link", name="Logga in"), label="login page")
    expect(page.locator("html")).to_have_attribute("lang", "sv")  # not logged in yet
    fill_login(page, coordinator.email.upper(), DEMO_PASSWORD)  # e-mail is case-insensitive
    submit(page, page.locator("main form button[type=submit]"), label=f"start page ({language})")

    assert page.url.endswith(reverse("common:home"))
    # after logging in, the user's own language wins over the browser's
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_contain_text(first_name)
    expect(page.locator("main")).to_contain_text("Nätverkskansliet")  # whom they act for

    nav = page.locator("header nav")
    links = nav.get_by_role("link")
    items = [(link.get_attribute("href"), link.inner_text().strip()) for link in links.all()]
    hrefs = [href for href, _ in items]
    # a coordinator sees every area that exists now
    for name in ["common:home", "network:organisation_list", "accounts:people", "audit:log"]:
        assert reverse(name) in hrefs, f"{name} missing from the main navigation: {items}"
    assert len(set(hrefs)) == len(hrefs), f"duplicate navigation links: {items}"

    for href, label in items:
        follow(page, nav.locator(f"a[href='{href}']"), label=f"{label} ({language})")
        current = nav.locator(f"a[href='{href}']")
        expect(current).to_have_attribute("aria-current", "page")
        expect(nav.locator("a[aria-current=page]")).to_have_count(1)
        expect(page.locator("h1")).to_have_count(1)
        # the page title names the page the link promised (WCAG 2.4.2)
        assert page.title().startswith(label), f"{href}: title {page.title()!r}, link {label!r}"

    logout = page.locator("header form[action='{}'] button".format(reverse("account_logout")))
    submit(page, logout, label=f"after logging out ({language})")
    expect(page.locator("header nav")).to_have_count(0)
    expect(page.locator("header")).not_to_contain_text(first_name)
    # the session is really gone: a page for members sends you to the login page
    visit(page, reverse("network:organisation_list"), label="login page after logout")
    assert reverse("account_login") in page.url
    expect(page.locator("input[name=login]")).to_be_visible()


def test_wrong_password_shows_a_clear_error(page, broker):
    visit(page, reverse("account_login"), label="login page")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    fill_login(page, broker.email, "fel-lösenord-123")
    submit(page, page.locator("main form button[type=submit]"), label="login page with an error")

    assert reverse("account_login") in page.url
    error = page.locator("main .errorlist")
    expect(error.first).to_be_visible()
    expect(error.first).to_contain_text(re.compile("lösenord", re.I))
    # what was typed is kept, except the password
    expect(page.locator("input[name=login]")).to_have_value(broker.email)
    expect(page.locator("input[name=password]")).to_have_value("")
    expect(page.locator("header nav")).to_have_count(0)
