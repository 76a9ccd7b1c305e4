"""Reads of actors and the maps: the actor list and page, the actor map's nodes and links,
and the education coverage per competence area and subregion.

Councils are private (selectors.councils): an actor's page and the map show only the
councils the viewer sees."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from kompetensnav.analysis.services import current_needs
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require
from kompetensnav.network.models import Collaboration, Contact, Organisation
from kompetensnav.visits.models import Need

from ..models import Actor, CouncilMember, Initiative
from .councils import council_list

ACTOR_SORTS = {"name", "-name", "level"}
MAP_LIMIT = 60  # actors drawn on one map; the rest are named in the table only


def _name() -> Coalesce:
    return Coalesce("organisation__name", "company__name", Value(""))


def actor_list(
    *,
    actor: ActingUser,
    q: str = "",
    level: str = "",
    function: str = "",
    industry: str | None = None,
    subregion: str | None = None,
    sort: str = "name",
) -> QuerySet[Actor]:
    """Actors matching the filters, with their functions, industries and subregions."""
    require(actor, "collaboration.view")
    actors = Actor.objects.select_related("organisation", "company").prefetch_related(
        "functions", "industries", "subregions"
    )
    if q:
        actors = actors.filter(Q(organisation__name__icontains=q) | Q(company__name__icontains=q))
    if level:
        actors = actors.filter(level=level)
    if function:
        actors = actors.filter(functions__function=function)
    if industry:
        actors = actors.filter(industries=industry)
    if subregion:
        actors = actors.filter(subregions=subregion)
    if sort == "-name":
        return actors.order_by(_name().desc(), "-pk")
    if sort == "level":
        return actors.order_by("level", _name().asc(), "pk")
    return actors.order_by(_name().asc(), "pk")


def actor_detail(*, actor: ActingUser, pk: int) -> Actor:
    require(actor, "collaboration.view")
    return (
        Actor.objects.select_related("organisation__municipality", "company__municipality")
        .prefetch_related(
            "functions",
            "industries",
            "subregions",
            Prefetch("contacts", queryset=Contact.objects.order_by("name")),
        )
        .get(pk=pk)
    )


def actor_councils(*, actor: ActingUser, record: Actor) -> QuerySet:
    """The councils the actor sits on that the viewer sees, with the actor's people there."""
    return (
        council_list(actor=actor)
        .filter(members__actor=record)
        .distinct()
        .select_related("industry", "subregion")
        .prefetch_related(
            Prefetch(
                "members", queryset=CouncilMember.objects.filter(actor=record), to_attr="seats"
            )
        )
        .order_by("name", "pk")
    )


def actor_initiatives(*, actor: ActingUser, record: Actor) -> QuerySet[Initiative]:
    require(actor, "collaboration.view")
    return (
        Initiative.objects.filter(Q(owner=record) | Q(actors=record))
        .distinct()
        .select_related("owner__organisation", "owner__company")
        .order_by("-created_at", "-pk")
    )


def actor_collaborations(*, actor: ActingUser, record: Actor) -> QuerySet[Collaboration]:
    require(actor, "collaboration.view")
    if record.organisation_id is None:
        return Collaboration.objects.none()
    return (
        Collaboration.objects.filter(parties=record.organisation_id)
        .prefetch_related("parties")
        .order_by("-established", "pk")
    )


# --- the actor map ---------------------------------------------------------------------------

COUNCIL, INITIATIVE, COLLABORATION = "council", "initiative", "collaboration"


@dataclass
class Link:
    a: Actor
    b: Actor
    kind: str
    through: list[str] = field(default_factory=list)


@dataclass
class ActorMap:
    actors: list[Actor]  # drawn, most linked first
    links: list[Link]
    total: int  # actors matching the filters


