"""Attendance hours never exceed the session's hours, even past the services: the database's
triggers refuse it (run on SQLite and on PostgreSQL by make test)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from kompetensnav.participants.models import Attendance

from .factories import AttendanceFactory, ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _refused(action) -> bool:
    try:
        with transaction.atomic():
            action()
    except IntegrityError:
        return True
    return False


def test_attendance_above_the_session_is_refused_on_insert_and_update():
    session = SessionFactory(hours=Decimal("3.00"))
    person = ParticipantFactory()
    assert _refused(
        lambda: Attendance.objects.create(session=session, participant=person, hours=Decimal("3.5"))
    )
    attendance = Attendance.objects.create(session=session, participant=person, hours=3)
    assert _refused(lambda: Attendance.objects.filter(pk=attendance.pk).update(hours=4))
    # moved to a shorter session
    short = SessionFactory(course=session.course, hours=Decimal("1.00"))
    assert _refused(lambda: Attendance.objects.filter(pk=attendance.pk).update(session=short))
    attendance.refresh_from_db()
    assert attendance.hours == 3 and attendance.session_id == session.pk


def test_session_hours_cannot_go_below_recorded_attendance():
    attendance = AttendanceFactory(hours=Decimal("2.50"))
    session = attendance.session
    assert _refused(lambda: type(session).objects.filter(pk=session.pk).update(hours=2))
    # down to the attendance, or up, is fine; so are sessions without attendance
    type(session).objects.filter(pk=session.pk).update(hours=Decimal("2.50"))
    type(session).objects.filter(pk=session.pk).update(hours=4)
    empty = SessionFactory()
    type(empty).objects.filter(pk=empty.pk).update(hours=1)
    session.refresh_from_db()
    assert session.hours == 4


def test_a_statement_of_many_rows_is_refused_for_one_above_its_session():
    """The rows of one statement (an import's INSERT … SELECT, a bulk write, an update of
    many) are checked together: one above its session refuses them all."""
    session = SessionFactory(hours=Decimal("3.00"))
    people = ParticipantFactory.create_batch(3)
    rows = [
        Attendance(session=session, participant=p, hours=h)
        for p, h in zip(people, [1, 3, 2], strict=True)
    ]
    assert not _refused(lambda: Attendance.objects.bulk_create(rows))
    assert _refused(
        lambda: Attendance.objects.filter(session=session).update(hours=Decimal("3.25"))
    )
    more = [Attendance(session=SessionFactory(course=session.course), participant=p, hours=h)
            for p, h in zip(people, [1, 4, 2], strict=True)]  # fmt: skip
    assert _refused(lambda: Attendance.objects.bulk_create(more))
    assert Attendance.objects.count() == 3
