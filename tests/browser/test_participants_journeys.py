"""Journeys 4 and 5: an employee registers without an account and gets a calendar file; the
site is full for the next person, who lands on the waitlist and moves up when the first
cancels. On the day, the receiving site's teacher takes attendance on a phone (one person
left halfway); certificates are downloaded as PDF, one employer's all at once."""

import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Attendance, Participant, Registration
from tests.browser.support import assert_no_horizontal_scroll, check_a11y, follow, submit, visit
from tests.documents import pdf_text
from tests.factories import CompanyFactory, OrganisationFactory
from tests.tasks import run_queued_tasks

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def make_course(*, start, capacity: int, sessions: int = 2, remote: int = 0):
    uddevalla = OrganisationFactory(name="Vuxenutbildningen Uddevalla")
    boras = OrganisationFactory(name="Vuxenutbildningen Borås", municipality_id="1490")
    course = Course.objects.create(
        provider=uddevalla,
        title_sv="Kampanjer på sociala medier",
        title_en="Social media campaigns",
        description_sv="Planera, genomföra och följa upp kampanjer.",
        status="published",
    )
    for week in range(sessions):
        begins = start + timedelta(days=7 * week)
        session = Session.objects.create(
            course=course,
            start=begins,
            end=begins + timedelta(hours=3),
            hours=Decimal("3"),
            sending_site=uddevalla,
            remote_capacity=remote,
        )
        SessionSite.objects.create(session=session, organisation=boras, capacity=capacity)
    return course, uddevalla, boras


def _catalogue_or_form(page, course) -> None:
    """The public catalogue's course page links to the registration form (campus app)."""
    try:
        catalogue = reverse("catalogue:course_detail", kwargs={"pk": course.pk})
    except Exception:  # noqa: BLE001 - the catalogue is another app's
        catalogue = None
    if catalogue:
        visit(page, catalogue, label="catalogue course page")
        register = page.locator(f'a[href="{reverse("registration:register", args=[course.pk])}"]')
        if register.count():
            follow(page, register.first, label="registration form")
            return
    visit(page, reverse("registration:register", args=[course.pk]), label="registration form")


