"""The follow-up of initiatives: what happened to the needs behind each one.

For initiatives I and the moment `now` (definitions also in docs/interchange.md):

- courses: courses linked to I; delivered: those of them with a session that has ended by now.
- participants: distinct participants with attendance hours > 0 in sessions of I's courses
  that have started by now (attendance marked ahead of a session never counts).
- hours: the sum of those attendance hours.
- needs: needs linked to I; companies: the distinct companies behind them.
- answered: needs whose competence area is an area of one of I's delivered courses, or that
  the matcher has matched with a published course (the definition of the unmet-needs list).
- unmet: needs − answered.

Aggregated in the database: a constant number of queries for any number of initiatives."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from kompetensnav.analysis.models import NeedMatch
from kompetensnav.campus.enums import CourseStatus

from .models import Initiative

CourseLink = Initiative.courses.through
NeedLink = Initiative.needs.through


@dataclass
class FollowUp:
    courses: int = 0
    delivered: int = 0
    participants: int = 0
    hours: Decimal = Decimal(0)
    needs: int = 0
    companies: int = 0
    answered: int = 0

    @property
    def unmet(self) -> int:
        return self.needs - self.answered

    def __add__(self, other: "FollowUp") -> "FollowUp":
        """The sum of two follow-ups (a priority's initiatives); a participant or company in
        both counts twice, so sums are shown as the initiatives' total, not as people."""
        return FollowUp(
            courses=self.courses + other.courses,
            delivered=self.delivered + other.delivered,
            participants=self.participants + other.participants,
            hours=self.hours + other.hours,
            needs=self.needs + other.needs,
            companies=self.companies + other.companies,
            answered=self.answered + other.answered,
        )


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def answered_condition(now: datetime) -> Exists:
    """On a row of NeedLink: the need is answered (see the module's definitions)."""
    delivered_in_area = CourseLink.objects.filter(
        initiative_id=OuterRef("initiative_id"),
        course__areas=OuterRef("need__area_id"),
        course__sessions__end__lte=now,
    )
    matched = NeedMatch.objects.filter(
        need_id=OuterRef("need_id"), course__status=CourseStatus.PUBLISHED
    )
    return Exists(delivered_in_area) | Exists(matched)


def followups(
    initiatives: QuerySet[Initiative] | list[int], *, now: datetime | None = None
) -> dict[int, FollowUp]:
    """{initiative id: FollowUp} for the initiatives (a queryset or ids), in three queries."""
    now = _now(now)
    ids = (
        list(initiatives.values_list("pk", flat=True))
        if isinstance(initiatives, QuerySet)
        else list(initiatives)
    )
    result = {pk: FollowUp() for pk in ids}
    if not ids:
        return result
    for row in (
        CourseLink.objects.filter(initiative_id__in=ids)
        .values("initiative_id")
        .annotate(
            courses=Count("course_id", distinct=True),
            delivered=Count("course_id", filter=Q(course__sessions__end__lte=now), distinct=True),
        )
    ):
        found = result[row["initiative_id"]]
        found.courses, found.delivered = row["courses"], row["delivered"]
    for row in (
        CourseLink.objects.filter(
            initiative_id__in=ids,
            course__sessions__start__lte=now,
            course__sessions__attendances__hours__gt=0,
        )
        .values("initiative_id")
        .annotate(
            participants=Count("course__sessions__attendances__participant_id", distinct=True),
            hours=Sum("course__sessions__attendances__hours"),
        )
    ):
        found = result[row["initiative_id"]]
        found.participants, found.hours = row["participants"], row["hours"] or Decimal(0)
    for row in (
        NeedLink.objects.filter(initiative_id__in=ids)
        .annotate(is_answered=answered_condition(now))
        .values("initiative_id")
        .annotate(
            needs=Count("need_id", distinct=True),
            companies=Count("need__visit__company_id", distinct=True),
            answered=Count("need_id", filter=Q(is_answered=True), distinct=True),
        )
    ):
        found = result[row["initiative_id"]]
        found.needs, found.companies = row["needs"], row["companies"]
        found.answered = row["answered"]
    return result


def followup(initiative: Initiative, *, now: datetime | None = None) -> FollowUp:
    return followups([initiative.pk], now=now)[initiative.pk]


def need_states(initiative: Initiative, *, now: datetime | None = None) -> QuerySet:
    """The needs behind the initiative, each with `is_answered`, unmet first."""
    return (
        NeedLink.objects.filter(initiative=initiative)
        .annotate(is_answered=answered_condition(_now(now)))
        .select_related("need__area", "need__visit__company__municipality__subregion")
        .order_by("is_answered", "need__area__name", "need_id")
    )
