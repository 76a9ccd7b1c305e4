"""Reads of projects and Erasmus+ utilisation, aggregated in the database."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system

from .enums import Funder, MobilityKind, MobilityStatus
from .figures import percentage
from .models import Mobility, Project

SORTS = {"name": "name", "-name": "-name", "start": "start", "-start": "-start"}


def project_list(
    *, actor: Actor, query: str = "", funder: str = "", current: bool = False, sort: str = "-start"
) -> QuerySet[Project]:
    require_unless_system(actor, "projects.view_projects")
    projects = Project.objects.annotate(
        partner_count=Count("partners", distinct=True),
        mobility_count=Count("mobilities", distinct=True),
    )
    if query:
        projects = projects.filter(Q(name__icontains=query) | Q(external_id__iexact=query))
    if funder:
        projects = projects.filter(funder=funder)
    if current:
        today = timezone.localdate()
        projects = projects.filter(
            Q(start__isnull=True) | Q(start__lte=today), Q(end__isnull=True) | Q(end__gte=today)
        )
    return projects.order_by(SORTS.get(sort, "-start"), "name")


def project_detail(*, actor: Actor, pk: int) -> Project:
    require_unless_system(actor, "projects.view_projects")
    return Project.objects.prefetch_related(
        "partners__organisation", "budget_lines", "events", "incoming_groups__country"
    ).get(pk=pk)


@dataclass
class KindUtilisation:
    """Erasmus+ use of one kind of place (student or staff) in one project."""

    kind: str
    granted_places: int
    budget_sek: Decimal | None
    completed: int
    planned: int
    force_majeure: int
    cancelled: int
    grants_used_sek: Decimal
    planned_grants_sek: Decimal
    target_pct: int
    elapsed: float | None  # share of the project period that has passed, 0–1

    @property
    def label(self) -> str:
        return str(MobilityKind(self.kind).label)

    @property
    def places_used_pct(self) -> Decimal | None:
        return percentage(self.completed, self.granted_places)

    @property
    def budget_used_pct(self) -> Decimal | None:
        return percentage(self.grants_used_sek, self.budget_sek)

    @property
    def with_planned_pct(self) -> Decimal | None:
        """Places used if every planned mobility is completed."""
        return percentage(self.completed + self.planned, self.granted_places)

    @property
    def projected_pct(self) -> Decimal | None:
        """Places used at the project's end if mobilities go on at the pace so far."""
        if not self.granted_places or not self.elapsed:
            return None
        return percentage(self.completed / self.elapsed, self.granted_places)

    # the bars of the page: BAR_WIDTH px for 100 %, a line at the target, the bar's colour
    # saying whether the target is reached (the number and the target are in the text too)
    @property
    def target_x(self) -> float:
        return round(BAR_WIDTH * min(self.target_pct, 100) / 100, 1)

    @property
    def places_bar(self) -> float | None:
        return _bar(self.places_used_pct)

    @property
    def budget_bar(self) -> float | None:
        return _bar(self.budget_used_pct)

    @property
    def budget_target_met(self) -> bool | None:
        pct = self.budget_used_pct
        return None if pct is None else pct >= self.target_pct

    @property
    def places_to_target(self) -> int:
        """Completed mobilities still missing to reach the target."""
        needed = math.ceil(self.granted_places * self.target_pct / 100)
        return max(needed - self.completed, 0)

    @property
    def target_met(self) -> bool | None:
        pct = self.places_used_pct
        return None if pct is None else pct >= self.target_pct

    @property
    def below_target(self) -> bool:
        """Warn when even the projection (or what is planned) stays under the target."""
        if not self.granted_places:
            return False
        best = max(
            value
            for value in (self.projected_pct, self.with_planned_pct, self.places_used_pct)
            if value is not None
        )
        return best < self.target_pct


BAR_WIDTH = 140
# how long a co-financing warning stays on the coordinators' start page (the daily check warns
# about a project at most once in services.WARNING_INTERVAL_DAYS)
WARNING_DAYS = 30