def actor_map(
    *, actor: ActingUser, industry: str | None = None, subregion: str | None = None
) -> ActorMap:
    """The actors working in the industry and/or subregion, and their links: seats on the
    same council (one the viewer sees), the same initiative (owner or involved), parties to
    the same collaboration. A constant number of queries."""
    require(actor, "collaboration.view")
    matching = actor_list(actor=actor, industry=industry, subregion=subregion)
    by_pk = {a.pk: a for a in matching}
    pairs: dict[tuple[int, int, str], list[str]] = defaultdict(list)

    def join(groups: dict[Any, set[int]], names: dict[Any, str], kind: str) -> None:
        for key, members in groups.items():
            for a, b in combinations(sorted(m for m in members if m in by_pk), 2):
                pairs[(a, b, kind)].append(names[key])

    seats: dict[int, set[int]] = defaultdict(set)
    council_names: dict[int, str] = {}
    for council_id, name, actor_id in (
        CouncilMember.objects.filter(council__in=council_list(actor=actor), actor_id__in=by_pk)
        .values_list("council_id", "council__name", "actor_id")
        .distinct()
    ):
        seats[council_id].add(actor_id)
        council_names[council_id] = name
    join(seats, council_names, COUNCIL)

    shared: dict[int, set[int]] = defaultdict(set)
    titles: dict[int, str] = {}
    involved = Initiative.actors.through.objects.filter(actor_id__in=by_pk)
    for initiative_id, actor_id in involved.values_list("initiative_id", "actor_id"):
        shared[initiative_id].add(actor_id)
    for pk, title, owner_id in Initiative.objects.filter(
        Q(pk__in=shared) | Q(owner_id__in=by_pk)
    ).values_list("pk", "title", "owner_id"):
        shared[pk].add(owner_id)
        titles[pk] = title
    join(shared, titles, INITIATIVE)

    organisation_actor = {a.organisation_id: a.pk for a in by_pk.values() if a.organisation_id}
    parties: dict[int, set[int]] = defaultdict(set)
    labels: dict[int, str] = {}
    for (
        collaboration_id,
        title,
        established,
        organisation_id,
    ) in Collaboration.parties.through.objects.filter(
        organisation_id__in=organisation_actor
    ).values_list(
        "collaboration_id",
        "collaboration__title",
        "collaboration__established",
        "organisation_id",
    ):
        parties[collaboration_id].add(organisation_actor[organisation_id])
        labels[collaboration_id] = title or f"{established:%Y-%m-%d}"
    join(parties, labels, COLLABORATION)

    degree: dict[int, int] = defaultdict(int)
    for a, b, _kind in pairs:
        degree[a] += 1
        degree[b] += 1
    ranked = sorted(by_pk.values(), key=lambda a: (-degree[a.pk], a.name.casefold(), a.pk))
    drawn = ranked[:MAP_LIMIT]
    shown = {a.pk for a in drawn}
    links = [
        Link(by_pk[a], by_pk[b], kind, sorted(set(through)))
        for (a, b, kind), through in sorted(
            pairs.items(),
            key=lambda item: (by_pk[item[0][0]].name, by_pk[item[0][1]].name, item[0][2]),
        )
        if a in shown and b in shown
    ]
    return ActorMap(actors=drawn, links=links, total=len(by_pk))


# --- education coverage ----------------------------------------------------------------------


@dataclass
class CoverageRow:
    area_id: int
    area: str
    subregion_id: str
    subregion: str
    needs: int = 0
    companies: int = 0
    providers: list[str] = field(default_factory=list)
    courses: int = 0  # published courses in the area, network-wide (sent live to every site)

    @property
    def gap(self) -> bool:
        return self.needs > 0 and not self.providers


def coverage(
    *, actor: ActingUser, subregion: str | None = None, gaps_only: bool = False
) -> list[CoverageRow]:
    """Per competence area and subregion: the current needs there against the providers
    there that offer the area (their education areas, or a published course in it); areas
    with needs and no provider first, then by needs. Aggregated in the database (four
    queries)."""
    require(actor, "collaboration.view")
    rows: dict[tuple[int, str], CoverageRow] = {}

    def row(area_id: int, area: str, subregion_id: str, subregion_name: str) -> CoverageRow:
        key = (area_id, subregion_id)
        if key not in rows:
            rows[key] = CoverageRow(area_id, area, subregion_id, subregion_name)
        return rows[key]

    needs: QuerySet[Need] = current_needs().filter(
        visit__company__municipality__subregion__isnull=False
    )
    if subregion:
        needs = needs.filter(visit__company__municipality__subregion_id=subregion)
    for found in needs.values(
        "area_id",
        "area__name",
        "visit__company__municipality__subregion_id",
        "visit__company__municipality__subregion__name",
    ).annotate(count=Count("pk"), companies=Count("visit__company", distinct=True)):
        r = row(
            found["area_id"],
            found["area__name"],
            found["visit__company__municipality__subregion_id"],
            found["visit__company__municipality__subregion__name"],
        )
        r.needs, r.companies = found["count"], found["companies"]

    offered = Organisation.education_areas.through.objects.filter(
        organisation__municipality__subregion__isnull=False
    )
    taught = Course.areas.through.objects.filter(
        course__status=CourseStatus.PUBLISHED,
        course__provider__municipality__subregion__isnull=False,
    )
    if subregion:
        offered = offered.filter(organisation__municipality__subregion_id=subregion)
        taught = taught.filter(course__provider__municipality__subregion_id=subregion)
    providers: dict[tuple[int, str], set[str]] = defaultdict(set)
    for area_id, area, subregion_id, subregion_name, name in offered.values_list(
        "competencearea_id",
        "competencearea__name",
        "organisation__municipality__subregion_id",
        "organisation__municipality__subregion__name",
        "organisation__name",
    ).distinct():
        row(area_id, area, subregion_id, subregion_name)
        providers[(area_id, subregion_id)].add(name)
    for area_id, area, subregion_id, subregion_name, name in taught.values_list(
        "competencearea_id",
        "competencearea__name",
        "course__provider__municipality__subregion_id",
        "course__provider__municipality__subregion__name",
        "course__provider__name",
    ).distinct():
        row(area_id, area, subregion_id, subregion_name)
        providers[(area_id, subregion_id)].add(name)

    courses = {
        found["competencearea_id"]: found["n"]
        for found in Course.areas.through.objects.filter(course__status=CourseStatus.PUBLISHED)
        .values("competencearea_id")
        .annotate(n=Count("course_id", distinct=True))
    }
    result = []
    for key, r in rows.items():
        r.providers = sorted(providers.get(key, ()), key=str.casefold)
        r.courses = courses.get(r.area_id, 0)
        if not gaps_only or r.gap:
            result.append(r)
    return sorted(
        result, key=lambda r: (not r.gap, -r.needs, r.area.casefold(), r.subregion.casefold())
    )
