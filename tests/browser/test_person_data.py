"""A coordinator answers a person's GDPR request in the browser: finds what is held by
e-mail, hands over the register extract (a PDF read back), and erases it after a
confirmation, with axe on every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import CompanyContact
from kompetensnav.network.models import Contact
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit
from tests.documents import pdf_text
from tests.factories import CompanyFactory


def test_register_extract_and_erasure(page, login_as, coordinator, make_user, own_org, tmp_path):
    person = make_user(Role.BROKER, own_org, email="kim.lind@example.se", full_name="Kim Lind")
    CompanyContact.objects.create(
        company=CompanyFactory(name="Linds Plåt AB"), name="Kim Lind",
        email="kim.lind@example.se", role="Ägare",
    )  # fmt: skip
    Contact.objects.create(organisation=own_org, name="Kim Lind", email="kim.lind@example.se")
    login_as(coordinator)
    visit(page, "/", label="start page")
    follow(page, page.get_by_role("link", name="Personuppgifter"), label="a person's data")
    expect(page.locator("h1")).to_have_text("Personuppgifter")

    page.get_by_label("Personens e-postadress").fill("Kim.Lind@example.se")
    submit(page, page.get_by_role("button", name="Sök"), label="what is held")
    held = page.locator("#held")
    expect(held).to_contain_text("Kontaktperson på ett företag")
    expect(held).to_contain_text("Användarkonto")

    with page.expect_download() as download:
        page.get_by_role("button", name="Registerutdrag (PDF)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "Registerutdrag" in text and "Linds Plåt AB" in text and "Kim Lind" in text

    submit(page, page.get_by_role("button", name="Radera uppgifterna …"), label="erase?")
    expect(page.locator("#erase h2")).to_contain_text("Radera personuppgifterna för")
    submit(page, page.get_by_role("button", name="Radera personuppgifterna"), label="unticked")
    expect(page.locator("#erase")).to_contain_text("Kryssa i rutan")
    assert CompanyContact.objects.exists()
    page.get_by_label("Jag har kontrollerat att begäran kommer från personen").check()
    submit(page, page.get_by_role("button", name="Radera personuppgifterna"), label="erased")
    expect(page.locator("[role=status], .messages").first).to_contain_text(
        "Personuppgifterna för Kim.Lind@example.se är raderade"
    )
    assert not CompanyContact.objects.exists() and not Contact.objects.exists()
    person.refresh_from_db()
    assert not person.has_usable_password()


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_what_is_held_and_the_question_before_erasing_reflow_at_320px(
    page, login_as, coordinator, own_org
):
    Contact.objects.create(
        organisation=own_org, name="Kim Lind",
        email="kim.lind.kompetensutvecklingsansvarig@kommunalforbundet-fyrbodal.example.se",
    )  # fmt: skip
    login_as(coordinator)
    visit(page, reverse("common:person_data"), label="personal data at 320 px")
    page.get_by_label("Personens e-postadress").fill(
        "kim.lind.kompetensutvecklingsansvarig@kommunalforbundet-fyrbodal.example.se"
    )
    submit(page, page.get_by_role("button", name="Sök"), label="what is held at 320 px")
    assert_no_horizontal_scroll(page, "what is held at 320 px")
    submit(page, page.get_by_role("button", name="Radera uppgifterna …"), label="erase? 320 px")
    expect(page.locator("#erase")).to_be_visible()
    assert_no_horizontal_scroll(page, "the question before erasing at 320 px")
