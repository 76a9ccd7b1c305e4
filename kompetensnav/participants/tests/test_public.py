"""The public pages: register without an account, the waitlist, cancel by the e-mailed link,
the certificate by link; protection against automation; e-mail failures lose nothing."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from kompetensnav.common.demodata import luhn_complete
from kompetensnav.companies.models import Company
from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Attendance, Participant, Registration
from tests.factories import CompanyFactory, OrganisationFactory
from tests.tasks import run_queued_tasks

from .factories import course_with_sites, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """A client whose requests' on-commit work (queueing e-mail) runs, as after a commit."""

    class Committing:
        def __getattr__(self, name):
            method = getattr(client, name)

            def call(*args, **kwargs):
                with django_capture_on_commit_callbacks(execute=True):
                    return method(*args, **kwargs)

            return call

    return Committing()


@pytest.fixture
def boras(db):
    return OrganisationFactory(name="Lärcentrum Borås")


@pytest.fixture
def course(own_org, boras):
    return course_with_sites(
        provider=own_org, sites=[boras], capacity=1, sessions=2, title_sv="Hotellsvenska"
    )


def _data(boras, **extra):
    return {
        "full_name": "Ali Hassan",
        "email": "ali@example.se",
        "place": str(boras.pk),
        "gender": "M",
        "consent": "on",
        "employer_org_number": "",
        "employer_name": "",
        "website": "",
        **extra,
    }


def _url(course):
    return reverse("registration:register", kwargs={"pk": course.pk})


def test_form_shows_the_course_sites_and_why_gender_is_asked(client, course):
    response = client.get(_url(course))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hotellsvenska" in html and "Lärcentrum Borås" in html
    assert "Vi frågar för att kunna redovisa statistik uppdelad på kön. Frivilligt." in html
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html  # the honeypot


def test_register_confirms_and_mails_a_calendar_file(client, course, boras):
    response = client.post(_url(course), _data(boras), follow=True)
    assert response.status_code == 200
    assert "Du är anmäld" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.participant.gender == "M" and registration.consent_at is not None
    assert mail.outbox == []  # sent by the worker, after the commit
    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == ["ali@example.se"] and "Hotellsvenska" in message.subject
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("kurs.ics", "text/calendar")
    assert content.count("BEGIN:VEVENT") == 2
    assert "/register/cancel/" in message.body and "/register/certificate/" in message.body


def test_second_person_lands_on_the_waitlist_and_is_promoted_after_a_cancel(client, course, boras):
    client.post(_url(course), _data(boras))
    response = client.post(
        _url(course), _data(boras, full_name="Bea", email="bea@example.se"), follow=True
    )
    html = response.content.decode()
    assert "Du står på reservlistan" in html and "nummer 1" in html
    run_queued_tasks()
    first_mail = next(m for m in mail.outbox if m.to == ["ali@example.se"])
    link = re.search(r"http://testserver(/register/cancel/[^\s]+)", first_mail.body).group(1)
    mail.outbox.clear()

    page = client.get(link)
    assert page.status_code == 200 and "Vill du avboka" in page.content.decode()
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).count() == 0
    done = client.post(link)
    assert "Anmälan avbokad" in done.content.decode(), done.content.decode()[
        done.content.decode().find("<main") :
    ]
    bea = Registration.objects.get(participant__email="bea@example.se")
    assert bea.status == RegistrationStatus.REGISTERED
    run_queued_tasks()
    (promotion,) = mail.outbox
    assert promotion.to == ["bea@example.se"] and "En plats är ledig för dig" in promotion.subject
    # the link again: already cancelled, nothing more happens
    assert "Anmälan avbokad" in client.post(link).content.decode()


def test_forged_cancel_link_is_not_found(client):
    assert client.get("/register/cancel/not-a-token/").status_code == 404


