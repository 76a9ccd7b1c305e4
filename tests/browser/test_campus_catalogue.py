"""Journey 3, a member opens a course to the others: the adult-education unit in Uddevalla
drafts "Kampanjer på sociala medier" and submits it, the board approves it with a comment,
it is published with three sessions sent from Uddevalla to Borås and Falköping and
remotely, and the public catalogue shows it with free places. axe on every page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Course
from tests.browser.support import check_a11y, follow, submit, visit
from tests.factories import OrganisationFactory

TITLE = "Kampanjer på sociala medier"


def test_course_through_quality_assurance_to_the_public_catalogue(
    page, login_as, make_user, browser_context
):
    uddevalla = OrganisationFactory(name="Vuxenutbildningen Uddevalla", municipality_id="1485")
    boras = OrganisationFactory(name="Vuxenutbildningen Borås", municipality_id="1490")
    falkoping = OrganisationFactory(name="Vuxenutbildningen Falköping", municipality_id="1499")
    provider = make_user(Role.COURSE_PROVIDER, uddevalla)
    board = make_user(Role.BOARD, boras)

    # the provider drafts the course
    login_as(provider)
    visit(page, reverse("campus:course_list"), label="course list, empty")
    expect(page.locator("h1")).to_have_text("Utbildningar")
    follow(page, page.locator(f'a[href="{reverse("campus:course_create")}"]'), label="new course")
    page.locator("#id_title_en").fill("Social media campaigns")
    page.locator("#id_new_areas").fill("Sociala medier, Marknadsföring")
    submit(page, page.locator('button[name="save"]'), label="course form with errors")
    expect(page.locator("#id_title_sv")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title_en")).to_have_value("Social media campaigns")
    page.locator("#id_title_sv").fill(TITLE)
    page.locator("#id_description_sv").fill("Planera, genomför och mät kampanjer.")
    submit(page, page.locator('button[name="save"]'), label="course saved as a draft")
    expect(page.locator("h1")).to_have_text(TITLE)
    course = Course.objects.get(title_sv=TITLE)
    assert course.status == "draft" and course.provider == uddevalla
    follow(
        page,
        page.locator(f'a[href="{reverse("campus:course_submit", args=[course.pk])}"]'),
        label="submit confirmation",
    )
    submit(page, page.locator('button[name="confirm"]'), label="course submitted")
    expect(page.locator("#course")).to_contain_text("Inskickad för granskning")

    # the board approves it with a comment
    login_as(board)
    visit(page, reverse("campus:review_queue"), label="review queue")
    expect(page.locator("h1")).to_have_text("Granskning")
    menu = page.locator("nav.menu")
    expect(menu.get_by_role("link", name="Granskning", exact=True)).to_have_count(1)
    review = reverse("campus:course_review", args=[course.pk])
    follow(page, page.locator(f'#queue a[href="{review}"]'), label="review page")
    page.locator("#id_comment").fill("Bra upplägg med mottagande lärcentra.")
    submit(page, page.locator('button[name="approve"]'), label="review queue after approval")
    expect(page.locator("main")).to_contain_text("Inga utbildningar väntar på granskning.")

    # the provider publishes it and adds three sessions
    login_as(provider)
    detail = reverse("campus:course_detail", args=[course.pk])
    visit(page, detail, label="approved course")
    expect(page.locator("#reviews")).to_contain_text("Bra upplägg med mottagande lärcentra.")
    follow(
        page,
        page.locator(f'a[href="{reverse("campus:course_publish", args=[course.pk])}"]'),
        label="publish confirmation",
    )
    submit(page, page.locator('button[name="confirm"]'), label="course published")
    expect(page.locator("#course")).to_contain_text("Publicerad")
    expect(page.locator("#history")).to_contain_text("Godkänd av styrelsen")

    first_day = timezone.localdate() + timedelta(days=14)
    for week in range(3):
        day = first_day + timedelta(days=7 * week)
        follow(
            page,
            page.locator(f'a[href="{reverse("campus:session_create", args=[course.pk])}"]'),
            label=f"new session {week + 1}",
        )
        page.locator("#id_start").fill(f"{day:%Y-%m-%d}T09:00")
        page.locator("#id_end").fill(
            f"{day:%Y-%m-%d}T08:00" if week == 0 else f"{day:%Y-%m-%d}T12:00"
        )
        page.locator("#id_remote_capacity").fill("10")
        page.locator("#id_stream_link").fill("https://video.example.se/kampanjer")
        page.locator("#id_sites-0-organisation").select_option(str(boras.pk))
        page.locator("#id_sites-0-room").fill("Sal 3")
        page.locator("#id_sites-0-capacity").fill("12")
        page.locator("#id_sites-1-organisation").select_option(str(falkoping.pk))
        page.locator("#id_sites-1-capacity").fill("8")
        if week == 0:
            submit(page, page.locator('button[name="save"]'), label="session form with errors")
            expect(page.locator("#id_end")).to_have_attribute("aria-invalid", "true")
            expect(page.locator("#id_sites-0-room")).to_have_value("Sal 3")
            page.locator("#id_end").fill(f"{day:%Y-%m-%d}T12:00")
            page.locator("#id_hours").fill("")
        submit(page, page.locator('button[name="save"]'), label=f"session {week + 1} saved")
    expect(page.locator("#session-table tbody tr")).to_have_count(3)
    assert course.sessions.count() == 3
    assert all(s.hours == 3 for s in course.sessions.all())

    # the public sees it without an account, with free places
    browser_context.clear_cookies()
    visit(page, reverse("catalogue:course_list"), label="public catalogue")
    card = page.locator("#course-cards article", has_text=TITLE)
    expect(card).to_have_count(1)
    # a registration takes a place in all three sessions: 12 at Borås, 8 at Falköping, 10 remote
    expect(card.locator(".free-places")).to_have_text("30")
    follow(page, card.get_by_role("link", name=TITLE), label="public course page")
    expect(page.locator("h1")).to_have_text(TITLE)
    sessions = page.locator("#session-table tbody tr")
    expect(sessions).to_have_count(3)
    expect(sessions.first).to_contain_text(
        "Vuxenutbildningen Borås, Sal 3: 12 av 12 platser lediga"
    )
    expect(sessions.first).to_contain_text("Vuxenutbildningen Falköping: 8 av 8 platser lediga")
    expect(sessions.first).to_contain_text("10 av 10")
    check_a11y(page, "public course page, sessions")

    visit(page, reverse("catalogue:course_list"), label="public catalogue again")
    with page.expect_response(lambda r: "municipality=1499" in r.url):
        page.locator("#id_municipality").select_option("1499")
    expect(page.locator("#course-cards article")).to_have_count(1)
    check_a11y(page, "public catalogue filtered to Falköping")
    with page.expect_response(lambda r: "municipality=1480" in r.url):
        page.locator("#id_municipality").select_option("1480")
    expect(page.locator("#results .empty")).to_be_visible()
    check_a11y(page, "public catalogue, nothing found")

    # the session calendar of the receiving site
    login_as(board)
    calendar = reverse("campus:site_calendar", args=[falkoping.pk])
    visit(page, f"{calendar}?month={first_day:%Y-%m}", label="site calendar")
    expect(page.locator("#calendar")).to_contain_text(TITLE)
