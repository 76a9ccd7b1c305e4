"""The company as a customer, in the browser with axe on every page: a broker reads a
company's timeline, adds a contact person (a wrong phone number is shown on its field with
what was typed kept), and removes the person after the question; on a phone too."""

import re
from datetime import date

from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.companies.models import CompanyContact
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit
from tests.factories import CompanyFactory


def test_a_broker_reads_the_timeline_and_keeps_the_contact_people(page, login_as, broker, own_org):
    company = CompanyFactory(name="Kundföretaget AB")
    seen = VisitFactory(
        company=company, organisation=own_org, visited_by=[broker], date=date(2026, 3, 2)
    )
    NeedFactory(visit=seen, area__name="Truckkort")
    login_as(broker)
    url = reverse("companies:company_detail", args=[company.pk])
    visit(page, url, label="company page")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("2026-03-02")
    expect(timeline).to_contain_text("Besök av Lärcentrum Egen: behov inom Truckkort")
    contacts = page.locator("#contacts")
    expect(contacts).to_contain_text("Inga kontaktpersoner ännu.")

    follow(page, contacts.get_by_role("link", name="Lägg till kontaktperson"), label="new contact")
    page.locator("#id_name").fill("Eva Ek")
    page.locator("#id_role").fill("HR-chef")
    page.locator("#id_phone").fill("ring mig")
    page.locator("#id_consent").check()
    submit(page, page.get_by_role("button", name="Spara"), label="new contact, refused")
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.get_by_text("Skriv telefonnumret med siffror")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Eva Ek")
    page.locator("#id_phone").fill("0500-12 34 56")
    submit(page, page.get_by_role("button", name="Spara"), label="company with a contact")
    expect(page.locator(".messages")).to_contain_text("Kontaktpersonen är sparad.")
    expect(contacts).to_contain_text("Eva Ek, HR-chef")
    expect(contacts).to_contain_text("samtycke")

    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page, "company page, 320 px")
    follow(
        page,
        contacts.get_by_role("link", name=re.compile(r"Ta bort\W+Eva Ek")),
        label="delete contact?",
    )
    expect(page.locator("h1")).to_have_text("Vill du ta bort Eva Ek?")
    submit(page, page.get_by_role("button", name="Ta bort"), label="company, contact removed")
    expect(page.locator("#contacts")).to_contain_text("Inga kontaktpersoner ännu.")
    assert not CompanyContact.objects.exists()


def test_a_coordinator_merges_a_duplicate_after_the_preview(page, login_as, coordinator, own_org):
    keep = CompanyFactory(name="Dubbletten AB")
    drop = CompanyFactory(name="Dubbletten i Mariestad AB", municipality_id="1493")
    VisitFactory.create_batch(2, company=drop, organisation=own_org)
    login_as(coordinator)
    visit(page, reverse("companies:company_detail", args=[keep.pk]), label="company page")
    follow(
        page,
        page.get_by_role("link", name="Slå ihop en dubblett med det här företaget"),
        label="merge: search",
    )
    page.get_by_label("Namn eller organisationsnummer på den andra posten").fill("Dubbletten")
    submit(page, page.get_by_role("button", name="Sök"), label="merge: found")
    follow(page, page.get_by_role("link", name="Dubbletten i Mariestad AB"), label="merge: preview")
    expect(page.locator("main")).to_contain_text("Besök: 2")
    submit(
        page,
        page.get_by_role("button", name="Slå ihop och ta bort Dubbletten i Mariestad AB"),
        label="company after the merge",
    )
    expect(page.locator(".messages")).to_contain_text(
        "Dubbletten i Mariestad AB har slagits ihop med Dubbletten AB."
    )
    expect(page.locator("#timeline li")).to_have_count(2)
