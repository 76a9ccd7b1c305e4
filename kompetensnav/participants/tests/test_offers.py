"""A place from the waitlist is an offer to accept in time, else it goes to the next in line."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kompetensnav.campus.models import Session
from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Registration
from kompetensnav.participants.services import Place
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

from .factories import course_with_sites

BASE = "http://testserver/"


def _register(course, email, place):
    return services.registration_create(
        course=course, full_name=email.split("@")[0].title(), email=email, place=place,
        base_url=BASE,
    ).registration  # fmt: skip


@pytest.fixture
def setting(own_org, django_capture_on_commit_callbacks):
    """One seat at Borås, Ali has it, Bea and Cem wait; the course starts in 14 days."""
    boras = OrganisationFactory(name="Lärcentrum Borås")
    course = course_with_sites(provider=own_org, sites=[boras], capacity=1, sessions=2)
    place = Place(site_id=boras.pk)
    with django_capture_on_commit_callbacks(execute=True):
        people = [_register(course, f"{n}@example.se", place) for n in ("ali", "bea", "cem")]
    run_queued_tasks()
    mail.outbox.clear()
    return course, people


def _cancel(registration, capture):
    with capture(execute=True):
        result = services.registration_cancel(registration=registration, base_url=BASE)
    run_queued_tasks()
    return result


def _expire(registration):
    Registration.objects.filter(pk=registration.pk).update(
        offer_expires=timezone.now() - timedelta(minutes=1)
    )


def test_a_freed_place_is_offered_with_a_deadline_and_a_link_to_accept(
    setting, django_capture_on_commit_callbacks, settings
):
    settings.PARTICIPANTS_OFFER_HOURS = 48
    course, (ali, bea, cem) = setting
    before = timezone.now()
    (offered,) = _cancel(ali, django_capture_on_commit_callbacks).promoted
    bea.refresh_from_db()
    assert offered.pk == bea.pk and bea.status == RegistrationStatus.REGISTERED
    assert bea.offer_open
    assert before + timedelta(hours=48) <= bea.offer_expires <= timezone.now() + timedelta(hours=48)
    (message,) = mail.outbox
    assert message.to == ["bea@example.se"]
    deadline = timezone.localtime(bea.offer_expires).strftime("%Y-%m-%d %H:%M")
    assert deadline in message.subject and deadline in message.body
    link = BASE.rstrip("/") + reverse(
        "registration:accept", kwargs={"token": services.accept_token(bea)}
    )
    assert link in message.body


def test_accepting_keeps_the_place_and_a_second_click_changes_nothing(
    setting, django_capture_on_commit_callbacks, client
):
    course, (ali, bea, cem) = setting
    _cancel(ali, django_capture_on_commit_callbacks)
    url = reverse("registration:accept", kwargs={"token": services.accept_token(bea)})
    page = client.get(url)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "Acceptera platsen" in page.content.decode()
    bea.refresh_from_db()
    assert bea.offer_open

    page = client.post(url)
    assert "Din plats är bekräftad" in page.content.decode()
    bea.refresh_from_db()
    assert bea.status == RegistrationStatus.REGISTERED and not bea.offer_open
    assert bea.promoted_at is not None
    again = client.post(url)
    assert again.status_code == 200 and "Din plats är bekräftad" in again.content.decode()

    # accepted: the expiry job leaves it alone
    assert services.offers_expire(base_url=BASE).lapsed == []
    cem.refresh_from_db()
    assert cem.status == RegistrationStatus.WAITLISTED


def test_an_offer_not_accepted_in_time_goes_to_the_next_in_line(
    setting, django_capture_on_commit_callbacks
):
    course, (ali, bea, cem) = setting
    _cancel(ali, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    _expire(bea)

    out = StringIO()
    call_command("expire_waitlist_offers", "--dry-run", stdout=out)
    assert "1 erbjudande skulle förfalla" in out.getvalue()
    bea.refresh_from_db()
    assert bea.offer_open  # the dry run changed nothing

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_waitlist_offers", stdout=out)
    run_queued_tasks()
    assert "1 erbjudande förföll, 1 plats erbjuden" in out.getvalue()
    bea.refresh_from_db()
    cem.refresh_from_db()
    assert bea.status == RegistrationStatus.CANCELLED and bea.offer_lapsed
    assert cem.status == RegistrationStatus.REGISTERED and cem.offer_open
    assert sorted(m.to[0] for m in mail.outbox) == ["bea@example.se", "cem@example.se"]
    lapsed = next(m for m in mail.outbox if m.to == ["bea@example.se"])
    assert "nästa i kön" in lapsed.subject and not lapsed.attachments
    # the seat went from Bea to Cem: still one taken in each session
    assert list(course.sessions.values_list("sites__seats_taken", flat=True).order_by("pk")) == [
        1,
        1,
    ]
    # run again: nothing more lapses
    assert services.offers_expire(base_url=BASE).lapsed == []


def test_a_late_click_lapses_the_offer_and_says_so(
    setting, django_capture_on_commit_callbacks, client
):
    course, (ali, bea, cem) = setting
    _cancel(ali, django_capture_on_commit_callbacks)
    _expire(bea)
    url = reverse("registration:accept", kwargs={"token": services.accept_token(bea)})
    page = client.get(url)
    assert "Erbjudandet gäller inte längre" in page.content.decode()
    assert 'name="accept"' not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.offer_accept(registration=bea, base_url=BASE)
    assert registration.status == RegistrationStatus.CANCELLED and registration.offer_lapsed
    cem.refresh_from_db()
    assert cem.offer_open


def test_declining_by_the_cancel_link_offers_the_place_to_the_next(
    setting, django_capture_on_commit_callbacks
):
    course, (ali, bea, cem) = setting
    _cancel(ali, django_capture_on_commit_callbacks)
    bea.refresh_from_db()
    result = _cancel(bea, django_capture_on_commit_callbacks)
    assert [r.pk for r in result.promoted] == [cem.pk]
    bea.refresh_from_db()
    assert bea.status == RegistrationStatus.CANCELLED and not bea.offer_lapsed


def test_a_course_starting_within_the_window_gives_the_place_outright(
    setting, django_capture_on_commit_callbacks, settings
):
    settings.PARTICIPANTS_OFFER_HOURS = 48
    course, (ali, bea, cem) = setting
    first = course.sessions.order_by("start").first()
    Session.objects.filter(pk=first.pk).update(
        start=timezone.now() + timedelta(hours=20), end=timezone.now() + timedelta(hours=23)
    )
    _cancel(ali, django_capture_on_commit_callbacks)
    bea.refresh_from_db()
    assert bea.status == RegistrationStatus.REGISTERED and not bea.offer_open
    (message,) = mail.outbox
    assert "fått en plats" in message.subject


def test_no_window_configured_gives_places_outright(
    setting, django_capture_on_commit_callbacks, settings
):
    settings.PARTICIPANTS_OFFER_HOURS = 0
    course, (ali, bea, cem) = setting
    _cancel(ali, django_capture_on_commit_callbacks)
    bea.refresh_from_db()
    assert bea.status == RegistrationStatus.REGISTERED and bea.offer_expires is None


def test_the_staff_page_shows_an_open_offer(
    setting, django_capture_on_commit_callbacks, client, coordinator
):
    course, (ali, bea, cem) = setting
    _cancel(ali, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    page = client.get(reverse("participants:course_registrations", args=[course.pk]))
    assert "plats erbjuden, svar senast" in page.content.decode()


def test_an_offer_belongs_to_a_place_from_the_waitlist(setting):
    course, (ali, bea, cem) = setting
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=cem.pk).update(offer_expires=timezone.now())
