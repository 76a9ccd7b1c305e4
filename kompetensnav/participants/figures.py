"""Key figures of courses, sessions, registrations and attendance (definitions in
../shared/spec/interchange.md). `--project` restricts them to the courses of that project,
`--organisation` to the courses of that provider. "Sessions starting in P" counts a session by
its local (Europe/Stockholm) start date."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from kompetensnav.campus.models import Course, Session
from kompetensnav.common.dates import day_bounds
from kompetensnav.figures.registry import Period, figure

from .enums import Gender, RegistrationStatus
from .models import Attendance, Registration


def _bounds(period: Period) -> tuple[datetime, datetime]:
    return day_bounds(period.start, period.end)


def _course_filter(period: Period, prefix: str = "") -> Q:
    q = Q()
    if period.project is not None:
        q &= Q(**{f"{prefix}project": period.project})
    if period.organisation is not None:
        q &= Q(**{f"{prefix}provider": period.organisation})
    return q


def _sessions(period: Period):
    start, end = _bounds(period)
    return Session.objects.filter(
        _course_filter(period, "course__"), start__gte=start, start__lt=end
    )


def _attended(period: Period):
    """Attendance with hours > 0 in sessions starting in P."""
    start, end = _bounds(period)
    return Attendance.objects.filter(
        _course_filter(period, "session__course__"),
        hours__gt=0,
        session__start__gte=start,
        session__start__lt=end,
    )


@figure("courses_delivered")
def courses_delivered(period: Period) -> int:
    return Course.objects.filter(pk__in=_sessions(period).values("course_id")).count()


@figure("pilot_courses_delivered")
def pilot_courses_delivered(period: Period) -> int:
    return Course.objects.filter(pk__in=_sessions(period).values("course_id"), pilot=True).count()


@figure("sessions")
def sessions(period: Period) -> int:
    return _sessions(period).count()


@figure("participants_registered")
def participants_registered(period: Period) -> int:
    return (
        Registration.objects.filter(
            _course_filter(period, "course__"),
            registered__gte=period.start,
            registered__lte=period.end,
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("participant_id")
        .distinct()
        .count()
    )


@figure("participants_attended")
def participants_attended(period: Period) -> int:
    return _attended(period).values("participant_id").distinct().count()


@figure("attendance_hours_total")
def attendance_hours_total(period: Period) -> Decimal:
    return _attended(period).aggregate(total=Sum("hours"))["total"] or Decimal(0)


def mean_hours(total: Decimal | None, people: int) -> Decimal:
    """Hours per participant with one decimal, rounded half up: the one definition of the
    key figure attendance_hours_mean, which every page showing a mean of hours calls."""
    if not people:
        return Decimal(0)
    return (Decimal(total or 0) / people).quantize(Decimal("0.1"), ROUND_HALF_UP)


@figure("attendance_hours_mean")
def attendance_hours_mean(period: Period) -> Decimal:
    totals = _attended(period).aggregate(
        total=Sum("hours"), people=Count("participant_id", distinct=True)
    )
    return mean_hours(totals["total"], totals["people"])


@figure("attendance_hours_max")
def attendance_hours_max(period: Period) -> Decimal:
    top = (
        _attended(period)
        .values("participant_id")
        .annotate(total=Sum("hours"))
        .order_by("-total")
        .values_list("total", flat=True)
        .first()
    )
    return top or Decimal(0)


@figure("participants_by_gender")
def participants_by_gender(period: Period) -> dict[str, int]:
    counts = {
        row["participant__gender"]: row["n"]
        for row in _attended(period)
        .values("participant__gender")
        .annotate(n=Count("participant_id", distinct=True))
        .order_by()
    }
    return {
        "F": counts.get(Gender.FEMALE, 0),
        "M": counts.get(Gender.MALE, 0),
        "X": counts.get(Gender.OTHER, 0),
        "unknown": counts.get(Gender.UNKNOWN, 0),
    }
