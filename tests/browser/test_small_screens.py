"""Reflow (WCAG 1.4.10): at 320 px wide, and on a 375 x 667 phone, no main page scrolls
sideways, and every page still passes axe there."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.services import api_token_create
from kompetensnav.participants.tests.factories import course_with_sites
from tests.browser.support import assert_no_horizontal_scroll, visit
from tests.factories import OrganisationFactory

SMALL_SCREENS = [
    pytest.param({"viewport": {"width": 320, "height": 640}}, id="320px"),
    pytest.param(
        {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True},
        id="phone-375x667",
    ),
]

PUBLIC_PAGES = ["/", reverse("account_login"), reverse("common:accessibility")]


def member_pages(organisation, affiliation, token) -> list[str]:
    return [
        reverse("common:home"),
        reverse("network:organisation_list"),
        reverse("network:organisation_detail", args=[organisation.pk]),
        reverse("accounts:people"),
        reverse("accounts:person_invite"),
        reverse("accounts:person_edit", args=[affiliation.pk]),
        reverse("accounts:user_set_active", args=[affiliation.pk]),
        reverse("accounts:profile"),
        reverse("accounts:api_tokens"),
        reverse("accounts:api_token_revoke", args=[token.pk]),
        reverse("audit:log"),
        reverse("common:person_data"),
    ]


@pytest.mark.parametrize("browser_context", SMALL_SCREENS, indirect=True)
def test_main_pages_reflow_on_small_screens(
    page, browser_context, login_as, coordinator, make_user, network_org
):
    # long words and long lists: what breaks a narrow layout first
    organisation = OrganisationFactory(
        name="Kommunalförbundet Fyrbodals Kompetensförsörjningssamordningsenhet",
        org_number="212000-1355",
        municipality_id="1488",
    )
    person = make_user(
        Role.BROKER,
        organisation,
        full_name="Anna-Karin Kompetensutvecklingsansvarig",
        email="anna-karin.kompetensutvecklingsansvarig@kommunalforbundet-fyrbodal.example.se",
    )
    for _ in range(3):
        OrganisationFactory()
    login_as(coordinator)
    coordinator.affiliation = coordinator.affiliations.get()
    token, _key = api_token_create(actor=coordinator, name="Integration med lönesystemet")

    width = page.viewport_size["width"]
    for path in member_pages(organisation, person.affiliations.get(), token):
        visit(page, path, label=f"{path} at {width} px")
        assert_no_horizontal_scroll(page, f"{path} at {width} px")
        expect(page.locator("h1")).to_be_visible()

    # the menu folds behind the Menu button; opened, it and the header's tools wrap instead of
    # overflowing
    toggle = page.get_by_role("button", name="Meny")
    expect(page.locator("header nav")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    nav_links = page.locator("header nav a")
    assert nav_links.count() >= 4
    for i in range(nav_links.count()):
        box = nav_links.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5

    browser_context.clear_cookies()
    course = course_with_sites(
        sites=[organisation], sessions=1, target_group="Administrativ personal i kommunerna"
    )
    course_page = reverse("catalogue:course_detail", args=[course.pk])
    for path in [*PUBLIC_PAGES, course_page]:
        visit(page, path, label=f"{path} (logged out) at {width} px")
        assert_no_horizontal_scroll(page, f"{path} (logged out) at {width} px")
    # the course's facts stand one above the other, their values as wide as the card (they
    # were squeezed into a column of a few letters, their words broken anywhere)
    value = page.locator("dl.facts dd").first.bounding_box()
    assert value and value["width"] > width / 2, value
