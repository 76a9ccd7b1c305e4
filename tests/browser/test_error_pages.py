"""Error pages for logged-in users: unknown and foreign objects (404), forbidden areas (403)."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.support import follow, visit


def test_unknown_and_foreign_ids_show_the_404_page(page, login_as, org_admin, foreign_admin):
    foreign = foreign_admin.affiliations.get()
    login_as(org_admin)

    visit(
        page,
        reverse("network:organisation_detail", args=[999_999]),
        status=404,
        label="404 page (unknown organisation)",
    )
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("header nav")).to_be_visible()  # still logged in, with the menu

    # another organisation's person: 404, not 403, and nothing of theirs shows
    visit(
        page,
        reverse("accounts:person_edit", args=[foreign.pk]),
        status=404,
        label="404 page (another organisation's person)",
    )
    body = page.locator("body")
    expect(body).not_to_contain_text(foreign_admin.email)
    expect(body).not_to_contain_text(foreign.organisation.name)
    follow(page, page.locator("main a[href='/']"), label="start page from the 404 page")
    expect(page.locator("h1")).to_contain_text(org_admin.get_short_name())


def test_area_without_permission_shows_the_403_page(page, login_as, broker):
    login_as(broker)
    visit(page, reverse("audit:log"), status=403, label="403 page (audit log for a broker)")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main table")).to_have_count(0)
    # the menu does not offer what the user may not open
    expect(page.locator("header nav a[href='{}']".format(reverse("audit:log")))).to_have_count(0)
    expect(
        page.locator("header nav a[href='{}']".format(reverse("accounts:people")))
    ).to_have_count(0)