def _fill(page, *, name: str, email: str, site, gender: str) -> None:
    page.locator("#id_full_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator(f'input[name="place"][value="{site.pk}"]').check()
    page.locator(f'input[name="gender"][value="{gender}"]').check()
    page.locator("#id_consent").check()


def test_register_waitlist_cancel_and_promotion(page):
    start = (timezone.localtime() + timedelta(days=12)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    course, _uddevalla, boras = make_course(start=start, capacity=1)
    hotel = CompanyFactory(name="Hotell Borås AB")

    # Ali finds the course and registers for the Borås site
    _catalogue_or_form(page, course)
    expect(page.locator("h1")).to_contain_text("Kampanjer på sociala medier")
    expect(page.locator("#registration")).to_contain_text(
        "Vi frågar för att kunna redovisa statistik uppdelad på kön. Frivilligt."
    )
    submit(page, page.locator('button[name="register"]'), label="registration form with errors")
    expect(page.locator("#id_full_name")).to_have_attribute("aria-invalid", "true")
    _fill(page, name="Ali Hassan", email="ali@example.se", site=boras, gender="M")
    page.locator("#id_employer_org_number").fill(hotel.org_number)
    submit(page, page.locator('button[name="register"]'), label="registered")
    expect(page.locator("h1")).to_have_text("Du är anmäld")
    expect(page.locator("#result")).to_contain_text("Vuxenutbildningen Borås")

    # the site is full for the next person
    visit(page, reverse("registration:register", args=[course.pk]), label="form, site full")
    expect(page.locator("#registration")).to_contain_text("fullt: du hamnar på reservlistan")
    _fill(page, name="Bea Berg", email="bea@example.se", site=boras, gender="F")
    submit(page, page.locator('button[name="register"]'), label="waitlisted")
    expect(page.locator("h1")).to_have_text("Du står på reservlistan")
    expect(page.locator("#result")).to_contain_text("nummer 1")

    # the confirmation has a calendar file and the cancel link
    run_queued_tasks()
    ali_mail = next(m for m in mail.outbox if m.to == ["ali@example.se"])
    assert ali_mail.attachments[0][0] == "kurs.ics"
    assert "BEGIN:VCALENDAR" in ali_mail.attachments[0][1]
    assert Registration.objects.get(participant__email="ali@example.se").participant.employer == (
        hotel
    )
    cancel_path = re.search(r"https?://[^/\s]+(/register/cancel/\S+)", ali_mail.body).group(1)
    mail.outbox.clear()

    # Ali cancels; the place is held for Bea, who is told and accepts it by the link
    visit(page, cancel_path, label="cancel confirmation")
    submit(page, page.locator('button[name="cancel"]'), label="cancelled")
    expect(page.locator("h1")).to_have_text("Anmälan avbokad")
    bea = Registration.objects.get(participant__email="bea@example.se")
    assert bea.status == RegistrationStatus.REGISTERED and bea.offer_open
    run_queued_tasks()
    (promotion,) = mail.outbox
    assert promotion.to == ["bea@example.se"]
    assert "En plats är ledig för dig" in promotion.subject
    assert promotion.attachments[0][0] == "kurs.ics"
    accept_path = re.search(r"https?://[^/\s]+(/register/accept/\S+)", promotion.body).group(1)
    visit(page, accept_path, label="offer of a place")
    expect(page.locator("h1")).to_have_text("Tacka ja till platsen?")
    submit(page, page.locator('button[name="accept"]'), label="place accepted")
    expect(page.locator("h1")).to_have_text("Din plats är bekräftad")
    bea.refresh_from_db()
    assert bea.status == RegistrationStatus.REGISTERED and not bea.offer_open


def _pdf_text(path) -> tuple[str, int]:
    from pypdf import PdfReader

    content = Path(path).read_bytes()
    return pdf_text(content), len(PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_attendance_on_a_phone_and_certificates(page, login_as, make_user):
    soon = (timezone.localtime() + timedelta(days=1)).replace(second=0, microsecond=0)
    course, _uddevalla, boras = make_course(start=soon, capacity=10, sessions=1)
    hotel = CompanyFactory(name="Hotell Borås AB")
    people = {}
    for name in ("Ali Hassan", "Bea Berg"):
        people[name] = services.registration_create(
            course=course,
            full_name=name,
            email=f"{name.split()[0].lower()}@example.se",
            place=services.Place(site_id=boras.pk),
            employer=hotel,
            base_url="http://testserver/",
        ).registration.participant
    # the public form works on a phone too
    visit(page, reverse("registration:register", args=[course.pk]), label="form on a phone")
    assert_no_horizontal_scroll(page, "registration form on a phone")
    # the day has come: the session started three hours ago
    started = soon - timedelta(days=1, hours=3)
    Session.objects.filter(course=course).update(start=started, end=started + timedelta(hours=3))
    teacher = make_user("course_provider", boras)
    login_as(teacher)
    session = course.sessions.get()

    visit(page, reverse("participants:attendance", args=[session.pk]), label="attendance sheet")
    assert_no_horizontal_scroll(page, "attendance sheet on a phone")
    ali, bea = people["Ali Hassan"], people["Bea Berg"]
    expect(page.locator(f"#hours-{ali.pk}")).to_have_value("3")
    page.locator(f"#hours-{bea.pk}").fill("9")
    submit(page, page.locator('button[name="save"]'), label="attendance with an error")
    expect(page.locator(f"#hours-{bea.pk}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#hours-{bea.pk}_error")).to_contain_text("Högst 3,0 timmar")
    assert_no_horizontal_scroll(page, "attendance sheet with an error")
    page.locator(f"#hours-{bea.pk}").fill("1,5")
    submit(page, page.locator('button[name="save"]'), label="attendance saved")
    expect(page.locator(".messages")).to_contain_text("Närvaron har sparats")
    assert Attendance.objects.get(participant=ali).hours == Decimal("3")
    assert Attendance.objects.get(participant=bea).hours == Decimal("1.5")

    # the participant's totals and certificate
    visit(page, reverse("participants:participant_detail", args=[bea.pk]), label="participant")
    expect(page.locator("#totals")).to_contain_text("1,5")
    assert_no_horizontal_scroll(page, "participant on a phone")
    certificate = reverse("participants:certificate", args=[course.pk, bea.pk])
    with page.expect_download() as download:
        page.locator(f'a[href="{certificate}"]').click()
    text, pages = _pdf_text(download.value.path())
    assert pages == 1
    assert "Bea Berg" in text and "Kampanjer på sociala medier" in text and "1,5" in text

    # the hotel's manager gets every employee's certificate at once
    visit(page, reverse("participants:employer_totals"), label="hours per employer")
    expect(page.locator("#employers")).to_contain_text("Hotell Borås AB")
    with page.expect_download() as download:
        page.locator("#employers a[download]").first.click()
    text, pages = _pdf_text(download.value.path())
    assert pages == 2 and "Ali Hassan" in text and "Bea Berg" in text
    check_a11y(page, "hours per employer after the download")


def test_provider_pages_with_waitlist(page, login_as, make_user):
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    course, uddevalla, boras = make_course(start=start, capacity=1, remote=2)
    for name in ("Ali Hassan", "Bea Berg"):
        services.registration_create(
            course=course,
            full_name=name,
            email=f"{name.split()[0].lower()}@example.se",
            place=services.Place(site_id=boras.pk),
            base_url="http://testserver/",
        )
    login_as(make_user("course_provider", uddevalla))
    visit(page, reverse("common:home"), label="home")
    follow(
        page,
        page.locator(f'nav.menu a[href="{reverse("participants:course_list")}"]'),
        label="participants",
    )
    expect(page.locator("h1")).to_have_text("Deltagare")
    follow(
        page,
        page.locator(f'a[href="{reverse("participants:course_registrations", args=[course.pk])}"]'),
        label="course registrations",
    )
    expect(page.locator("#registrations")).to_contain_text("På reservlistan")
    bea = Registration.objects.get(participant__email="bea@example.se")
    follow(
        page,
        page.locator(f'a[href="{reverse("participants:registration_move", args=[bea.pk])}"]'),
        label="move registration",
    )
    page.locator("#id_place").select_option("remote")
    submit(page, page.locator('button[name="save"]'), label="moved")
    expect(page.locator(".messages")).to_contain_text("Bea Berg har flyttats")
    ali = Registration.objects.get(participant__email="ali@example.se")
    follow(
        page,
        page.locator(f'a[href="{reverse("participants:registration_cancel", args=[ali.pk])}"]'),
        label="cancel registration",
    )
    submit(page, page.locator('button[name="cancel"]'), label="cancelled by staff")
    expect(page.locator(".messages")).to_contain_text("Ali Hassan är avbokad")
    visit(page, reverse("participants:project_totals"), label="hours per project (empty)")
    visit(page, reverse("participants:employer_totals"), label="hours per employer (empty)")


def test_known_address_confirms_by_the_emailed_link(page):
    """Someone types an address we know: nothing changes until its owner opens the link."""
    start = (timezone.localtime() + timedelta(days=12)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    course, _uddevalla, boras = make_course(start=start, capacity=5)
    known = Participant.objects.create(full_name="Ali Hassan", email="ali@example.se", gender="M")

    visit(page, reverse("registration:register", args=[course.pk]), label="registration form")
    _fill(page, name="Ali H. Hassan", email="Ali@Example.se", site=boras, gender="M")
    submit(page, page.locator('button[name="register"]'), label="check your e-mail")
    expect(page.locator("h1")).to_have_text("Bekräfta din anmälan via e-post")
    expect(page.locator("#result")).to_contain_text("ali@example.se")
    assert not Registration.objects.filter(course=course).exists()

    run_queued_tasks()
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/register/confirm/\S+)", message.body).group(1)
    visit(page, link, label="confirm page")
    expect(page.locator("#result")).to_contain_text("Kampanjer på sociala medier")
    submit(page, page.locator('button[name="confirm"]'), label="registered after confirming")
    expect(page.locator("h1")).to_have_text("Du är anmäld")
    known.refresh_from_db()
    assert known.full_name == "Ali H. Hassan"
    assert Registration.objects.get(course=course).participant == known

    visit(page, "/register/confirm/forged/", status=404, label="forged confirm link")
    expect(page.locator("h1")).to_have_text("Länken är inte giltig")


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_the_offer_of_a_place_reads_at_320px(page):
    start = (timezone.localtime() + timedelta(days=12)).replace(hour=9, minute=0, second=0)
    course, _uddevalla, boras = make_course(start=start, capacity=1)
    place = services.Place(site_id=boras.pk)
    first, second = (
        services.registration_create(
            course=course, full_name=name, email=f"{name.split()[0].lower()}@example.se",
            place=place, base_url="http://testserver/",
        ).registration
        for name in ("Ali Hassan", "Bea Berg")
    )  # fmt: skip
    services.registration_cancel(registration=first, base_url="http://testserver/")
    second.refresh_from_db()
    assert second.offer_open
    visit(
        page,
        reverse("registration:accept", kwargs={"token": services.accept_token(second)}),
        label="offer of a place at 320 px",
    )
    expect(page.locator("h1")).to_have_text("Tacka ja till platsen?")
    assert_no_horizontal_scroll(page, "offer of a place at 320 px")
