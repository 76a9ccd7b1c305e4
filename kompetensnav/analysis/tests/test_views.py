"""The matching's pages: the visit page offers courses with why and a way to tell the company;
the needs a course answers name the companies, linking a visit only where the viewer may read
it; the unmet needs are grouped with a fixed number of queries, and a course proposed from a
group is a draft linked to its needs, which the board sees."""

import pytest
from django.core import mail
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.analysis import services
from kompetensnav.analysis.models import CourseProposal, CourseTip
from kompetensnav.campus.models import Course
from kompetensnav.notifications.models import Notification
from tests.factories import CompanyFactory, OrganisationFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def test_visit_page_offers_the_matching_course_with_why(
    client_for, broker, own_org, catalogue, need_for
):
    need = need_for(
        "Bemötande", "personalen vet inte hur de ska bemöta klagande gäster", organisation=own_org
    )
    services.need_match(need=need)
    page = client_for(broker).get(reverse("visits:visit_detail", args=[need.visit_id]))
    html = page.content.decode()
    assert "Utbildningar att erbjuda företaget" in html
    assert "Kundbemötande i hotell och restaurang" in html and "Varför:" in html
    tip = reverse("analysis:course_tip", args=[need.visit_id, catalogue["guests"].pk])
    assert tip in html


def test_telling_the_company_sends_the_mail_and_logs_it_on_the_visit(
    client_for, broker, own_org, catalogue, need_for, django_capture_on_commit_callbacks
):
    need = need_for("Bemötande", "klagande gäster", organisation=own_org)
    url = reverse("analysis:course_tip", args=[need.visit_id, catalogue["guests"].pk])
    client = client_for(broker)
    form = client.get(url, {"need": need.pk}).content.decode()
    assert f"/courses/{catalogue['guests'].pk}/" in form  # the public course page in the text
    with django_capture_on_commit_callbacks(execute=True):
        bad = client.post(
            url, {"need": need.pk, "to": "inte-en-adress", "subject": "Hej", "body": "x"}
        )
    assert bad.status_code == 200 and 'value="inte-en-adress"' in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {"need": need.pk, "to": "vd@hotellet.example", "subject": "En kurs", "body": "Läs!"},
        )
    assert done.status_code == 302
    tip = CourseTip.objects.get()
    assert (tip.visit_id, tip.need_id, tip.sent_to) == (
        need.visit_id,
        need.pk,
        "vd@hotellet.example",
    )
    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == ["vd@hotellet.example"] and message.subject == "En kurs"
    html = client.get(reverse("visits:visit_detail", args=[need.visit_id])).content.decode()
    assert "vd@hotellet.example" in html


def test_another_organisations_visit_cannot_be_used_to_mail(
    client_for, make_user, catalogue, need_for
):
    need = need_for("Bemötande", "klagande gäster", organisation=OrganisationFactory())
    stranger = make_user(Role.BROKER, OrganisationFactory())
    url = reverse("analysis:course_tip", args=[need.visit_id, catalogue["guests"].pk])
    assert client_for(stranger).get(url).status_code == 404
    assert (
        client_for(stranger).post(url, {"to": "a@b.se", "subject": "s", "body": "b"}).status_code
        == 404
    )
    assert not CourseTip.objects.exists()


def test_course_needs_names_companies_and_links_only_readable_visits(
    client_for, broker, own_org, catalogue, need_for
):
    mine = need_for("Bemötande", "bemöta klagande gäster", organisation=own_org)
    theirs = need_for(
        "Bemötande",
        "svåra samtal med gäster i receptionen",
        organisation=OrganisationFactory(),
        company=CompanyFactory(name="Strandhotellet AB"),
    )
    services.need_match(need=mine)
    services.need_match(need=theirs)
    html = (
        client_for(broker)
        .get(reverse("analysis:course_needs", args=[catalogue["guests"].pk]))
        .content.decode()
    )
    assert "Strandhotellet AB" in html and "Verkstaden i Skövde AB" in html
    assert reverse("visits:visit_detail", args=[mine.visit_id]) in html
    assert reverse("visits:visit_detail", args=[theirs.visit_id]) not in html


def test_unmet_needs_are_grouped_with_a_fixed_number_of_queries(
    client_for, coordinator, catalogue, need_for, django_assert_max_num_queries
):
    for n in range(2):
        services.need_match(need=need_for("Svetsning", f"MIG-svetsning av tunnplåt {n}"))
    client = client_for(coordinator)
    client.get(reverse("analysis:unmet_needs"))
    for _n in range(6):
        services.need_match(
            need=need_for("Heta arbeten", "certifikat för heta arbeten", company=CompanyFactory())
        )
    with django_assert_max_num_queries(16):
        response = client.get(reverse("analysis:unmet_needs"))
    html = response.content.decode()
    assert "Heta arbeten" in html and "Svetsning" in html
    assert html.index("Heta arbeten") < html.index("Svetsning")  # most companies first


def test_a_course_proposed_from_unmet_needs_is_a_draft_the_board_sees_why(
    client_for, make_user, own_org, catalogue, need_for
):
    needs = [need_for("Svetsning", f"MIG-svetsning av tunnplåt, {n} svetsare") for n in (2, 3)]
    for need in needs:
        services.need_match(need=need)
    municipality = needs[0].visit.company.municipality
    group = {
        "area": needs[0].area_id,
        "subregion": municipality.subregion_id if municipality else "",
        "horizon": needs[0].horizon,
    }
    provider = make_user(Role.COURSE_PROVIDER, own_org)
    client = client_for(provider)
    form = client.get(reverse("analysis:course_propose"), group).content.decode()
    assert "MIG-svetsning av tunnplåt, 2 svetsare" in form
    response = client.post(
        reverse("analysis:course_propose"),
        {
            **group,
            "title_sv": "Svetsning MIG/MAG",
            "description_sv": "Tunnplåt.",
            "target_group": "",
        },
    )
    course = Course.objects.get(title_sv="Svetsning MIG/MAG")
    assert response.status_code == 302 and course.status == "draft" and course.provider == own_org
    assert set(CourseProposal.objects.get(course=course).needs.all()) == set(needs)
    assert [a.name for a in course.areas.all()] == ["Svetsning"]
    unmet = client.get(reverse("analysis:unmet_needs"), {"horizon": ""}).content.decode()
    assert "1 utkast redan föreslaget" in unmet  # so nobody proposes the same course twice
    board = make_user(Role.BOARD, OrganisationFactory())
    course.status = "submitted"
    course.save()
    review = (
        client_for(board).get(reverse("campus:course_review", args=[course.pk])).content.decode()
    )
    assert "Föreslagen utifrån 2 behov" in review


def test_notifications_list_the_unmet_needs_and_are_marked_read(
    client_for, coordinator, catalogue, need_for
):
    need = need_for("Svetsning", "MIG-svetsning av tunnplåt")
    services.need_match(need=need)
    client = client_for(coordinator)
    unmet = client.get(reverse("analysis:unmet_needs")).content.decode()
    url = reverse("notifications:list") + "?kind=unmet_need"
    assert url.replace("&", "&amp;") in unmet
    html = client.get(url).content.decode()
    assert "Svetsning: ett behov hos" in html and "ny" in html
    client.post(url)
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    opened = client.get(reverse("notifications:list")).context["object_list"][0]
    response = client.get(reverse("notifications:open", args=[opened.pk]))
    assert response["Location"] == reverse("analysis:need_detail", args=[need.pk])
