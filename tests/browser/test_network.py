"""The network's journeys: the member directory (journey 9: partners in Skaraborg with
live-stream rooms), a member profile and its edit form, contacts, the events calendar."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.network.models import Contact, DigitalSystem, Event, Membership
from tests.browser.support import assert_no_horizontal_scroll, check_a11y, follow, submit, visit
from tests.factories import OrganisationFactory

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True}


def make_directory():
    zoom = DigitalSystem.objects.create(name="Zoom", category="video")
    DigitalSystem.objects.create(name="Moodle", category="lms")
    skara = OrganisationFactory(
        name="Lärcentrum Skara", municipality_id="1495", formats=["live_stream", "on_site"]
    )
    skara.digital_systems.set([zoom])
    membership = Membership.objects.create(organisation=skara, year=2026, fee_paid=True)
    membership.municipalities.set(["1495", "1470"])
    Contact.objects.create(
        organisation=skara, name="Sara Skara", role="Rektor", last_confirmed=timezone.localdate()
    )
    OrganisationFactory(name="Lärcentrum Lidköping", municipality_id="1494", formats=["on_site"])
    OrganisationFactory(name="Lärcentrum Tanum", municipality_id="1435", formats=["live_stream"])
    return skara


def test_directory_filter_profile_and_profile_edit(page, login_as, org_admin, own_org):
    skara = make_directory()
    login_as(org_admin)
    visit(page, reverse("network:organisation_list"), label="member directory")
    rows = page.locator("#results table tbody tr")
    expect(rows).to_have_count(4)

    with page.expect_response(lambda r: "subregion=skaraborg" in r.url):
        page.locator("#id_subregion").select_option("skaraborg")
    expect(rows).to_have_count(2)
    with page.expect_response(lambda r: "format=live_stream" in r.url):
        page.locator("#id_format").select_option("live_stream")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lärcentrum Skara")
    expect(rows.first).to_contain_text("Zoom")
    check_a11y(page, "member directory, Skaraborg with live stream")

    follow(page, rows.get_by_role("link", name="Lärcentrum Skara"), label="member profile")
    expect(page.locator("h1")).to_have_text("Lärcentrum Skara")
    expect(page.locator("#memberships")).to_contain_text("2026")
    expect(page.locator("#memberships")).to_contain_text("Skara, Vara")
    expect(page.locator("#contacts")).to_contain_text("Sara Skara")
    # another member's profile is read-only
    edit_skara = reverse("network:organisation_edit", args=[skara.pk])
    expect(page.locator(f'a[href="{edit_skara}"]')).to_have_count(0)

    visit(page, reverse("network:organisation_detail", args=[own_org.pk]), label="own profile")
    edit_own = reverse("network:organisation_edit", args=[own_org.pk])
    follow(page, page.locator(f'a[href="{edit_own}"]'), label="profile edit")
    page.locator("#id_description").fill("Studierum i hela kommunen")
    page.locator("#id_website").fill("inte en adress")
    page.locator("#id_education_areas").fill("Svetsning, CNC-teknik")
    page.locator('input[name="formats"][value="live_stream"]').check()
    submit(page, page.locator('button[name="save"]'), label="profile edit with errors")
    expect(page.locator("#id_website")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_description")).to_have_value("Studierum i hela kommunen")
    expect(page.locator('input[name="formats"][value="live_stream"]')).to_be_checked()

    page.locator("#id_website").fill("https://larcentrum.example.se")
    submit(page, page.locator('button[name="save"]'), label="profile saved")
    expect(page.locator("h1")).to_have_text("Lärcentrum Egen")
    expect(page.locator("#profile")).to_contain_text("Studierum i hela kommunen")
    expect(page.locator("#profile")).to_contain_text("CNC-teknik")
    expect(page.locator("#profile")).to_contain_text("Svetsning")


def test_contacts_confirm_and_delete(page, login_as, org_admin, own_org, foreign_org):
    stale = Contact.objects.create(
        organisation=own_org,
        name="Stina Stale",
        email="stina@example.se",
        last_confirmed=timezone.localdate() - timedelta(days=500),
    )
    gone = Contact.objects.create(organisation=own_org, name="Gustav Går")
    Contact.objects.create(organisation=foreign_org, name="Annan Person")
    login_as(org_admin)
    visit(page, reverse("network:contact_list"), label="contacts")
    expect(page.locator("#results tbody tr")).to_have_count(3)
    expect(
        page.locator(f'a[href="{reverse("network:contact_export", args=["xlsx"])}?"]')
    ).to_be_visible()

    row = page.locator("#results tbody tr", has_text="Stina Stale")
    expect(row.locator(".badge.warn")).to_be_visible()
    submit(page, row.locator('button[name="confirm"]'), label="contact confirmed")
    row = page.locator("#results tbody tr", has_text="Stina Stale")
    expect(row).to_contain_text(timezone.localdate().isoformat())
    expect(row.locator(".badge.warn")).to_have_count(0)
    stale.refresh_from_db()
    assert stale.last_confirmed == timezone.localdate()

    with page.expect_response(lambda r: "stale=yes" in r.url):
        page.locator("#id_stale").select_option("yes")
    expect(page.locator("#results tbody tr")).to_have_count(2)  # Gustav and Annan
    check_a11y(page, "contacts needing confirmation")

    delete_url = reverse("network:contact_delete", args=[gone.pk])
    follow(page, page.locator(f'a[href="{delete_url}"]'), label="delete contact?")
    expect(page.locator("h1")).to_contain_text("Gustav Går")
    submit(page, page.locator('button[name="delete"]'), label="contact deleted")
    assert not Contact.objects.filter(pk=gone.pk).exists()


def test_events_calendar_and_list(page, login_as, coordinator, own_org):
    Event.objects.create(kind="network_meeting", date=date(2025, 3, 12), title="Vårträff")
    Event.objects.create(
        kind="job_shadowing",
        date=date(2025, 4, 2),
        title="Jobbskuggning i Tartu",
        transnational=True,
        organiser=own_org,
    )
    login_as(coordinator)
    visit(page, reverse("network:event_calendar") + "?month=2025-03", label="calendar, March")
    expect(page.locator("#calendar tbody tr")).to_have_count(1)
    expect(page.locator("#calendar")).to_contain_text("Vårträff")
    follow(page, page.locator('a[rel="next"]'), label="calendar, April")
    expect(page.locator("#calendar")).to_contain_text("Jobbskuggning i Tartu")
    follow(page, page.locator('a[rel="next"]'), label="calendar, empty month")
    expect(page.locator("main .empty")).to_be_visible()

    visit(page, reverse("network:event_list"), label="events")
    expect(page.locator("table tbody tr")).to_have_count(2)
    follow(page, page.locator(f'a[href="{reverse("network:event_create")}"]'), label="new event")
    page.locator("#id_title").fill("Workshop utan datum")
    submit(page, page.locator('button[name="save"]'), label="new event with errors")
    expect(page.locator("#id_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title")).to_have_value("Workshop utan datum")


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_network_pages_reflow_on_a_phone(page, browser_context, login_as, org_admin, own_org):
    skara = make_directory()
    Event.objects.create(kind="workshop", date=date(2025, 3, 12), title="Workshop", organiser=skara)
    login_as(org_admin)
    pages = [
        reverse("network:organisation_list"),
        reverse("network:organisation_detail", args=[skara.pk]),
        reverse("network:organisation_edit", args=[own_org.pk]),
        reverse("network:contact_list"),
        reverse("network:event_calendar") + "?month=2025-03",
        reverse("network:collaboration_list"),
    ]
    for path in pages:
        visit(page, path)
        assert_no_horizontal_scroll(page, path)


def test_coordinator_creates_an_organisation(page, login_as, coordinator):
    """A new installation's coordinator adds the network's members (docs/deploy.md, step 6)."""
    login_as(coordinator)
    visit(page, reverse("network:organisation_list"), label="member directory with New")
    follow(page, page.get_by_role("link", name="Ny organisation"), label="new organisation form")
    page.locator("#id_name").fill("Lärcentrum Vara")
    page.locator("#id_kind").select_option("learning_centre")
    page.locator("#id_org_number").fill("212000-154")  # a digit short
    page.locator("#id_municipality").select_option("1470")
    submit(page, page.locator('button[name="save"]'), label="new organisation with an error")
    expect(page.locator("#id_org_number")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("Lärcentrum Vara")
    expect(page.locator("#id_municipality")).to_have_value("1470")

    page.set_viewport_size({"width": 320, "height": 640})  # the form with its error, on a phone
    assert_no_horizontal_scroll(page, "new organisation with an error, 320 px")
    page.locator("#id_org_number").fill("212000-1546")
    submit(page, page.locator('button[name="save"]'), label="new organisation's profile")
    expect(page.locator("h1")).to_have_text("Lärcentrum Vara")
    expect(page.locator("main")).to_contain_text("Organisationen har skapats")