def _bar(pct: Decimal | None) -> float | None:
    return None if pct is None else round(BAR_WIDTH * min(float(pct), 100.0) / 100, 1)


def elapsed_share(*, project: Project, today: date) -> float | None:
    if not project.start or not project.end or today < project.start:
        return None
    if today >= project.end:
        return 1.0
    total = (project.end - project.start).days or 1
    return max((today - project.start).days, 1) / total


def utilisation(
    *, projects: Iterable[Project], today: date | None = None
) -> dict[int, list[KindUtilisation]]:
    """{project pk: [student, staff]} for the given projects, in two queries."""
    today = today or timezone.localdate()
    projects = list(projects)
    found: dict[tuple[int, str, str], Mapping[str, Any]]
    rows = (
        Mobility.objects.filter(project__in=projects)
        .values("project", "kind", "status")
        .annotate(count=Count("pk"), grants=Sum("grant_sek"))
    )
    found = {(r["project"], r["kind"], r["status"]): r for r in rows}

    def count(project: Project, kind: str, status: str) -> int:
        return found.get((project.pk, kind, status), {}).get("count", 0)

    def grants(project: Project, kind: str, status: str) -> Decimal:
        return found.get((project.pk, kind, status), {}).get("grants") or Decimal(0)

    result = {}
    for project in projects:
        elapsed = elapsed_share(project=project, today=today)
        result[project.pk] = [
            KindUtilisation(
                kind=kind,
                granted_places=getattr(project, f"granted_places_{kind}") or 0,
                budget_sek=getattr(project, f"budget_{kind}_sek"),
                completed=count(project, kind, MobilityStatus.COMPLETED),
                planned=count(project, kind, MobilityStatus.PLANNED),
                force_majeure=count(project, kind, MobilityStatus.FORCE_MAJEURE),
                cancelled=count(project, kind, MobilityStatus.CANCELLED),
                grants_used_sek=grants(project, kind, MobilityStatus.COMPLETED),
                planned_grants_sek=grants(project, kind, MobilityStatus.PLANNED),
                target_pct=project.utilisation_target_pct,
                elapsed=elapsed,
            )
            for kind in MobilityKind.values
        ]
    return result


def erasmus_projects(*, actor: Actor) -> QuerySet[Project]:
    require_unless_system(actor, "projects.view_projects")
    return Project.objects.filter(
        Q(funder=Funder.ERASMUS_PLUS)
        | Q(granted_places_student__gt=0)
        | Q(granted_places_staff__gt=0)
    ).order_by("-start", "name")


def mobility_list(
    *, actor: Actor, project: Project | None = None, status: str = "", kind: str = ""
) -> QuerySet[Mobility]:
    require_unless_system(actor, "projects.view_projects")
    mobilities = Mobility.objects.select_related("project", "sending_member", "country")
    if project is not None:
        mobilities = mobilities.filter(project=project)
    if status:
        mobilities = mobilities.filter(status=status)
    if kind:
        mobilities = mobilities.filter(kind=kind)
    return mobilities.order_by("-start", "pk")


def coordinator_warnings(*, actor: Actor, today: date) -> dict[str, list[Any]]:
    """A coordinator's start page: running projects warned about their co-financing in the
    last WARNING_DAYS days, and running Erasmus+ projects whose mobilities stay under the
    utilisation target (in three queries)."""
    require_unless_system(actor, "projects.view_projects")
    running = Project.objects.filter(Q(end__isnull=True) | Q(end__gte=today))
    cofinancing = list(
        running.filter(forecast_warned_on__gte=today - timedelta(days=WARNING_DAYS)).order_by(
            "name"
        )
    )
    erasmus = list(erasmus_projects(actor=actor).filter(pk__in=running.values("pk")))
    kinds = utilisation(projects=erasmus, today=today)
    below = [
        (project, [k for k in kinds[project.pk] if k.below_target])
        for project in erasmus
        if any(k.below_target for k in kinds[project.pk])
    ]
    return {"cofinancing": cofinancing, "erasmus": below}
