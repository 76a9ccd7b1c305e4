"""Seats, the waitlist, cancellation and promotion (services)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kompetensnav.campus.models import Session, SessionSite
from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Participant, Registration
from kompetensnav.participants.services import Place
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

from .factories import course_with_sites

BASE = "http://testserver/"


def _register(course, email, place, **extra):
    return services.registration_create(
        course=course,
        full_name=extra.pop("full_name", email.split("@")[0]),
        email=email,
        place=place,
        base_url=BASE,
        **extra,
    )


@pytest.fixture
def boras(db):
    return OrganisationFactory(name="Lärcentrum Borås")


@pytest.fixture
def course(own_org, boras):
    return course_with_sites(provider=own_org, sites=[boras], capacity=2, sessions=3, remote=1)


def _taken(course, site):
    return sorted(
        SessionSite.objects.filter(session__course=course, organisation=site).values_list(
            "seats_taken", flat=True
        )
    )


def test_registration_takes_a_seat_in_every_session_of_the_site(course, boras):
    result = _register(course, "ali@example.se", Place(site_id=boras.pk))
    assert result.created and result.registration.status == RegistrationStatus.REGISTERED
    assert _taken(course, boras) == [1, 1, 1]


def test_full_site_puts_the_next_person_on_the_waitlist_in_order(course, boras):
    place = Place(site_id=boras.pk)
    _register(course, "a@example.se", place)
    _register(course, "b@example.se", place)
    third = _register(course, "c@example.se", place)
    fourth = _register(course, "d@example.se", place)
    assert third.registration.status == RegistrationStatus.WAITLISTED
    assert (third.position, fourth.position) == (1, 2)
    assert _taken(course, boras) == [2, 2, 2]


def test_one_full_session_waitlists_and_takes_no_seat_anywhere(course, boras):
    first = SessionSite.objects.filter(session__course=course, organisation=boras).first()
    SessionSite.objects.filter(pk=first.pk).update(capacity=0)
    result = _register(course, "a@example.se", Place(site_id=boras.pk))
    assert result.registration.status == RegistrationStatus.WAITLISTED
    assert _taken(course, boras) == [0, 0, 0]


def test_remote_registration_takes_remote_places(course):
    first = _register(course, "a@example.se", Place(remote=True))
    second = _register(course, "b@example.se", Place(remote=True))
    assert first.registration.status == RegistrationStatus.REGISTERED
    assert second.registration.status == RegistrationStatus.WAITLISTED
    assert list(Session.objects.filter(course=course).values_list("remote_taken", flat=True)) == [
        1,
        1,
        1,
    ]


def test_same_email_twice_gives_the_same_registration(course, boras):
    place = Place(site_id=boras.pk)
    first = _register(course, "Ali@Example.se", place)
    again = _register(course, "ali@example.se", Place(remote=True))
    assert not again.created and again.registration.pk == first.registration.pk
    assert Participant.objects.count() == 1 and Registration.objects.count() == 1
    assert _taken(course, boras) == [1, 1, 1]


def test_place_not_offered_is_refused(course, foreign_org):
    with pytest.raises(ValidationError):
        _register(course, "a@example.se", Place(site_id=foreign_org.pk))


def test_unpublished_course_is_refused(course, boras):
    course.status = "draft"
    course.save()
    with pytest.raises(ValidationError):
        _register(course, "a@example.se", Place(site_id=boras.pk))


def test_database_refuses_an_overbooking_even_without_the_service(course, boras):
    row = SessionSite.objects.filter(session__course=course, organisation=boras).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionSite.objects.filter(pk=row.pk).update(seats_taken=row.capacity + 1)


def test_one_active_registration_per_person_and_course_in_the_database(course):
    registration = _register(course, "a@example.se", Place(remote=True)).registration
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            participant=registration.participant, course=course, remote=True
        )


def test_cancel_frees_seats_promotes_first_in_line_and_tells_them(
    own_org, django_capture_on_commit_callbacks
):
    boras = OrganisationFactory(name="Lärcentrum Borås")
    course = course_with_sites(provider=own_org, sites=[boras], capacity=1, sessions=2)
    place = Place(site_id=boras.pk)
    with django_capture_on_commit_callbacks(execute=True):
        ali = _register(course, "ali@example.se", place).registration
        bea = _register(course, "bea@example.se", place).registration
        cem = _register(course, "cem@example.se", place).registration
    run_queued_tasks()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = services.registration_cancel(registration=ali, base_url=BASE)
    assert result.cancelled and [r.pk for r in result.promoted] == [bea.pk]
    bea.refresh_from_db()
    cem.refresh_from_db()
    assert bea.status == RegistrationStatus.REGISTERED and bea.promoted_at is not None
    assert cem.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(cem) == 1
    assert _taken(course, boras) == [1, 1]

    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == ["bea@example.se"]
    assert "reservlistan" in message.body or "waitlist" in message.body
    assert message.attachments[0][0] == "kurs.ics"

    again = services.registration_cancel(registration=ali, base_url=BASE)
    assert not again.cancelled
    assert _taken(course, boras) == [1, 1]


def test_cancelling_a_waitlisted_registration_frees_nothing(course, boras):
    place = Place(site_id=boras.pk)
    _register(course, "a@example.se", place)
    _register(course, "b@example.se", place)
    waiting = _register(course, "c@example.se", place).registration
    services.registration_cancel(registration=waiting, base_url=BASE)
    assert _taken(course, boras) == [2, 2, 2]


def test_new_registration_does_not_jump_the_queue_when_seats_appear(course, boras):
    place = Place(site_id=boras.pk)
    _register(course, "a@example.se", place)
    _register(course, "b@example.se", place)
    waiting = _register(course, "c@example.se", place).registration
    SessionSite.objects.filter(session__course=course, organisation=boras).update(capacity=5)
    late = _register(course, "d@example.se", place).registration
    assert late.status == RegistrationStatus.WAITLISTED
    promoted = services.waitlist_fill(actor=None, course=course, place=place, base_url=BASE)
    assert [r.pk for r in promoted] == [waiting.pk, late.pk]


def test_move_frees_the_old_place_and_promotes_its_waitlist(course, boras, coordinator):
    site = Place(site_id=boras.pk)
    first = _register(course, "a@example.se", site).registration
    _register(course, "b@example.se", site)
    waiting = _register(course, "c@example.se", site).registration
    moved = services.registration_move(
        actor=coordinator, registration=first, place=Place(remote=True), base_url=BASE
    )
    assert moved.remote and moved.site_id is None
    assert moved.status == RegistrationStatus.REGISTERED
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert _taken(course, boras) == [2, 2, 2]


def test_cancel_token_finds_the_registration_and_a_forged_one_does_not(course, boras):
    registration = _register(course, "a@example.se", Place(site_id=boras.pk)).registration
    token = services.cancel_token(registration)
    assert services.registration_from_cancel_token(token).pk == registration.pk
    with pytest.raises(Registration.DoesNotExist):
        services.registration_from_cancel_token(token[:-2] + "xx")


def test_seats_recount_after_a_session_is_added(course, boras):
    place = Place(site_id=boras.pk)
    _register(course, "a@example.se", place)
    _register(course, "b@example.se", place)
    new = SessionSite.objects.filter(session__course=course, organisation=boras).first()
    later = Session.objects.get(pk=new.session_id)
    later.pk, later.external_id = None, None
    later.start = later.start + timedelta(days=60)
    later.end = later.end + timedelta(days=60)
    later.save()
    SessionSite.objects.create(session=later, organisation=boras, capacity=1)
    assert services.seats_recount(course=course) == [place]
    assert _taken(course, boras) == [1, 2, 2, 2]
