"""Reads of the matching: a need's suggestions and the members who could make a course, the
needs a course answers (and the companies behind them), and the needs without an adequate
offer, grouped. Needs, companies and published courses are shared network-wide; a visit is
readable only by its organisation and the coordinators, so links to it are given only then."""

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone
from django.utils.translation import get_language

from kompetensnav.accounts.acting import acting_user
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.campus.selectors import visible_courses
from kompetensnav.common.actor import Actor
from kompetensnav.common.datacache import remember
from kompetensnav.common.dates import day_bounds
from kompetensnav.network.models import Organisation
from kompetensnav.visits.models import Need
from kompetensnav.visits.selectors import (
    NEEDS_SOURCES,
    NeedFilters,
    needs_matching,
    visible_visits,
)

from .models import CourseTip, NeedMatch, NeedVector
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


# --- offer against demand (the needs analysis' panel) ----------------------------------------


def _offered_courses(filters: NeedFilters) -> QuerySet[Course]:
    """Published courses with a session in the period (at a receiving site in the chosen
    subregion or municipality, when one is chosen)."""
    start, end = day_bounds(filters.date_from, filters.date_to)
    sessions = Session.objects.filter(course=OuterRef("pk"), start__gte=start, start__lt=end)
    sessions = sessions.filter(**_site_conditions(filters, "sites__organisation__"))
    return Course.objects.filter(Exists(sessions), status=CourseStatus.PUBLISHED)


def _site_conditions(filters: NeedFilters, prefix: str) -> dict[str, Any]:
    if filters.municipality:
        return {f"{prefix}municipality_id": filters.municipality}
    if filters.subregion:
        return {f"{prefix}municipality__subregion_id": filters.subregion}
    return {}


# The apps whose tables offer against demand reads (common.datacache).
OFFER_SOURCES = NEEDS_SOURCES | {"campus", "analysis"}


def offer_against_demand(*, actor: Actor, filters: NeedFilters) -> dict[str, Any]:
    """_offer_against_demand(), kept until the needs, the courses or the matches change:
    network-wide, whoever asks."""
    key = (dataclasses.astuple(filters), get_language())
    return remember(
        "offer_against_demand",
        key,
        lambda: _offer_against_demand(filters),
        apps=OFFER_SOURCES,
    )


def _offer_against_demand(filters: NeedFilters) -> dict[str, Any]:
    """Per competence area, the needs of the needs analysis' filters against the offer:
    published courses with a session in the period (in the chosen subregion or municipality:
    with a receiving site there), their places (at each site the fewest places of its
    sessions, at those sites, and the remote places) and their providers; and the needs the
    matcher found no published course for (unmet) and those it has not matched yet (waiting). Areas with needs first, most needs first,
    then areas with only an offer. Six queries, whatever the number of areas."""
    needs = needs_matching(filters=filters)
    has_offer = NeedMatch.objects.filter(need=OuterRef("pk"), course__status=CourseStatus.PUBLISHED)
    handled = NeedVector.objects.filter(need=OuterRef("pk"), matched_at__isnull=False)
    demand: dict[int, dict[str, Any]] = {
        row["area_id"]: dict(row)
        for row in needs.values("area_id", "area__name").annotate(
            needs=Count("pk"),
            companies=Count("visit__company", distinct=True),
            unmet=Count("pk", filter=Q(Exists(handled)) & ~Q(Exists(has_offer))),
            waiting=Count("pk", filter=~Q(Exists(handled))),
        )
    }
    courses = _offered_courses(filters)
    start, end = day_bounds(filters.date_from, filters.date_to)
    course_areas = list(
        Course.areas.through.objects.filter(course__in=courses).values_list(
            "course_id", "competencearea_id", "competencearea__name", "course__provider_id"
        )
    )
    places: dict[int, int] = {}
    for course_id, capacity in (
        SessionSite.objects.filter(
            session__course__in=courses,
            session__start__gte=start,
            session__start__lt=end,
            **_site_conditions(filters, "organisation__"),
        )
        .values("session__course_id", "organisation_id")
        .annotate(places=Min("capacity"))
        .values_list("session__course_id", "places")
    ):
        places[course_id] = places.get(course_id, 0) + capacity
    for course_id, capacity in (
        Session.objects.filter(
            course__in=courses,
            remote_capacity__gt=0,
            start__gte=start,
            start__lt=end,
        )
        .values("course_id")
        .annotate(places=Min("remote_capacity"))
        .values_list("course_id", "places")
    ):
        places[course_id] = places.get(course_id, 0) + capacity

    offer: dict[int, dict[str, Any]] = {}
    for course_id, area_id, area_name, provider_id in course_areas:
        row = offer.setdefault(
            area_id, {"name": area_name, "courses": set(), "providers": set(), "places": 0}
        )
        if course_id not in row["courses"]:
            row["courses"].add(course_id)
            row["places"] += places.get(course_id, 0)
        row["providers"].add(provider_id)

    rows = []
    for area_id in [*demand, *(a for a in offer if a not in demand)]:
        wanted = demand.get(area_id, {})
        offered = offer.get(area_id, {})
        rows.append(
            {
                "area_id": area_id,
                "area": wanted.get("area__name") or offered.get("name"),
                "needs": wanted.get("needs", 0),
                "companies": wanted.get("companies", 0),
                "unmet": wanted.get("unmet", 0),
                "waiting": wanted.get("waiting", 0),
                "courses": len(offered.get("courses", ())),
                "places": offered.get("places", 0),
                "providers": len(offered.get("providers", ())),
            }
        )
    rows.sort(key=lambda r: (-r["needs"], -r["courses"], r["area"]))
    return {
        "rows": rows,
        "totals": {
            "needs": sum(r["needs"] for r in rows),
            "unmet": sum(r["unmet"] for r in rows),
            # needs the matcher has not looked at yet (just recorded): neither met nor unmet
            "waiting": sum(r["waiting"] for r in rows),
            "courses": courses.count(),
            "places": sum(places.values()),
        },
    }


# --- a broker's start page ---------------------------------------------------------------------

OFFER_DAYS = 90
OFFERS_SHOWN = 5


def offers_for_broker(*, actor: Actor, today: date) -> list[NeedMatch]:
    """The best published course for each need of the broker's visits of the last OFFER_DAYS
    days that no tip has been sent about yet, newest visit first: the courses to offer the
    companies they visited."""
    user = acting_user(actor)
    if user is None:
        return []
    return list(
        NeedMatch.objects.filter(
            rank=1,
            course__status=CourseStatus.PUBLISHED,
            need__visit__visited_by=user,
            need__visit__date__gte=today - timedelta(days=OFFER_DAYS),
        )
        .exclude(
            Exists(
                CourseTip.objects.filter(visit=OuterRef("need__visit"), course=OuterRef("course"))
            )
        )
        .select_related("course__provider", "need__area", "need__visit__company")
        .order_by("-need__visit__date", "need_id")[:OFFERS_SHOWN]
    )
