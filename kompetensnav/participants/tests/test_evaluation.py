"""Course evaluations: attendees are invited after the last session, anonymously, and the
results are shown per course."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompetensnav.campus.models import Course, Session
from kompetensnav.participants.evaluation import (
    evaluation_send,
    evaluations_due,
    evaluations_send_due,
)
from kompetensnav.participants.models import (
    Attendance,
    CourseEvaluation,
    Participant,
    Registration,
)
from kompetensnav.participants.services import AttendanceMark, attendance_save
from kompetensnav.questionnaires.models import Invitation, Response
from kompetensnav.questionnaires.services import invitation_answer
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def _course(provider, *, ended_days_ago: int, title="Kundbemötande") -> Course:
    course = Course.objects.create(provider=provider, title_sv=title, status="published")
    end = timezone.now() - timedelta(days=ended_days_ago)
    for offset in (7, 0):
        start = end - timedelta(days=offset, hours=3)
        Session.objects.create(course=course, start=start, end=start + timedelta(hours=3))
    return course


def _attendees(course: Course, n: int) -> list[Participant]:
    session = course.sessions.first()
    people = []
    for index in range(n):
        person = Participant.objects.create(
            full_name=f"Deltagare {course.pk}-{index}", email=f"d{course.pk}-{index}@example.se"
        )
        Attendance.objects.create(session=session, participant=person, hours=3)
        people.append(person)
    absent = Participant.objects.create(
        full_name="Frånvarande", email=f"borta{course.pk}@example.se"
    )
    Attendance.objects.create(session=session, participant=absent, present=False, hours=0)
    Participant.objects.create(full_name="Utan e-post")
    return people


def test_evaluation_invites_attendees_only(own_org, org_admin, django_capture_on_commit_callbacks):
    course = _course(own_org, ended_days_ago=1)
    _attendees(course, 3)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = evaluation_send(actor=org_admin, course=course)
    assert evaluation.invited == 3
    run_queued_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"d{course.pk}-{i}@example.se" for i in range(3)
    ]
    assert all(i.subject == course for i in Invitation.objects.all())
    with pytest.raises(ValidationError):
        evaluation_send(actor=org_admin, course=course)


def test_evaluation_not_before_the_last_session(own_org, org_admin):
    course = _course(own_org, ended_days_ago=-3)
    with pytest.raises(ValidationError):
        evaluation_send(actor=org_admin, course=course)


def test_evaluation_refused_to_another_organisation(own_org, foreign_admin):
    course = _course(own_org, ended_days_ago=1)
    with pytest.raises(PermissionDenied):
        evaluation_send(actor=foreign_admin, course=course)


def test_due_evaluations_are_sent_once_by_the_command(own_org, foreign_org):
    recent = _course(own_org, ended_days_ago=2)
    _attendees(recent, 2)
    _course(own_org, ended_days_ago=90, title="Länge sedan")
    _course(foreign_org, ended_days_ago=-5, title="Pågår")
    assert list(evaluations_due()) == [recent]
    call_command("send_course_evaluations", verbosity=0)
    assert CourseEvaluation.objects.get().course == recent
    assert evaluations_send_due() == []


def test_attendance_of_the_last_session_sends_the_evaluation_once(
    own_org, org_admin, django_capture_on_commit_callbacks
):
    course = _course(own_org, ended_days_ago=1)
    first, last = course.sessions.order_by("start")
    people = [
        Participant.objects.create(full_name=f"Deltagare {n}", email=f"p{n}@example.se")
        for n in range(3)
    ]
    for person in people:
        Registration.objects.create(course=course, participant=person, remote=True)

    def save(session, hours):
        marks = [AttendanceMark(p.pk, hours > 0, Decimal(hours)) for p in people[:2]]
        with django_capture_on_commit_callbacks(execute=True):
            attendance_save(actor=org_admin, session=session, marks=marks)
        run_queued_tasks()

    save(first, 3)
    assert not CourseEvaluation.objects.exists()  # not the last session
    assert mail.outbox == []
    save(last, 2)
    evaluation = CourseEvaluation.objects.get(course=course)
    assert evaluation.invited == 2 and evaluation.sent_by is None
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.se", "p1@example.se"]
    mail.outbox.clear()
    save(last, 3)  # a correction sends nothing more
    assert CourseEvaluation.objects.count() == 1 and mail.outbox == []


def test_attendance_of_a_course_long_over_sends_no_evaluation(
    own_org, org_admin, django_capture_on_commit_callbacks
):
    course = _course(own_org, ended_days_ago=60)  # as the daily command: too late to ask
    person = Participant.objects.create(full_name="Deltagare", email="d@example.se")
    Registration.objects.create(course=course, participant=person, remote=True)
    last = course.sessions.order_by("start").last()
    with django_capture_on_commit_callbacks(execute=True):
        attendance_save(
            actor=org_admin, session=last, marks=[AttendanceMark(person.pk, True, Decimal(3))]
        )
    run_queued_tasks()
    assert not CourseEvaluation.objects.exists() and mail.outbox == []


def test_attendance_before_the_last_session_is_over_sends_no_evaluation(
    own_org, org_admin, django_capture_on_commit_callbacks
):
    course = _course(own_org, ended_days_ago=-3)  # the last session is still ahead
    person = Participant.objects.create(full_name="Deltagare", email="d@example.se")
    Registration.objects.create(course=course, participant=person, remote=True)
    first = course.sessions.order_by("start").first()
    with django_capture_on_commit_callbacks(execute=True):
        attendance_save(
            actor=org_admin, session=first, marks=[AttendanceMark(person.pk, True, Decimal(3))]
        )
    run_queued_tasks()
    assert not CourseEvaluation.objects.exists()


def test_evaluation_answers_are_anonymous_and_shown_per_course(
    own_org, org_admin, client_for, django_capture_on_commit_callbacks
):
    course = _course(own_org, ended_days_ago=1)
    other = _course(own_org, ended_days_ago=1, title="Annan kurs")
    _attendees(course, 4)
    evaluation_send(actor=org_admin, course=course)
    for score, invitation in zip([5, 4, 4, 3], Invitation.objects.order_by("pk"), strict=True):
        invitation_answer(invitation=invitation, answers={"overall": score, "best": "Bra lärare"})
    responses = Response.objects.filter(subject_id=course.pk)
    assert responses.count() == 4
    for response in responses:
        assert not response.respondent_name and not response.respondent_email
        assert response.submitted_by is None and response.submitted_at is None
    url = reverse("participants:course_evaluation", args=[course.pk])
    page = client_for(org_admin).get(url).content.decode()
    assert "4 svar" in page and "Bra lärare" in page
    assert "4,0" in page or "4.0" in page  # mean of 5, 4, 4, 3
    other_page = client_for(org_admin).get(
        reverse("participants:course_evaluation", args=[other.pk])
    )
    assert "Bra lärare" not in other_page.content.decode()


def test_evaluation_results_hidden_below_three_responses(own_org, org_admin, client_for):
    course = _course(own_org, ended_days_ago=1)
    _attendees(course, 2)
    evaluation_send(actor=org_admin, course=course)
    invitation = Invitation.objects.first()
    invitation_answer(invitation=invitation, answers={"overall": 1, "best": "Inget"})
    page = (
        client_for(org_admin)
        .get(reverse("participants:course_evaluation", args=[course.pk]))
        .content.decode()
    )
    assert "Inget" not in page
    assert "För få svar" in page


def test_evaluation_page_sends_by_post(own_org, org_admin, client_for):
    course = _course(own_org, ended_days_ago=1)
    _attendees(course, 2)
    url = reverse("participants:course_evaluation", args=[course.pk])
    client = client_for(org_admin)
    assert "Skicka utvärderingen" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert CourseEvaluation.objects.get().invited == 2


def test_participant_calendar_feed_lists_registered_courses_only(own_org, foreign_org, client):
    from icalendar import Calendar

    from kompetensnav.campus.models import SessionSite
    from kompetensnav.participants.models import Registration
    from kompetensnav.participants.services import calendar_token

    registered = _course(own_org, ended_days_ago=-10, title="Svenska för yrkeslivet")
    waiting = _course(own_org, ended_days_ago=-20, title="Truckkort")
    for session in registered.sessions.all():
        SessionSite.objects.create(
            session=session, organisation=foreign_org, room="Sal 3", capacity=5
        )
    person = Participant.objects.create(full_name="Kalle Kalender", email="kalle@example.se")
    Registration.objects.create(participant=person, course=registered, site=foreign_org)
    Registration.objects.create(
        participant=person, course=waiting, remote=True, status="waitlisted"
    )
    url = reverse("registration:calendar", kwargs={"token": calendar_token(person.pk)})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert all("Svenska för yrkeslivet" in str(e["SUMMARY"]) for e in events)
    assert all("Sal 3" in str(e.get("LOCATION", "")) for e in events)
    assert all(e.get("UID") and e.get("DTSTAMP") for e in events)
    assert client.get(url.replace(".ics", "x.ics")).status_code == 404
