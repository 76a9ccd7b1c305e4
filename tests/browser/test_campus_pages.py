"""The rest of the campus pages in their main states, each checked with axe: the course
list filtered, the edit form of a published course, a session's edit and delete pages, the
archive confirmation and the network calendar; the catalogue on a phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.competences.models import CompetenceArea
from tests.browser.support import assert_no_horizontal_scroll, check_a11y, follow, submit, visit
from tests.factories import OrganisationFactory

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True}


def make_catalogue():
    skovde = OrganisationFactory(name="Vuxenutbildningen Skövde", municipality_id="1496")
    tibro = OrganisationFactory(name="Lärcentrum Tibro", municipality_id="1472")
    area = CompetenceArea.objects.create(name="Svenska för yrkeslivet")
    course = Course.objects.create(
        provider=skovde,
        title_sv="Svenska för yrkeslivet",
        title_en="Swedish for working life",
        description_sv="Yrkessvenska för nyanställda.",
        status="published",
        seqf_level_id=2,
        format="hybrid",
    )
    course.areas.add(area)
    start = (timezone.localtime() + timedelta(days=20)).replace(hour=9, minute=0)
    session = Session.objects.create(
        course=course,
        start=start,
        end=start + timedelta(hours=3),
        sending_site=skovde,
        remote_capacity=15,
        stream_link="https://video.example.se/svenska",
    )
    SessionSite.objects.create(
        session=session, organisation=tibro, room="Studierummet", capacity=10
    )
    Course.objects.create(provider=tibro, title_sv="CNC-grunder", status="draft")
    return skovde, tibro, course, session


def test_course_pages_in_their_main_states(page, login_as, make_user):
    skovde, tibro, course, session = make_catalogue()
    SessionSite.objects.filter(session=session).update(seats_taken=6)
    provider = make_user(Role.COURSE_PROVIDER, skovde)
    login_as(provider)

    visit(page, reverse("campus:course_list"), label="course list")
    rows = page.locator("#results table tbody tr")
    expect(rows).to_have_count(1)  # Tibro's draft is not ours
    with page.expect_response(lambda r: "status=draft" in r.url):
        page.locator("#id_status").select_option("draft")
    expect(page.locator("#results .empty")).to_be_visible()
    check_a11y(page, "course list, no drafts")

    visit(page, reverse("campus:course_edit", args=[course.pk]), label="edit a published course")
    page.locator("#id_title_sv").fill("Svenska för yrkeslivet, del 1")
    submit(page, page.locator('button[name="save"]'), label="published course edited")
    # the change of a published course's title waits for the board beside the published text
    expect(page.locator("main")).to_contain_text("väntar på styrelsen")
    expect(page.locator("h1")).to_have_text("Svenska för yrkeslivet")
    expect(page.locator("#history")).to_contain_text("Ändring föreslagen för granskning")

    visit(page, reverse("campus:session_edit", args=[session.pk]), label="session edit")
    page.locator("#id_sites-0-capacity").fill("4")
    submit(page, page.locator('button[name="save"]'), label="capacity below places taken")
    expect(page.locator("main")).to_contain_text("6 platser är redan tagna")
    expect(page.locator("#id_sites-0-capacity")).to_have_value("4")

    month = timezone.localtime(session.start).strftime("%Y-%m")
    visit(page, f"{reverse('campus:calendar')}?month={month}", label="network calendar")
    expect(page.locator("#calendar")).to_contain_text("Svenska för yrkeslivet")
    follow(page, page.locator('a[rel="next"]'), label="calendar next month")

    visit(page, reverse("campus:course_detail", args=[course.pk]), label="course page")
    follow(
        page,
        page.locator(f'a[href="{reverse("campus:session_delete", args=[session.pk])}"]'),
        label="session delete confirmation",
    )
    expect(page.locator("main")).to_contain_text("6 personer är anmälda")
    submit(page, page.locator('button[name="delete"]'), label="session deleted")
    expect(page.locator("#sessions .empty")).to_be_visible()
    assert not Session.objects.filter(pk=session.pk).exists()

    visit(page, reverse("campus:course_archive", args=[course.pk]), label="archive confirmation")
    expect(page.locator('button[name="confirm"]')).to_be_visible()


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_catalogue_on_a_phone(page):
    _skovde, _tibro, course, _session = make_catalogue()
    visit(page, reverse("catalogue:course_list"), label="catalogue on a phone")
    assert_no_horizontal_scroll(page, "catalogue on a phone")
    visit(page, reverse("catalogue:course_detail", args=[course.pk]), label="course on a phone")
    assert_no_horizontal_scroll(page, "course page on a phone")
    expect(page.locator("#sessions")).to_contain_text("Lärcentrum Tibro, Studierummet")


SMALL_SCREENS = [
    pytest.param({"viewport": {"width": 320, "height": 640}}, id="320px"),
    pytest.param(PHONE, id="phone"),
]


@pytest.mark.parametrize("browser_context", SMALL_SCREENS, indirect=True)
def test_campus_pages_reflow_on_small_screens(page, login_as, make_user):
    skovde, _tibro, course, session = make_catalogue()
    Course.objects.create(provider=skovde, title_sv="Kundbemötande", status="submitted")
    login_as(make_user(Role.COORDINATOR, skovde))
    month = timezone.localtime(session.start).strftime("%Y-%m")
    for path in [
        reverse("campus:course_list"),
        reverse("campus:course_detail", args=[course.pk]),
        reverse("campus:course_create"),
        reverse("campus:session_edit", args=[session.pk]),
        reverse("campus:review_queue"),
        f"{reverse('campus:calendar')}?month={month}",
    ]:
        visit(page, path)
        assert_no_horizontal_scroll(page, path)


def test_catalogue_in_english(page):
    _skovde, _tibro, course, _session = make_catalogue()
    visit(page, reverse("catalogue:course_list"), label="catalogue in Swedish")
    submit(page, page.locator('button[name="language"][value="en"]'), label="catalogue in English")
    expect(page.locator("h1")).to_have_text("Course catalogue")
    card = page.locator("#course-cards article")
    expect(card.get_by_role("link", name="Swedish for working life")).to_be_visible()
    follow(page, card.get_by_role("link"), label="course page in English")
    expect(page.locator("#sessions")).to_contain_text("places free")
