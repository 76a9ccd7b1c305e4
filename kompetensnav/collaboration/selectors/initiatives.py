"""Reads of the strategic cycle: priorities per year and region, initiatives with their
follow-up, and the year's report of priorities, initiatives and outcomes side by side.

Priorities and initiatives are open to everyone in the network; the council decision an
initiative starts from is shown only to those who see the council."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kompetensnav.analysis import selectors as analysis
from kompetensnav.campus.models import Course
from kompetensnav.campus.selectors import visible_courses
from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require
from kompetensnav.network.models import Event
from kompetensnav.projects.models import Project
from kompetensnav.visits.models import Need

from ..enums import InitiativeStatus, Level
from ..followup import FollowUp, followups
from ..models import Actor, Decision, Initiative, Priority
from .councils import council_list

INITIATIVE_SORTS: dict[str, tuple[Any, ...]] = {
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "start": (F("start").asc(nulls_last=True), "pk"),
    "-start": (F("start").desc(nulls_last=True), "-pk"),
    "status": ("status", "title", "pk"),
    "-created": ("-created_at", "-pk"),
}


def _actors() -> QuerySet[Actor]:
    return Actor.objects.select_related("organisation", "company")


def actor_choices() -> QuerySet[Actor]:
    return _actors().order_by(
        Coalesce("organisation__name", "company__name", Value("")).asc(), "pk"
    )


def strategic_actors() -> QuerySet[Actor]:
    return actor_choices().filter(level__in=[Level.STRATEGIC, Level.BOTH])


# --- priorities ------------------------------------------------------------------------------


def priority_years(*, actor: ActingUser) -> list[int]:
    require(actor, "collaboration.view")
    return list(Priority.objects.order_by("-year").values_list("year", flat=True).distinct())


def priorities_of_year(*, actor: ActingUser, year: int) -> QuerySet[Priority]:
    """The year's priorities, the whole network's first, then by subregion and rank, each
    with its initiatives (prefetched)."""
    require(actor, "collaboration.view")
    return _priorities_of_year(year)


def _priorities_of_year(year: int) -> QuerySet[Priority]:
    return (
        Priority.objects.filter(year=year)
        .select_related(
            "subregion", "area", "analysis", "decided_by__organisation", "decided_by__company"
        )
        .prefetch_related(
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.select_related(
                    "owner__organisation", "owner__company"
                ).order_by(F("start").asc(nulls_last=True), "title", "pk"),
            )
        )
        .order_by(F("subregion__name").asc(nulls_first=True), "rank", "pk")
    )


def priority_get(*, actor: ActingUser, pk: int) -> Priority:
    require(actor, "collaboration.view")
    return Priority.objects.select_related("subregion", "area", "analysis").get(pk=pk)


# --- initiatives -----------------------------------------------------------------------------


def initiative_list(
    *,
    actor: ActingUser,
    q: str = "",
    status: str = "",
    kind: str = "",
    owner: int | None = None,
    priority: int | None = None,
    year: int | None = None,
    sort: str = "-created",
) -> QuerySet[Initiative]:
    """Initiatives matching the filters; `year`: whose period overlaps the year (an initiative
    without dates counts in the year it was created)."""
    require(actor, "collaboration.view")
    return _initiatives(
        q=q, status=status, kind=kind, owner=owner, priority=priority, year=year, sort=sort
    )


def _initiatives(
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    owner: int | None = None,
    priority: int | None = None,
    year: int | None = None,
    sort: str = "-created",
) -> QuerySet[Initiative]:
    initiatives = Initiative.objects.select_related(
        "owner__organisation", "owner__company", "priority"
    ).annotate(actor_count=Count("actors", distinct=True))
    if q:
        initiatives = initiatives.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if status:
        initiatives = initiatives.filter(status=status)
    if kind:
        initiatives = initiatives.filter(kind=kind)
    if owner:
        initiatives = initiatives.filter(Q(owner_id=owner) | Q(actors=owner)).distinct()
    if priority:
        initiatives = initiatives.filter(priority_id=priority)
    if year:
        initiatives = initiatives.filter(in_year(year))
    return initiatives.order_by(*INITIATIVE_SORTS.get(sort, INITIATIVE_SORTS["-created"]))


def in_year(year: int) -> Q:
    start, end = date(year, 1, 1), date(year, 12, 31)
    dated = Q(start__isnull=False) | Q(end__isnull=False)
    return (
        dated
        & (Q(start__isnull=True) | Q(start__lte=end))
        & (Q(end__isnull=True) | Q(end__gte=start))
    ) | (~dated & Q(created_at__year=year))


def initiative_get(*, actor: ActingUser, pk: int) -> Initiative:
    require(actor, "collaboration.view")
    return (
        Initiative.objects.select_related(
            "owner__organisation",
            "owner__company",
            "priority__subregion",
            "decision__meeting__council",
        )
        .prefetch_related(
            Prefetch("actors", queryset=actor_choices()),
            "projects",
            "events",
        )
        .get(pk=pk)
    )


def visible_decision(*, actor: ActingUser, initiative: Initiative) -> Decision | None:
    """The council decision behind the initiative, if the viewer sees its council."""
    if initiative.decision_id is None:
        return None
    decision = initiative.decision
    if (
        decision is None
        or not council_list(actor=actor).filter(pk=decision.meeting.council_id).exists()
    ):
        return None
    return decision


# --- needs an initiative can start from ------------------------------------------------------


def unmet_need_groups(*, limit: int = 60) -> list[dict]:
    """The largest groups of the unmet-needs list (area, subregion, horizon), as choices."""
    return list(analysis.unmet_groups(filters=analysis.UnmetFilters())[:limit])


def group_key(group: dict) -> str:
    return ":".join(
        str(group.get(k) or "")
        for k in ("area_id", "visit__company__municipality__subregion_id", "horizon")
    )


def needs_of_groups(keys: list[str]) -> list[Need]:
    """The unmet needs of the groups (keys as group_key makes them), each group capped."""
    needs: dict[int, Need] = {}
    for key in keys:
        area, _sep, rest = key.partition(":")
        subregion, _sep, horizon = rest.partition(":")
        if not area.isdigit():
            continue
        for need in analysis.group_needs(area=int(area), subregion=subregion, horizon=horizon)[
            :200
        ]:
            needs[need.pk] = need
    return list(needs.values())


# --- the strategic cycle: a year's priorities, initiatives and outcomes ---------------------


@dataclass
class PriorityRow:
    priority: Priority
    initiatives: list[tuple[Initiative, FollowUp]] = field(default_factory=list)
    total: FollowUp = field(default_factory=FollowUp)


@dataclass
class Cycle:
    year: int
    rows: list[PriorityRow]
    others: list[tuple[Initiative, FollowUp]]
    status_counts: dict[str, int]
    generated: datetime


def cycle(*, actor: ActingUser, year: int, now: datetime | None = None) -> Cycle:
    """The year's priorities with their initiatives and outcomes, and the year's initiatives
    that carry no priority of the year; a constant number of queries."""
    require(actor, "collaboration.view")
    return cycle_for_document(year=year, now=now)


def cycle_for_document(*, year: int, now: datetime | None = None) -> Cycle:
    """The cycle as the system reads it for a document it renders without a request (the
    annual report's PDF, made in the background for someone who may read the annual report).
    Priorities and initiatives are open to the whole network, so no viewer changes it."""
    now = now or timezone.now()
    priorities = list(_priorities_of_year(year))
    others = list(
        _initiatives(year=year)
        .exclude(priority__year=year)
        .order_by(F("start").asc(nulls_last=True), "title", "pk")
    )
    every = [i for p in priorities for i in p.initiatives.all()] + others
    follow = followups([i.pk for i in every], now=now)
    rows = []
    for p in priorities:
        row = PriorityRow(priority=p)
        for initiative in p.initiatives.all():
            row.initiatives.append((initiative, follow[initiative.pk]))
            row.total = row.total + follow[initiative.pk]
        rows.append(row)
    counts = dict.fromkeys(InitiativeStatus.values, 0)
    for initiative in {i.pk: i for i in every}.values():
        counts[initiative.status] += 1
    return Cycle(
        year=year,
        rows=rows,
        others=[(i, follow[i.pk]) for i in others],
        status_counts=counts,
        generated=now,
    )


# --- what an initiative can link -------------------------------------------------------------


def link_candidates(
    *, actor: ActingUser, initiative: Initiative, kind: str, q: str, limit: int = 20
) -> list[Course | Project | Event]:
    """Courses (those the viewer may read), projects or events matching `q` that the
    initiative does not link yet; the newest first."""
    require(actor, "collaboration.manage_initiative", initiative)
    found: QuerySet
    if kind == "project":
        found = Project.objects.exclude(pk__in=initiative.projects.values("pk"))
        found = found.filter(name__icontains=q) if q else found
        found = found.order_by(F("start").desc(nulls_last=True), "name", "pk")
    elif kind == "event":
        found = Event.objects.exclude(pk__in=initiative.events.values("pk"))
        found = found.filter(title__icontains=q) if q else found
        found = found.order_by("-date", "title", "pk")
    else:
        found = visible_courses(actor=actor).exclude(pk__in=initiative.courses.values("pk"))
        if q:
            found = found.filter(Q(title_sv__icontains=q) | Q(title_en__icontains=q))
        found = found.select_related("provider").order_by("-created", "pk")
    return list(found[:limit])


def linked_courses(*, actor: ActingUser, initiative: Initiative) -> QuerySet[Course]:
    """The initiative's courses the viewer may read, with their first and last session."""
    return (
        visible_courses(actor=actor)
        .filter(pk__in=initiative.courses.values("pk"))
        .select_related("provider")
        .annotate(first_start=Min("sessions__start"), last_end=Max("sessions__end"))
        .order_by("title_sv", "pk")
    )
