"""The logged-in pages: course list, form, detail, workflow confirmations, review queue."""

import pytest
from django.urls import reverse

from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.competences.models import CompetenceArea
from tests.factories import OrganisationFactory

from .factories import CourseFactory, SessionFactory, SessionSiteFactory

pytestmark = pytest.mark.django_db


def test_course_list_shows_own_courses_and_the_networks_published(
    client_for, provider, own_org, foreign_org
):
    CourseFactory(provider=own_org, status="draft", title_sv="Eget utkast")
    CourseFactory(provider=foreign_org, status="published", title_sv="Annans publicerade")
    CourseFactory(provider=foreign_org, status="draft", title_sv="Annans utkast")
    page = client_for(provider).get(reverse("campus:course_list")).content.decode()
    assert "Eget utkast" in page and "Annans publicerade" in page
    assert "Annans utkast" not in page


def test_course_list_filters_search_and_sorts(client_for, provider, own_org, foreign_org):
    area = CompetenceArea.objects.create(name="Sociala medier")
    a = CourseFactory(provider=own_org, status="draft", title_sv="Alfa", format="online")
    a.areas.add(area)
    CourseFactory(provider=foreign_org, status="published", title_sv="Beta", format="on_site")
    client = client_for(provider)
    url = reverse("campus:course_list")
    assert "Beta" not in client.get(url, {"status": "draft"}).content.decode()
    assert "Beta" not in client.get(url, {"area": area.pk}).content.decode()
    assert "Alfa" not in client.get(url, {"format": "on_site"}).content.decode()
    assert "Alfa" not in client.get(url, {"provider": foreign_org.pk}).content.decode()
    assert "Alfa" not in client.get(url, {"q": "bet"}).content.decode()
    page = client.get(url, {"sort": "provider", "status": "bogus"}).content.decode()
    assert page.index("Alfa") < page.index("Beta")  # Lärcentrum Egen before Vuxenutbildning
    page = client.get(url, {"sort": "-updated"}).content.decode()
    assert page.index("Beta") < page.index("Alfa")


def test_course_list_query_count_does_not_grow(
    client_for, provider, own_org, django_assert_max_num_queries
):
    area = CompetenceArea.objects.create(name="CNC")
    for _n in range(30):
        c = CourseFactory(provider=own_org)
        c.areas.add(area)
        SessionSiteFactory(session=SessionFactory(course=c))
    client = client_for(provider)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("campus:course_list"))
    assert response.status_code == 200
    assert "Sida 1 av 2" in response.content.decode() or "Page 1 of 2" in response.content.decode()


def test_create_course_with_new_and_existing_areas(client_for, provider, own_org):
    existing = CompetenceArea.objects.create(name="Marknadsföring")
    response = client_for(provider).post(
        reverse("campus:course_create"),
        {
            "title_sv": "Kampanjer på sociala medier",
            "title_en": "Social media campaigns",
            "areas": [existing.pk],
            "new_areas": "Sociala medier, marknadsföring",
            "format": "hybrid",
            "seqf_level": "4",
        },
    )
    course = Course.objects.get(title_sv="Kampanjer på sociala medier")
    assert response.status_code == 302
    assert course.provider == own_org and course.status == CourseStatus.DRAFT
    assert sorted(a.name for a in course.areas.all()) == ["Marknadsföring", "Sociala medier"]