def test_errors_keep_what_was_typed(client, course, boras):
    response = client.post(_url(course), _data(boras, email="inte-en-adress", consent=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Ali Hassan"' in html and 'aria-invalid="true"' in html
    assert Registration.objects.count() == 0


def test_honeypot_filled_registers_nobody(client, course, boras):
    response = client.post(_url(course), _data(boras, website="http://spam.example"))
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def test_submissions_are_rate_limited_per_ip(client, course, boras, settings):
    settings.PARTICIPANTS_REGISTRATION_RATE_LIMIT = "2/m/ip"
    for n in range(2):
        client.post(_url(course), _data(boras, email=f"p{n}@example.se"))
    response = client.post(_url(course), _data(boras, email="p3@example.se"))
    assert response.status_code == 429
    assert Registration.objects.count() == 2


def test_existing_employer_is_found_by_org_number(client, course, boras):
    company = CompanyFactory(name="Hotell Borås AB")
    client.post(_url(course), _data(boras, employer_org_number=company.org_number))
    assert Participant.objects.get().employer == company


def test_new_employer_is_created_from_number_and_name(client, course, boras):
    client.post(
        _url(course),
        _data(
            boras, employer_org_number=luhn_complete("559912399"), employer_name="Nya Hotellet AB"
        ),
    )
    company = Company.objects.get(name="Nya Hotellet AB")
    assert Participant.objects.get().employer == company


def test_bad_org_number_is_an_error(client, course, boras):
    response = client.post(_url(course), _data(boras, employer_org_number="556677-8890"))
    assert 'aria-invalid="true"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_unpublished_course_has_no_registration_page(client, course):
    course.status = "draft"
    course.save()
    assert client.get(_url(course)).status_code == 404


def test_failing_mail_server_keeps_the_registration(client, course, boras, settings):
    settings.MAILERS = {
        "default": {"BACKEND": "kompetensnav.participants.tests.test_public.Broken"}
    }
    response = client.post(_url(course), _data(boras), follow=True)
    assert response.status_code == 200
    run_queued_tasks()  # the task fails; the registration stays
    assert Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == 1
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(status="FAILED").count() == 1


class Broken:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")

    def open(self):
        pass

    def close(self):
        pass


def test_certificate_by_link(client, course, boras):
    result = services.registration_create(
        course=course,
        full_name="Ali Hassan",
        email="ali@example.se",
        place=services.Place(site_id=boras.pk),
        base_url="http://testserver/",
    )
    token = services.certificate_token(
        participant_id=result.registration.participant_id, course_id=course.pk
    )
    url = reverse("registration:certificate", kwargs={"token": token})
    assert "Inget intyg ännu" in client.get(url).content.decode()
    session = started(course.sessions.first())
    Attendance.objects.create(
        session=session, participant=result.registration.participant, hours=Decimal("1.5")
    )
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    from .test_certificates import pdf_text

    text = pdf_text(response.content)
    assert "Ali Hassan" in text and "Hotellsvenska" in text and "1,5" in text


def test_calendar_files_name_the_participants_own_place_and_keep_the_stream_link_private(
    client, own_org, boras
):
    """The stream link only in the calendar of a participant with a remote place; each
    participant's file names their own site, not every receiving site."""
    import icalendar

    from kompetensnav.campus.models import Session

    falkoping = OrganisationFactory(name="Lärcentrum Falköping")
    course = course_with_sites(
        provider=own_org, sites=[boras, falkoping], capacity=5, remote=5, title_sv="Svets"
    )
    Session.objects.filter(course=course).update(stream_link="https://video.example.se/svets")
    client.post(_url(course), _data(boras))
    client.post(_url(course), _data(boras, email="fjarr@example.se", place="remote"))
    run_queued_tasks()

    def events(content: str | bytes) -> list:
        return icalendar.Calendar.from_ical(content).walk("VEVENT")

    on_site = next(m for m in mail.outbox if m.to == ["ali@example.se"])
    remote = next(m for m in mail.outbox if m.to == ["fjarr@example.se"])
    for event in events(on_site.attachments[0][1]):
        assert str(event["LOCATION"]) == "Lärcentrum Borås"
        assert "video.example.se" not in event.to_ical().decode()
    for event in events(remote.attachments[0][1]):
        assert "distans" in str(event["LOCATION"])
        assert "https://video.example.se/svets" in str(event["DESCRIPTION"])
    # the personal feeds say the same
    for email, has_link in (("ali@example.se", False), ("fjarr@example.se", True)):
        person = Participant.objects.get(email=email)
        token = services.calendar_token(person.pk)
        feed = client.get(reverse("registration:calendar", kwargs={"token": token})).content
        assert all(("video.example.se" in e.to_ical().decode()) == has_link for e in events(feed))
    # and the course's public feed never has it
    public = client.get(reverse("catalogue:course_ical", args=[course.pk])).content
    assert b"video.example.se" not in public
