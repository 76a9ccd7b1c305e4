"""Each role's start page and the notifications, walked in the browser with axe on every
page: a broker's day (on a phone too), a course submitted for review reaches the board as a
notification that opens the course, and a person chooses how they are notified."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.campus import services as campus
from kompetensnav.notifications.models import Preference
from kompetensnav.participants.tests.factories import CourseFactory
from kompetensnav.visits.tests.factories import VisitFactory
from tests.browser.support import (
    assert_no_horizontal_scroll,
    check_a11y,
    follow,
    submit,
    visit,
)


def test_a_brokers_day_on_a_phone(page, login_as, make_user, own_org):
    broker = make_user(Role.BROKER, own_org)
    today = timezone.localdate()
    due = VisitFactory(
        organisation=own_org,
        visited_by=[broker],
        date=today - timedelta(days=30),
        follow_up_date=today - timedelta(days=1),
        company__name="Uppföljning Verkstad AB",
    )
    login_as(broker)
    page.set_viewport_size({"width": 320, "height": 640})
    visit(page, "/", label="broker's start page, 320 px")
    assert_no_horizontal_scroll(page, "broker's start page, 320 px")
    # the navigation folds behind the Menu button: the broker's day starts on the first screen
    menu, toggle = page.locator("#main-menu"), page.get_by_role("button", name="Meny")
    expect(menu).to_be_hidden()
    expect(page.get_by_role("heading", name="Din dag")).to_be_in_viewport()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Mina uppföljningar")).to_be_visible()
    check_a11y(page, "broker's start page, menu open, 320 px")
    toggle.click()
    expect(menu).to_be_hidden()
    day = page.locator("section", has=page.get_by_role("heading", name="Din dag"))
    expect(day).to_contain_text("Uppföljning Verkstad AB")
    expect(day).to_contain_text("försenad")
    expect(page.get_by_role("heading", name="Nätverket")).to_have_count(0)
    follow(page, day.get_by_role("link", name="Uppföljning Verkstad AB"), label="the visit")
    assert page.url.endswith(reverse("visits:visit_detail", args=[due.pk]))


def test_the_board_is_told_of_a_course_and_chooses_how(
    page, login_as, make_user, own_org, coordinator
):
    board = make_user(Role.BOARD, own_org)
    teacher = make_user(Role.COURSE_PROVIDER, own_org)
    course = CourseFactory(provider=own_org, status="draft", title_sv="Truckkort A+B")
    campus.course_submit(actor=teacher, course=course)

    login_as(board)
    visit(page, "/", label="board's start page")
    expect(page.get_by_role("heading", name="Väntar på styrelsen")).to_be_visible()
    told = page.locator("section", has=page.get_by_role("heading", name="1 ny avisering"))
    header = page.locator(".notifications-link")
    expect(header).to_have_attribute("aria-label", "Aviseringar, 1 ny")
    follow(
        page,
        told.get_by_role("link", name="Truckkort A+B (Lärcentrum Egen) väntar på styrelsens"),
        label="the course from the notification",
    )
    assert page.url.endswith(reverse("campus:course_detail", args=[course.pk]))
    expect(header).not_to_have_attribute("aria-label", "Aviseringar, 1 ny")

    follow(page, header, label="notifications")
    expect(page.locator(".notices li")).to_have_count(1)
    follow(page, page.get_by_role("link", name="Välj vad du aviseras om och hur"), label="settings")
    page.get_by_label("Ingen e-post: jag läser dem i kompetensnav").check()
    page.get_by_label("Ändringar i godkända kurser som väntar på granskning").uncheck()
    submit(page, page.get_by_role("button", name="Spara"), label="settings saved")
    expect(page.locator(".messages")).to_contain_text("Dina aviseringsinställningar är sparade.")
    preference = Preference.objects.get(user=board)
    assert preference.delivery == "never" and preference.muted == ["revision_submitted"]
    expect(page.get_by_label("Ingen e-post: jag läser dem i kompetensnav")).to_be_checked()


def test_every_roles_start_page_passes_axe(page, login_as, make_user, own_org, coordinator):
    for user, heading in (
        (coordinator, "Projektvarningar"),
        (make_user(Role.COURSE_PROVIDER, own_org), "Era kurser"),
        (make_user(Role.VIEWER, own_org), "Nätverket i siffror"),
    ):
        login_as(user)
        visit(page, "/", label=f"start page of {user.affiliations.first().role}")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_role("button", name="Meny")).to_be_hidden()  # a wide screen
