"""Issue 10, finding 1: the public form must never rewrite, or reveal, what is stored about a
person whose e-mail address someone else types. A known address gets a link; only opening it
(proof of owning the address) registers and updates the person."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Participant, PendingRegistration, Registration
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

from .factories import course_with_sites
from .test_public import _data, _url

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
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
def alingsas(db):
    return OrganisationFactory(name="Lärcentrum Alingsås")


@pytest.fixture
def course(own_org, boras, alingsas):
    return course_with_sites(
        provider=own_org, sites=[boras, alingsas], capacity=5, sessions=2, title_sv="Hotellsvenska"
    )


@pytest.fixture
def victim(own_org, boras):
    """Ali, registered for another course, whose address an attacker knows."""
    other = course_with_sites(provider=own_org, sites=[boras], title_sv="Truckkort A+B")
    result = services.registration_create(
        course=other,
        full_name="Ali Hassan",
        email="ali@example.se",
        place=services.Place(site_id=boras.pk),
        gender="M",
        base_url="http://testserver/",
    )
    mail.outbox.clear()
    return result.registration.participant


def _confirm_link() -> str:
    run_queued_tasks()
    (message,) = [m for m in mail.outbox if "/register/confirm/" in m.body]
    return re.search(r"http://testserver(/register/confirm/\S+)", message.body).group(1)


def test_known_address_in_any_case_changes_and_reveals_nothing(client, course, boras, victim):
    response = client.post(
        _url(course),
        _data(boras, full_name="Mallory", email="ALI@Example.SE", gender="F"),
        follow=True,
    )
    html = response.content.decode()
    victim.refresh_from_db()
    assert (victim.full_name, victim.gender) == ("Ali Hassan", "M")
    assert not Registration.objects.filter(course=course).exists()
    # the page shows what was typed and says to check the mail, nothing stored
    assert "Bekräfta din anmälan via e-post" in html and "ali@example.se" in html
    assert "Ali Hassan" not in html and "Truckkort" not in html
    assert "/register/calendar/" not in html
    # the link goes to the address, not to the visitor
    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == ["ali@example.se"] and "Bekräfta din anmälan" in message.subject
    assert "/register/calendar/" not in message.body and "Truckkort" not in message.body


def test_new_registration_never_links_the_personal_calendar(client, course, boras):
    response = client.post(_url(course), _data(boras), follow=True)
    html = response.content.decode()
    assert "Du är anmäld" in html
    assert "/register/calendar/" not in html


def test_confirm_link_registers_and_updates_only_after_the_click(client, course, boras, victim):
    client.post(_url(course), _data(boras, full_name="Ali H. Hassan", email="ali@example.se"))
    link = _confirm_link()
    page = client.get(link)
    assert page.status_code == 200 and "Bekräfta min anmälan" in page.content.decode()
    assert not Registration.objects.filter(course=course).exists()  # a GET changes nothing

    mail.outbox.clear()
    done = client.post(link, follow=True)
    assert "Du är anmäld" in done.content.decode()
    registration = Registration.objects.get(course=course)
    assert registration.participant == victim and registration.site == boras
    victim.refresh_from_db()
    assert victim.full_name == "Ali H. Hassan"
    run_queued_tasks()
    (confirmation,) = mail.outbox
    assert "/register/cancel/" in confirmation.body

    # the link again: nothing more happens
    client.post(link)
    assert Registration.objects.filter(course=course).count() == 1
    assert "redan bekräftad" in client.get(link).content.decode()


def test_registering_again_moves_to_the_new_place_after_confirming(
    client, course, boras, alingsas, victim
):
    first = services.registration_create(
        course=course,
        full_name="Ali Hassan",
        email="ali@example.se",
        place=services.Place(site_id=boras.pk),
        base_url="http://testserver/",
    ).registration
    mail.outbox.clear()
    client.post(_url(course), _data(alingsas, email="ali@example.se"))
    first.refresh_from_db()
    assert first.site == boras  # not before the link is opened
    client.post(_confirm_link())
    first.refresh_from_db()
    assert first.site == alingsas and first.status == RegistrationStatus.REGISTERED
    assert Registration.objects.filter(course=course).count() == 1
    run_queued_tasks()
    assert any("Lärcentrum Alingsås" in m.body for m in mail.outbox if m.to == ["ali@example.se"])


def test_expired_or_forged_link_registers_nobody(client, course, boras, victim):
    client.post(_url(course), _data(boras, email="ali@example.se"))
    link = _confirm_link()
    PendingRegistration.objects.update(created=timezone.now() - timedelta(days=3))
    forged = client.post("/register/confirm/not-a-token/")
    assert forged.status_code == 404 and "Länken är inte giltig" in forged.content.decode()
    later = timezone.now() + services.CONFIRM_MAX_AGE + timedelta(minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        expired = client.post(link)
    assert expired.status_code == 410 and "Länken har gått ut" in expired.content.decode()
    assert not Registration.objects.filter(course=course).exists()
    # expired requests are deleted by the next one
    client.post(_url(course), _data(boras, email="someone.new@example.se"))
    assert not PendingRegistration.objects.filter(email="ali@example.se").exists()


def test_service_never_rewrites_a_known_person(course, boras, victim):
    services.registration_create(
        course=course,
        full_name="Mallory",
        email="Ali@example.se",
        place=services.Place(site_id=boras.pk),
        gender="F",
        base_url="http://testserver/",
    )
    victim.refresh_from_db()
    assert (victim.full_name, victim.gender) == ("Ali Hassan", "M")
    assert Participant.objects.count() == 1