def test_course_form_errors_keep_what_was_typed(client_for, provider):
    response = client_for(provider).post(
        reverse("campus:course_create"), {"title_en": "Kept", "format": "bogus"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kept"' in page and 'aria-invalid="true"' in page


def test_foreign_draft_is_404_for_a_provider_but_found_by_the_board(
    client_for, provider, board, foreign_org
):
    course = CourseFactory(provider=foreign_org, status="draft")
    url = reverse("campus:course_detail", args=[course.pk])
    assert client_for(provider).get(url).status_code == 404
    assert client_for(board).get(url).status_code == 200
    edit = reverse("campus:course_edit", args=[course.pk])
    assert client_for(provider).get(edit).status_code == 404
    assert client_for(board).get(edit).status_code == 403


def test_provider_submits_board_approves_provider_publishes(client_for, provider, board, own_org):
    course = CourseFactory(provider=own_org, status="draft")
    provider_client = client_for(provider)
    detail = provider_client.get(reverse("campus:course_detail", args=[course.pk]))
    assert reverse("campus:course_submit", args=[course.pk]) in detail.content.decode()
    confirm = provider_client.get(reverse("campus:course_submit", args=[course.pk]))
    assert confirm.status_code == 200 and 'name="confirm"' in confirm.content.decode()
    provider_client.post(reverse("campus:course_submit", args=[course.pk]))
    course.refresh_from_db()
    assert course.status == "submitted"

    board_client = client_for(board)
    queue = board_client.get(reverse("campus:review_queue")).content.decode()
    assert course.title_sv in queue
    # sending back without a comment is refused and says why
    response = board_client.post(
        reverse("campus:course_review", args=[course.pk]), {"send_back": "1", "comment": ""}
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    board_client.post(
        reverse("campus:course_review", args=[course.pk]),
        {"approve": "1", "comment": "Godkänd, bra målgrupp."},
    )
    course.refresh_from_db()
    assert course.status == "approved"
    assert course.reviews.get().comment == "Godkänd, bra målgrupp."

    provider_client.post(reverse("campus:course_publish", args=[course.pk]))
    course.refresh_from_db()
    assert course.status == "published"
    page = provider_client.get(reverse("campus:course_detail", args=[course.pk])).content
    assert "Godkänd, bra målgrupp." in page.decode()


def test_posting_an_illegal_step_answers_400_with_the_reason(client_for, provider, own_org):
    course = CourseFactory(provider=own_org, status="published")
    response = client_for(provider).post(reverse("campus:course_submit", args=[course.pk]))
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    course.refresh_from_db()
    assert course.status == "published"


def test_review_queue_query_count(client_for, board, own_org, django_assert_max_num_queries):
    area = CompetenceArea.objects.create(name="Svets")
    for _n in range(15):
        c = CourseFactory(provider=own_org, status="submitted")
        c.areas.add(area)
        SessionFactory(course=c)
    client = client_for(board)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("campus:review_queue"))
    assert response.content.decode().count("/review/") >= 15


def test_review_queue_is_for_board_and_coordinators(client_for, provider, coordinator):
    assert client_for(provider).get(reverse("campus:review_queue")).status_code == 403
    assert client_for(coordinator).get(reverse("campus:review_queue")).status_code == 200


def test_navigation_shows_courses_and_review(client_for, provider, board):
    provider_page = client_for(provider).get(reverse("campus:course_list")).content.decode()
    assert reverse("campus:course_list") in provider_page
    assert reverse("campus:review_queue") not in provider_page
    board_page = client_for(board).get(reverse("campus:course_list")).content.decode()
    assert reverse("campus:review_queue") in board_page


def test_calendar_lists_sessions_of_the_month_and_per_site(
    client_for, provider, own_org, foreign_org
):
    session = SessionFactory(course=CourseFactory(provider=own_org, title_sv="Truckkort"))
    SessionSiteFactory(session=session, organisation=foreign_org)
    SessionFactory(course=CourseFactory(provider=foreign_org, status="draft", title_sv="Dolt"))
    third = OrganisationFactory(name="Lärcentrum Tredje")
    month = f"{session.start:%Y-%m}"
    client = client_for(provider)
    page = client.get(reverse("campus:calendar"), {"month": month}).content.decode()
    assert "Truckkort" in page and "Dolt" not in page
    site = client.get(reverse("campus:site_calendar", args=[foreign_org.pk]), {"month": month})
    assert "Truckkort" in site.content.decode()
    other = client.get(reverse("campus:site_calendar", args=[third.pk]), {"month": month})
    assert "Truckkort" not in other.content.decode()
    assert client.get(reverse("campus:calendar"), {"month": "nonsense"}).status_code == 200
    redirect = client.get(reverse("campus:calendar"), {"site": foreign_org.pk, "month": month})
    assert redirect.status_code == 302


def test_coordinator_creates_a_course_for_a_member(client_for, coordinator, foreign_org):
    client = client_for(coordinator)
    response = client.post(
        reverse("campus:course_create"),
        {"provider": foreign_org.pk, "title_sv": "Truckkort", "format": "on_site"},
    )
    course = Course.objects.get(title_sv="Truckkort")
    assert response.status_code == 302 and course.provider == foreign_org
    edit = client.get(reverse("campus:course_edit", args=[course.pk])).content.decode()
    assert 'name="provider"' not in edit


def test_contact_must_belong_to_the_provider(client_for, provider, own_org, foreign_org):
    from kompetensnav.network.models import Contact

    foreign_contact = Contact.objects.create(organisation=foreign_org, name="Annan Person")
    response = client_for(provider).post(
        reverse("campus:course_create"),
        {"title_sv": "Kurs", "format": "online", "contact": foreign_contact.pk},
    )
    assert response.status_code == 200 and not Course.objects.exists()


def test_reviewing_a_course_not_submitted_is_refused(client_for, board, own_org):
    course = CourseFactory(provider=own_org, status="draft")
    response = client_for(board).post(
        reverse("campus:course_review", args=[course.pk]), {"approve": "1"}
    )
    assert response.status_code == 400
    course.refresh_from_db()
    assert course.status == "draft" and not course.reviews.exists()


def test_board_cannot_publish_or_archive(client_for, board, own_org):
    approved = CourseFactory(provider=own_org, status="approved")
    client = client_for(board)
    assert client.post(reverse("campus:course_publish", args=[approved.pk])).status_code == 403
    assert client.post(reverse("campus:course_archive", args=[approved.pk])).status_code == 403
    approved.refresh_from_db()
    assert approved.status == "approved"
