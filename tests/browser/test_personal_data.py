"""A participant's own data (GDPR), as a coordinator handles a request: the participant's page
offers the data as PDF and JSON (read back here) and its erasure, asked for before it is
done; afterwards the page says when it was erased. axe checks every page."""

import json
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    started,
)
from tests.browser.support import assert_no_horizontal_scroll, check_a11y, follow, submit, visit
from tests.documents import pdf_text


def test_coordinator_hands_over_and_erases_a_participants_data(page, login_as, coordinator):
    person = ParticipantFactory(full_name="Lina Lund", email="lina@example.se", gender="F")
    session = started(SessionFactory(hours=Decimal(3)), days_ago=2)
    RegistrationFactory(participant=person, course=session.course)
    AttendanceFactory(participant=person, session=session, hours=Decimal("2.5"))
    login_as(coordinator)
    visit(page, reverse("participants:participant_detail", args=[person.pk]), label="participant")
    section = page.locator("#personal-data")
    expect(section).to_contain_text("Personuppgifter")

    with page.expect_download() as pdf:
        section.get_by_role("link", name="Personuppgifter (PDF)").click()
    assert "Lina Lund" in pdf_text(Path(pdf.value.path()).read_bytes())
    with page.expect_download() as data:
        section.get_by_role("link", name="Personuppgifter (JSON)").click()
    assert json.loads(Path(data.value.path()).read_text())["participant"]["email"] == (
        "lina@example.se"
    )

    follow(page, section.get_by_role("link", name="Radera personuppgifterna"), label="erase?")
    expect(page.locator("h1")).to_have_text("Radera deltagarens personuppgifter?")
    submit(page, page.locator('button[name="erase"]'), label="participant after erasure")
    expect(page.locator("main")).to_contain_text("Deltagarens personuppgifter har raderats.")
    expect(page.locator("#personal-data")).to_contain_text("Personuppgifterna raderades")
    expect(page.locator("main")).not_to_contain_text("Lina Lund")

    # on a phone (320 px) the page and the question before erasing reflow
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page, "participant after erasure, 320 px")
    visit(page, reverse("participants:participant_erase", args=[person.pk]), label="erase? 320 px")
    assert_no_horizontal_scroll(page, "erase? 320 px")
    check_a11y(page, "erase? 320 px")
