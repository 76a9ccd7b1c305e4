"""The sections participants adds to other apps' pages (participants/panels.py): the
company's employees on courses, as counts without names; the sign-up on a course's pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.campus.models import Course, Session
from kompetensnav.campus.tests.factories import CourseFactory, SessionFactory
from kompetensnav.participants.models import Attendance, Participant, Registration
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_company_page_counts_employees_on_courses_without_names(own_org, client_for, broker):
    company = CompanyFactory(name="Hotell Kusten AB")
    course = Course.objects.create(provider=own_org, title_sv="Kundbemötande", status="published")
    start = timezone.now() - timedelta(days=3)
    session = Session.objects.create(course=course, start=start, end=start + timedelta(hours=3))
    people = [
        Participant.objects.create(full_name=f"Person Nummer{n}", employer=company)
        for n in range(3)
    ]
    for person, status in zip(people, ["registered", "registered", "waitlisted"], strict=True):
        Registration.objects.create(participant=person, course=course, remote=True, status=status)
    Attendance.objects.create(session=session, participant=people[0], hours=3)
    Attendance.objects.create(session=session, participant=people[1], hours=1.5)
    page = client_for(broker).get(reverse("companies:company_detail", args=[company.pk]))
    section = page.content.decode().split('id="course-participants"')[1]
    assert "Kundbemötande" in section
    cells = [c.split(">")[-1] for c in section.split("</td>")[:6]]
    assert cells[1:5] == ["3", "1", "2", "4,5"]
    assert "Nummer" not in section


def test_company_page_says_when_no_employee_is_on_a_course(client_for, broker):
    company = CompanyFactory()
    page = client_for(broker).get(reverse("companies:company_detail", args=[company.pk]))
    section = page.content.decode().split('id="course-participants"')[1]
    assert 'class="empty"' in section.split("</section>")[0]


def test_catalogue_and_course_pages_offer_the_registration_form(
    client, client_for, broker, own_org
):
    course = CourseFactory(provider=own_org)
    SessionFactory(course=course)
    link = f'href="{reverse("registration:register", kwargs={"pk": course.pk})}"'
    assert link in client.get(reverse("catalogue:course_detail", args=[course.pk])).content.decode()
    staff_page = client_for(broker).get(reverse("campus:course_detail", args=[course.pk]))
    assert link in staff_page.content.decode()
