"""Factories for the participants app's tests (campus objects are built directly: the
campus app's own factories may not exist yet)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.participants.models import Attendance, Participant, Registration
from tests.factories import OrganisationFactory


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    provider = factory.SubFactory(OrganisationFactory)
    title_sv = factory.Sequence(lambda n: f"Kurs {n}")
    title_en = factory.Sequence(lambda n: f"Course {n}")
    status = "published"


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    start = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(days=14)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    hours = Decimal("3.00")


class SessionSiteFactory(DjangoModelFactory):
    class Meta:
        model = SessionSite

    session = factory.SubFactory(SessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    capacity = 10


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Deltagare {n}")
    email = factory.Sequence(lambda n: f"deltagare{n}@example.se")
    gender = "F"


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    participant = factory.SubFactory(ParticipantFactory)
    course = factory.SubFactory(CourseFactory)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    hours = Decimal("3.00")
    present = True


def course_with_sites(*, provider=None, sites=(), capacity=2, sessions=2, remote=0, **course):
    """A published course with `sessions` future sessions, each received by every site with
    `capacity` seats and `remote` remote places."""
    course = CourseFactory(**({"provider": provider} if provider else {}), **course)
    start = (timezone.localtime() + timedelta(days=14)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    for index in range(sessions):
        session = SessionFactory(
            course=course,
            start=start + timedelta(days=7 * index),
            end=start + timedelta(days=7 * index, hours=3),
            remote_capacity=remote,
        )
        for site in sites:
            SessionSiteFactory(session=session, organisation=site, capacity=capacity)
    return course


def started(session, *, days_ago: float = 0):
    """The session moved to have begun an hour (and `days_ago` days) ago, its length kept:
    attendance is only taken for sessions that have started."""
    length = session.end - session.start
    session.start = timezone.now() - timedelta(hours=1, days=days_ago)
    session.end = session.start + length
    session.save(update_fields=["start", "end"])
    return session
