"""Needs meet courses, in the browser: the broker sees the courses to offer on the visit page
and tells the company; the coordinator curates the vocabulary (a synonym, a merge after a
confirmation), sees the needs without an offer and proposes a course from them, which the
board then sees with its needs. axe-core on every page."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.analysis import services
from kompetensnav.analysis.models import CourseProposal, CourseTip
from kompetensnav.analysis.tests.conftest import publish
from kompetensnav.campus.models import Course
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.browser.support import check_a11y, follow, submit, visit
from tests.factories import CompanyFactory, OrganisationFactory
from tests.tasks import run_queued_tasks


def _need(area: str, description: str, organisation, company=None):
    return NeedFactory(
        visit=VisitFactory(
            organisation=organisation,
            company=company or CompanyFactory(name="Hotell Kustbris AB"),
            date=timezone.localdate() - timedelta(days=2),
        ),
        area=area_find_or_create(name=area),
        description=description,
        employees_affected=3,
    )


def test_broker_offers_a_course_and_tells_the_company(page, login_as, broker, own_org):
    services.forget_index()
    course = publish(
        own_org,
        "Kundbemötande i hotell och restaurang",
        "Bemöta gäster, hantera klagomål och svåra samtal.",
        ["Kundbemötande"],
    )
    need = _need("Bemötande", "personalen vet inte hur de ska bemöta klagande gäster", own_org)
    services.need_match(need=need)
    login_as(broker)

    visit(page, reverse("visits:visit_detail", args=[need.visit_id]), label="visit with courses")
    panel = page.locator("#suggestions")
    expect(panel).to_contain_text("Kundbemötande i hotell och restaurang")
    expect(panel).to_contain_text("Varför:")
    follow(
        page, panel.get_by_role("link", name=re.compile("Tipsa Hotell Kustbris")), label="tip form"
    )
    submit(page, page.locator('button[name="send"]'), label="tip form with errors")
    expect(page.locator("#id_to")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_to").fill("vd@kustbris.example")
    submit(page, page.locator('button[name="send"]'), label="visit after the tip")
    expect(page.locator(".messages")).to_contain_text("vd@kustbris.example")
    assert CourseTip.objects.get().course == course
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["vd@kustbris.example"]]

    visit(page, reverse("analysis:need_detail", args=[need.pk]), label="need page")
    expect(page.locator("main")).to_contain_text("Utbildningar som kan möta behovet")


def test_coordinator_curates_and_proposes_a_course_the_board_sees(
    page, login_as, coordinator, make_user, own_org
):
    services.forget_index()
    publish(own_org, "Truckkort A+B", "Behörighet för motviktstruck.", ["Truckkort"])
    welding = [
        _need(
            "Svetsning", f"MIG/MAG-svetsning av tunnplåt, {n} svetsare", own_org, CompanyFactory()
        )
        for n in (2, 3)
    ]
    for need in welding:
        services.need_match(need=need)
    CompetenceArea.objects.create(name="Svetsteknik")
    login_as(coordinator)

    # the vocabulary: search, a synonym, a merge after a confirmation
    visit(page, reverse("competences:area_list"), label="competence areas")
    page.locator("#id_q").fill("svets")
    submit(page, page.locator("form.filters button"), label="competence areas searched")
    follow(page, page.get_by_role("link", name="Svetsteknik", exact=True), label="area page")
    page.locator("#id_text").fill("Svets")
    submit(page, page.locator('button[name="add"]'), label="area with a synonym")
    expect(page.locator("#synonyms")).to_contain_text("Svets")
    follow(page, page.get_by_role("link", name="Slå ihop med ett annat område"), label="merge")
    page.locator("#id_target").select_option(label="Svetsning")
    submit(page, page.locator('button[name="next"]'), label="merge confirmation")
    expect(page.locator("main")).to_contain_text("Det här kan inte ångras")
    submit(page, page.locator('button[name="confirm"]'), label="merged area")
    expect(page.locator("h1")).to_have_text("Svetsning")
    run_queued_tasks()

    # the needs without an offer, and a course proposed from a group
    visit(page, reverse("analysis:unmet_needs"), label="needs without an offer")
    expect(page.locator("main table")).to_contain_text("Svetsning")
    follow(
        page,
        page.get_by_role("link", name=re.compile("Föreslå en utbildning")).first,
        label="propose",
    )
    page.locator("#id_provider").select_option(str(own_org.pk))
    page.locator("#id_title_sv").fill("Svetsning MIG/MAG för tunnplåt")
    submit(page, page.locator('button[name="propose"]'), label="proposed draft course")
    course = Course.objects.get(title_sv="Svetsning MIG/MAG för tunnplåt")
    assert course.status == "draft"
    assert set(CourseProposal.objects.get(course=course).needs.all()) == set(welding)
    expect(page.locator("#course-needs")).to_contain_text("Föreslagen utifrån 2 behov")

    course.status = "submitted"
    course.save()
    board = make_user(Role.BOARD, OrganisationFactory())
    login_as(board)
    visit(page, reverse("campus:course_review", args=[course.pk]), label="review with needs")
    expect(page.locator("#course-needs")).to_contain_text("MIG/MAG-svetsning av tunnplåt")
    check_a11y(page, "review with needs")
