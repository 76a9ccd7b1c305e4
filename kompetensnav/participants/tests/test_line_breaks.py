"""A course whose stored title holds a line break (an old row, an import from before the
inputs refused it) must not break the public pages: registration, cancellation and the
calendar feeds answer, the e-mail has a one-line subject and the feeds parse."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Registration
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

from .factories import course_with_sites

pytestmark = pytest.mark.django_db

STORED_TITLE = "Hotellsvenska\r\nför nybörjare"
SHOWN_TITLE = "Hotellsvenska för nybörjare"


@pytest.fixture
def committing(client, django_capture_on_commit_callbacks):
    """A client whose requests' on-commit work (queueing e-mail) runs, as after a commit."""

    def request(method: str, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(*args, **kwargs)

    return request


@pytest.fixture
def site(db):
    return OrganisationFactory(name="Lärcentrum\r\nBorås")


@pytest.fixture
def course(own_org, site):
    # Made through the model, as an import or an old row would be: the forms refuse it now.
    return course_with_sites(
        provider=own_org,
        sites=[site],
        capacity=1,
        sessions=2,
        title_sv=STORED_TITLE,
        title_en="Hotel Swedish\rfor\nbeginners",
    )


def _register(committing, course, site, email: str):
    return committing(
        "post",
        reverse("registration:register", kwargs={"pk": course.pk}),
        {
            "full_name": "Ali Hassan",
            "email": email,
            "place": str(site.pk),
            "gender": "M",
            "consent": "on",
            "employer_org_number": "",
            "employer_name": "",
            "website": "",
        },
        follow=True,
    )


def _single_line(text: str) -> bool:
    return not any(char in text for char in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def test_register_course_title_with_line_break_registers(committing, course, site):
    response = _register(committing, course, site, "ali@example.se")
    assert response.status_code == 200
    assert "Du är anmäld" in response.content.decode()
    registration = Registration.objects.get(participant__email="ali@example.se")
    assert registration.status == RegistrationStatus.REGISTERED


def test_register_course_title_with_line_break_mails_a_one_line_subject(committing, course, site):
    _register(committing, course, site, "ali@example.se")
    run_queued_tasks()
    (message,) = mail.outbox
    assert _single_line(message.subject)
    assert SHOWN_TITLE in message.subject
    message.message().as_bytes()  # the headers can be written
    ((filename, content, mimetype),) = message.attachments
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["X-WR-CALNAME"] == SHOWN_TITLE
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == [SHOWN_TITLE, SHOWN_TITLE]


def test_cancel_course_title_with_line_break_cancels_and_promotes(committing, course, site):
    _register(committing, course, site, "ali@example.se")
    _register(committing, course, site, "bea@example.se")
    first = Registration.objects.get(participant__email="ali@example.se")
    second = Registration.objects.get(participant__email="bea@example.se")
    assert second.status == RegistrationStatus.WAITLISTED
    run_queued_tasks()
    mail.outbox.clear()

    link = reverse("registration:cancel", kwargs={"token": services.cancel_token(first)})
    response = committing("post", link)

    assert response.status_code == 200
    assert "Anmälan avbokad" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.REGISTERED
    run_queued_tasks()
    (promotion,) = mail.outbox
    assert promotion.to == ["bea@example.se"]
    assert _single_line(promotion.subject) and SHOWN_TITLE in promotion.subject


def test_course_feed_title_with_line_break_parses(client, course):
    response = client.get(reverse("catalogue:course_ical", args=[course.pk]))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == SHOWN_TITLE
    events = list(calendar.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == [SHOWN_TITLE, SHOWN_TITLE]
    assert "Lärcentrum Borås" in str(events[0]["LOCATION"])
    assert _single_line(str(events[0]["LOCATION"]))
    description = str(events[0]["DESCRIPTION"])
    assert description.splitlines()[0].startswith(SHOWN_TITLE)


def test_calendar_english_title_with_line_break_parses(course):
    from kompetensnav.campus.ical import calendar_for_sessions

    sessions = course.sessions.order_by("start")
    content = calendar_for_sessions(
        sessions, name=course.title("en"), language="en", base_url="https://x.example/"
    )
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["X-WR-CALNAME"] == "Hotel Swedish for beginners"
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Hotel Swedish for beginners"
    assert str(event["URL"]) == f"https://x.example/courses/{course.pk}/"
    assert str(event["DESCRIPTION"]).startswith("Hotel Swedish for beginners, given by")


def test_site_feed_name_with_line_break_parses(client, course, site):
    response = client.get(reverse("catalogue:site_ical", args=[site.pk]))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == "Lärcentrum Borås"
    assert len(list(calendar.walk("VEVENT"))) == 2


def test_participant_feed_title_with_line_break_parses(committing, client, course, site):
    _register(committing, course, site, "ali@example.se")
    registration = Registration.objects.get(participant__email="ali@example.se")
    token = services.calendar_token(registration.participant_id)
    response = client.get(reverse("registration:calendar", kwargs={"token": token}))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == [SHOWN_TITLE, SHOWN_TITLE]
    assert str(events[0]["LOCATION"]) == "Lärcentrum Borås"
