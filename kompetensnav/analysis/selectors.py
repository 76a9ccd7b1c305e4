"""Reads of the matching: a need's suggestions and the members who could make a course, the
needs a course answers (and the companies behind them), and the needs without an adequate
offer, grouped. Needs, companies and published courses are shared network-wide; a visit is
readable only by its organisation and the coordinators, so links to it are given only then."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from kompetensnav.accounts.acting import acting_user
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course, Session
from kompetensnav.campus.selectors import visible_courses
from kompetensnav.common.actor import Actor
from kompetensnav.network.models import Organisation
from kompetensnav.visits.models import Need
from kompetensnav.visits.selectors import visible_visits

from .models import NeedMatch, NeedVector, UnmetNeedNotice
from .services import current_needs


def _with_next_session(qs: QuerySet[NeedMatch]) -> QuerySet[NeedMatch]:
    return qs.annotate(
        next_session=Subquery(
            Session.objects.filter(course=OuterRef("course"), start__gte=timezone.now())
            .order_by("start")
            .values("start")[:1],
            output_field=DateTimeField(),
        )
    )


def need_suggestions(*, need: Need) -> list[NeedMatch]:
    """The adequate published courses of a need, best first, with why and the next session."""
    return list(
        _with_next_session(
            NeedMatch.objects.filter(need=need, course__status=CourseStatus.PUBLISHED)
        )
        .select_related("course__provider")
        .order_by("rank")
    )


def suggestions_for_needs(*, needs: list[Need]) -> dict[int, list[NeedMatch]]:
    """need id → its suggestions, for a visit's needs in one query."""
    found: dict[int, list[NeedMatch]] = {n.pk: [] for n in needs}
    rows = (
        _with_next_session(
            NeedMatch.objects.filter(need__in=needs, course__status=CourseStatus.PUBLISHED)
        )
        .select_related("course__provider")
        .order_by("need_id", "rank")
    )
    for row in rows:
        found[row.need_id].append(row)
    return found


def matched_need_ids(*, needs: list[Need]) -> set[int]:
    """Of these needs, those the matcher has handled (the others are still waiting)."""
    return set(
        NeedVector.objects.filter(need__in=needs, matched_at__isnull=False).values_list(
            "need_id", flat=True
        )
    )


def need_providers(*, need: Need, limit: int = 10) -> list[Organisation]:
    """Members that could create a course for the need: those with its area among their
    education areas, or with a course in it; most courses in the area first."""
    return list(
        Organisation.objects.filter(
            Q(education_areas=need.area_id) | Q(courses__areas=need.area_id)
        )
        .annotate(
            area_courses=Count("courses", filter=Q(courses__areas=need.area_id), distinct=True)
        )
        .order_by("-area_courses", "name")
        .distinct()[:limit]
    )


def course_needs(*, actor: Actor, course: Course) -> QuerySet[NeedMatch]:
    """The current needs a course answers, best match first, with the company behind each.
    Raises Course.DoesNotExist for a course the actor may not see."""
    visible_courses(actor=actor).get(pk=course.pk)
    readable = visible_visits(actor=actor).filter(pk=OuterRef("need__visit_id"))
    return (
        NeedMatch.objects.filter(course=course, need__in=current_needs())
        .annotate(visit_readable=Exists(readable))
        .select_related(
            "need__area",
            "need__visit__company__municipality",
            "need__visit__organisation",
        )
        .order_by("-score", "-need__visit__date", "need_id")
    )


def unmet_needs() -> QuerySet[Need]:
    """Current needs the matcher has handled and found no adequate published course for."""
    has_offer = NeedMatch.objects.filter(need=OuterRef("pk"), course__status=CourseStatus.PUBLISHED)
    handled = NeedVector.objects.filter(need=OuterRef("pk"), matched_at__isnull=False)
    return current_needs().filter(Exists(handled)).exclude(Exists(has_offer))


def waiting_count() -> int:
    """Current needs the matcher has not handled yet (the worker is on its way)."""
    handled = NeedVector.objects.filter(need=OuterRef("pk"), matched_at__isnull=False)
    return current_needs().exclude(Exists(handled)).count()


@dataclass
class UnmetFilters:
    area: int | None = None
    subregion: str = ""
    horizon: str = ""
    organisation_areas: int | None = None  # only areas of this member's education areas


def _filtered(filters: UnmetFilters) -> QuerySet[Need]:
    qs = unmet_needs()
    if filters.area:
        qs = qs.filter(area_id=filters.area)
    if filters.subregion == "-":
        qs = qs.filter(visit__company__municipality__subregion__isnull=True)
    elif filters.subregion:
        qs = qs.filter(visit__company__municipality__subregion_id=filters.subregion)
    if filters.horizon == "-":
        qs = qs.filter(horizon="")
    elif filters.horizon:
        qs = qs.filter(horizon=filters.horizon)
    if filters.organisation_areas:
        qs = qs.filter(area__organisations=filters.organisation_areas)
    return qs


def unmet_groups(*, filters: UnmetFilters) -> QuerySet[Any, Any]:
    """Unmet needs grouped by area, subregion and horizon, with how many needs, companies
    and employees each group concerns; most companies first. Aggregated in the database."""
    return (
        _filtered(filters)
        .values(
            "area_id",
            "area__name",
            "visit__company__municipality__subregion_id",
            "visit__company__municipality__subregion__name",
            "horizon",
        )
        .annotate(
            needs=Count("pk"),
            companies=Count("visit__company", distinct=True),
            employees=Sum("employees_affected"),
            # the count of the needs' proposals, named as the relation it counts
            proposals=Count("proposals", distinct=True),  # type: ignore[no-redef]
        )
        .order_by(
            "-companies",
            "-needs",
            "area__name",
            "visit__company__municipality__subregion_id",
            "horizon",
        )
    )


def unmet_totals(*, filters: UnmetFilters) -> dict[str, int | None]:
    return _filtered(filters).aggregate(
        needs=Count("pk"),
        companies=Count("visit__company", distinct=True),
        employees=Sum("employees_affected"),
    )


def group_needs(*, area: int, subregion: str, horizon: str) -> QuerySet[Need]:
    """The unmet needs of one group (subregion or horizon "-" means not stated)."""
    return (
        _filtered(UnmetFilters(area=area, subregion=subregion or "-", horizon=horizon or "-"))
        .select_related("area", "visit__company__municipality__subregion", "seqf_level")
        .order_by("-visit__date", "pk")
    )


def notices_for(*, user: Actor) -> QuerySet[UnmetNeedNotice]:
    return UnmetNeedNotice.objects.filter(recipient=acting_user(user)).select_related(
        "need__area", "need__visit__company__municipality"
    )


def unread_notice_count(*, user: Actor) -> int:
    return UnmetNeedNotice.objects.filter(recipient=acting_user(user), read_at__isnull=True).count()
