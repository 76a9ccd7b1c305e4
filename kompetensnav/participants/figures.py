"""Key figures of courses, sessions, registrations and attendance (definitions in
../shared/spec/interchange.md). `--project` restricts them to the courses of that project,
`--organisation` to the courses of that provider. "Sessions starting in P" counts a session by
its local (Europe/Stockholm) start date."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Aggregate, Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from kompetensnav.campus.models import Session
from kompetensnav.common.dates import day_bounds
from kompetensnav.figures.kept import kept
from kompetensnav.figures.registry import EARLIEST, LATEST, Period, Unit, figure, scan

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


def attended(*, start: date | None = None, end: date | None = None) -> QuerySet[Attendance]:
    """Attendance with hours > 0 in sessions starting from `start` to `end` (Stockholm days,
    both included; open on a side that is None): the rows every figure of attendance counts,
    here and on the pages that show such a figure for a project, an employer or a month."""
    attendance = Attendance.objects.filter(hours__gt=0)
    first, after_last = day_bounds(start or EARLIEST, end or LATEST)
    if start is not None:
        attendance = attendance.filter(session__start__gte=first)
    if end is not None:
        attendance = attendance.filter(session__start__lt=after_last)
    return attendance


def attendance_totals() -> dict[str, Aggregate]:
    """The aggregates of attendance rows: the distinct participants and the sum of their
    hours. The key figures participants_attended and attendance_hours_total are these over
    attended(); pages use them with .aggregate() or, per project, employer or month,
    .values(...).annotate(), and the mean is mean_hours() of the two."""
    return {"participants": Count("participant", distinct=True), "hours": Sum("hours")}


def _attended(period: Period) -> QuerySet[Attendance]:
    """Attendance with hours > 0 in sessions starting in P."""
    return attended(start=period.start, end=period.end).filter(
        _course_filter(period, "session__course__")
    )


GENDER_PARTS = {"F": Gender.FEMALE, "M": Gender.MALE, "X": Gender.OTHER, "unknown": Gender.UNKNOWN}


@scan
def _attendance_summary(period: Period) -> dict:
    """One pass over the period's attendance, per participant and then in all: how many
    attended, their hours in total, the most hours of one of them, and how many of each
    gender. The five figures of attendance read it; within one compute() it runs once."""
    found = _attendance_per_person(period)
    return {
        "participants": found["participants"],
        "hours": found["hours"] or Decimal(0),
        "largest": found["largest"] or Decimal(0),
        "genders": {part: found[f"gender_{part}"] for part in GENDER_PARTS},
    }


@kept
def _attendance_per_person(period: Period) -> dict:
    per_person = (
        _attended(period)
        .values("participant_id")
        .annotate(person_hours=Sum("hours"), gender=Max("participant__gender"))
    )
    return per_person.aggregate(
        participants=Count("participant_id"),
        hours=Sum("person_hours"),
        largest=Max("person_hours"),
        **{
            f"gender_{part}": Count("participant_id", filter=Q(gender=value))
            for part, value in GENDER_PARTS.items()
        },
    )


@figure(
    "courses_delivered",
    area="courses",
    unit=Unit.COUNT,
    headline=True,
    label=_("Courses delivered"),
    definition=_("Distinct courses with at least one session starting in the period."),
    rule="distinct courses with at least one session starting in P",
)
def courses_delivered(period: Period) -> int:
    return _delivered(period)["courses"]


@scan
@kept
def _delivered(period: Period) -> dict:
    """The sessions starting in the period, their courses and the pilots among those, in one
    scan of the sessions."""
    return _sessions(period).aggregate(
        sessions=Count("pk"),
        courses=Count("course", distinct=True),
        pilots=Count("course", distinct=True, filter=Q(course__pilot=True)),
    )


@figure(
    "pilot_courses_delivered",
    area="courses",
    unit=Unit.COUNT,
    label=_("Pilot courses delivered"),
    definition=_("Those courses that are pilot courses."),
    rule="those with pilot = true",
)
def pilot_courses_delivered(period: Period) -> int:
    return _delivered(period)["pilots"]


@figure(
    "sessions",
    area="courses",
    unit=Unit.COUNT,
    label=_("Course sessions"),
    definition=_("Course sessions starting in the period."),
    rule="sessions starting in P",
)
def sessions(period: Period) -> int:
    return _delivered(period)["sessions"]


@figure(
    "participants_registered",
    area="courses",
    unit=Unit.COUNT,
    label=_("Participants registered"),
    definition=_(
        "Distinct participants with a registration dated in the period that was not cancelled."
    ),
    rule="distinct participants with a registration dated in P whose status is not `cancelled`",
)
def participants_registered(period: Period) -> int:
    return _registered(period)["participants"]


@kept
def _registered(period: Period) -> dict:
    return (
        Registration.objects.filter(
            _course_filter(period, "course__"),
            registered__gte=period.start,
            registered__lte=period.end,
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .aggregate(participants=Count("participant", distinct=True))
    )


@figure(
    "participants_attended",
    area="courses",
    unit=Unit.COUNT,
    headline=True,
    label=_("Participants who attended"),
    definition=_(
        "Distinct participants who attended more than 0 hours of sessions starting in the period."
    ),
    rule="distinct participants with attendance hours > 0 in sessions starting in P",
)
def participants_attended(period: Period) -> int:
    return _attendance_summary(period)["participants"]


@figure(
    "attendance_hours_total",
    area="courses",
    unit=Unit.HOURS,
    headline=True,
    about="participants_attended",
    label=_("Hours attended in total"),
    definition=_("Hours attended in sessions starting in the period, added up."),
    rule="sum of attendance hours in sessions starting in P",
)
def attendance_hours_total(period: Period) -> Decimal:
    return _attendance_summary(period)["hours"]


def mean_hours(total: Decimal | None, people: int) -> Decimal:
    """Hours per participant with one decimal, rounded half up: the one definition of the
    key figure attendance_hours_mean, which every page showing a mean of hours calls."""
    if not people:
        return Decimal(0)
    return (Decimal(total or 0) / people).quantize(Decimal("0.1"), ROUND_HALF_UP)


@figure(
    "attendance_hours_mean",
    area="courses",
    unit=Unit.HOURS,
    about="participants_attended",
    label=_("Hours attended per participant (mean)"),
    definition=_(
        "Hours attended in total divided by the participants who attended, with one decimal."
    ),
    rule="attendance_hours_total / participants_attended, 1 decimal (0 when none)",
)
def attendance_hours_mean(period: Period) -> Decimal:
    summary = _attendance_summary(period)
    return mean_hours(summary["hours"], summary["participants"])


@figure(
    "attendance_hours_max",
    area="courses",
    unit=Unit.HOURS,
    about="participants_attended",
    label=_("Most hours attended by one participant"),
    definition=_("The most hours one participant attended in the period."),
    rule="largest sum of hours of one participant in P",
)
def attendance_hours_max(period: Period) -> Decimal:
    return _attendance_summary(period)["largest"]


@figure(
    "participants_by_gender",
    area="courses",
    unit=Unit.COUNT,
    parts=("F", "M", "X", "unknown"),
    breakdown_of="participants_attended",
    label=_("Participants by gender"),
    definition=_("The participants who attended, by gender."),
    rule='object `{"F": n, "M": n, "X": n, "unknown": n}` over participants_attended',
)
def participants_by_gender(period: Period) -> dict[str, int]:
    return _attendance_summary(period)["genders"]
