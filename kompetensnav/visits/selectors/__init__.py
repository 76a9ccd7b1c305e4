"""Reads of visits, needs and visit plans.

Visits are private to the visiting organisation and the network's coordinators: every
selector that returns visits in full starts from `visible_visits(actor)`, so another
organisation's visit is simply not found (404). Needs and their aggregates are shared
network-wide; the dashboard reads them without the visits' notes."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from kompetensnav.accounts.acting import acting_affiliation, acting_user
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.common.actor import Actor
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Membership
from kompetensnav.questionnaires.models import Answer

from ..enums import PlanStatus
from ..models import Need, PlanItem, Visit, VisitDraft
from .needs import (
    DIMENSIONS,
    FOCUS_WEIGHTS,
    NEEDS_SOURCES,
    Dimension,
    NeedFilters,
    country_comparison,
    focus_areas,
    gap_over_time,
    need_list,
    needs_analysis,
    needs_breakdown,
    needs_dashboard,
    needs_matching,
    needs_trend,
)

# the needs analysis, in needs.py, read through this package as before
__all__ = [
    "DIMENSIONS",
    "FOCUS_WEIGHTS",
    "NEEDS_SOURCES",
    "Dimension",
    "NeedFilters",
    "country_comparison",
    "focus_areas",
    "gap_over_time",
    "need_list",
    "needs_breakdown",
    "needs_analysis",
    "needs_dashboard",
    "needs_matching",
    "needs_trend",
]

FOLLOW_UP_WINDOW = timedelta(days=14)
BROKER_WEEK_SHOWN = 20


def _acting(actor: Actor) -> Affiliation | None:
    return acting_affiliation(actor) if actor is not None else None


def sees_all_visits(*, actor: Actor) -> bool:
    affiliation = _acting(actor)
    return affiliation is not None and affiliation.role == Role.COORDINATOR


def _routed_to(organisation_id: int) -> Exists:
    """Routing: a visit to a company in a municipality that the organisation represents as a
    member in the visit's year (network.Membership.municipalities), made by another member.
    The municipality's member reads it in full (to follow the company up locally); only the
    visiting organisation (or a coordinator) changes it."""
    return Exists(
        Membership.objects.filter(
            organisation_id=organisation_id,
            year=OuterRef("date__year"),
            municipalities=OuterRef("company__municipality_id"),
        )
    )


def visible_visits(*, actor: Actor) -> QuerySet[Visit]:
    """The visits the actor may read in full: their organisation's and those routed to it
    (in a municipality it represents), or all for a coordinator."""
    affiliation = _acting(actor)
    if affiliation is None:
        return Visit.objects.none()
    if affiliation.role == Role.COORDINATOR:
        return Visit.objects.all()
    organisation_id = affiliation.organisation_id
    return Visit.objects.filter(Q(organisation_id=organisation_id) | _routed_to(organisation_id))


def routed_visits(*, actor: Actor) -> QuerySet[Visit]:
    """Other members' visits in the municipalities the actor's organisation represents."""
    affiliation = _acting(actor)
    if affiliation is None:
        return Visit.objects.none()
    organisation_id = affiliation.organisation_id
    return Visit.objects.exclude(organisation_id=organisation_id).filter(
        _routed_to(organisation_id)
    )


def can_read_visit(*, actor: Actor, visit: Visit) -> bool:
    affiliation = _acting(actor)
    if affiliation is None:
        return False
    return (
        affiliation.role == Role.COORDINATOR
        or affiliation.organisation_id == visit.organisation_id
        or visible_visits(actor=actor).filter(pk=visit.pk).exists()
    )


VISIT_SORTS = {
    "-date": ("-date", "-pk"),
    "date": ("date", "pk"),
    "company": (Lower("company__name"), "-date", "-pk"),
    "-needs": ("-need_count", "-date", "-pk"),
    "follow_up": (F("follow_up_date").asc(nulls_last=True), "-date", "-pk"),
}


_need_counts = (
    Need.objects.filter(visit=OuterRef("pk"))
    .order_by()
    .values("visit")
    .annotate(n=Count("pk"))
    .values("n")
)


def visit_list(
    *,
    actor: Actor,
    search: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    mine: bool = False,
    routed: bool = False,
    organisation: int | None = None,
    sort: str = "-date",
) -> QuerySet[Visit]:
    """The visits the actor may read, filtered; `routed`: only other members' visits in the
    municipalities the actor's organisation represents."""
    qs = (
        visible_visits(actor=actor)
        .select_related("company__municipality", "organisation")
        # counted per visit shown, by a subquery: a join with GROUP BY would count the needs
        # of every visit before the page's 25 are chosen (and again for the page count)
        .annotate(need_count=Coalesce(Subquery(_need_counts), 0))
    )
    if search:
        qs = qs.filter(
            Q(company__name__icontains=search)
            | Q(pk__in=Need.objects.filter(area__name__icontains=search).values("visit_id"))
        )
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if mine:
        qs = qs.filter(visited_by=acting_user(actor))
    if routed:
        qs = qs.filter(pk__in=routed_visits(actor=actor).values("pk"))
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    return qs.order_by(*VISIT_SORTS.get(sort, VISIT_SORTS["-date"]))


def visit_detail(*, actor: Actor, pk: int) -> Visit:
    """One visit the actor may read, with everything its page shows. Raises
    Visit.DoesNotExist for another organisation's visit."""
    return (
        visible_visits(actor=actor)
        .select_related(
            "company__municipality__subregion", "company__sni", "organisation", "created_by"
        )
        .prefetch_related(
            "visited_by",
            Prefetch(
                "needs", queryset=Need.objects.select_related("area", "seqf_level").order_by("pk")
            ),
            Prefetch("plan_items", queryset=PlanItem.objects.order_by("pk")),
        )
        .get(pk=pk)
    )


def company_history(*, actor: Actor, company: Company) -> dict[str, Any]:
    """A company's visits (each marked `readable` when the actor may open it in full; the
    others show only date and organisation) and the needs recorded on them (shared)."""
    visits = list(
        Visit.objects.filter(company=company)
        .select_related("organisation")
        .order_by("-date", "-pk")
    )
    readable = set(visible_visits(actor=actor).filter(company=company).values_list("pk", flat=True))
    for visit in visits:
        visit.readable = visit.pk in readable
        if not visit.readable:
            visit.notes = visit.advice = visit.also_present = ""
    needs = list(
        Need.objects.filter(visit__company=company)
        .select_related("area", "visit")
        .order_by("-visit__date", "pk")
    )
    return {"visits": visits, "needs": needs}


def followups(*, actor: Actor, today: date) -> dict[str, list[Visit]]:
    """The actor's open follow-ups: overdue, due within 14 days, and later ones."""
    affiliation = _acting(actor)
    if affiliation is None:
        return {"overdue": [], "due": [], "later": []}
    qs = (
        Visit.objects.filter(
            organisation_id=affiliation.organisation_id,
            visited_by=acting_user(actor),
            follow_up_done=False,
            follow_up_date__isnull=False,
        )
        .select_related("company__municipality")
        .order_by("follow_up_date", "pk")
    )
    rows = [(v, v.follow_up_date) for v in qs if v.follow_up_date is not None]  # all of them
    horizon = today + FOLLOW_UP_WINDOW
    return {
        "overdue": [v for v, on in rows if on < today],
        "due": [v for v, on in rows if today <= on <= horizon],
        "later": [v for v, on in rows if on > horizon],
    }


def followup_visit(*, actor: Actor, pk: int) -> Visit:
    """A visit whose follow-up the actor may act on. Raises Visit.DoesNotExist."""
    return visible_visits(actor=actor).select_related("company").get(pk=pk)


def plan_list(*, actor: Actor, status: str = "", owner: int | None = None) -> QuerySet[PlanItem]:
    affiliation = _acting(actor)
    if affiliation is None:
        return PlanItem.objects.none()
    qs = PlanItem.objects.filter(organisation_id=affiliation.organisation_id).select_related(
        "company__municipality", "owner", "visit"
    )
    if status == "open":
        qs = qs.filter(status__in=[PlanStatus.PLANNED, PlanStatus.BOOKED])
    elif status:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner_id=owner)
    return qs.order_by("status", "target_date", "pk")


def plan_item(*, actor: Actor, pk: int) -> PlanItem:
    """Raises PlanItem.DoesNotExist for another organisation's plan."""
    affiliation = _acting(actor)
    if affiliation is None:
        raise PlanItem.DoesNotExist
    return PlanItem.objects.select_related("company").get(
        pk=pk, organisation_id=affiliation.organisation_id
    )


def visit_answers(*, visit: Visit, language: str) -> list[tuple[str, str]]:
    """The visit's questionnaire answers as (question, answer) in the questionnaire's order,
    options by their labels; several choices of one question joined."""
    if not visit.response_id:
        return []

    rows: dict[int, tuple[str, list[str]]] = {}
    answers = (
        Answer.objects.filter(response_id=visit.response_id)
        .select_related("question")
        .order_by("question__position", "choice")
    )
    for answer in answers:
        question = answer.question
        if answer.choice:
            value = question.option_label(answer.choice, language)
            if answer.text:  # written for "Annat, nämligen"
                value = f"{value}: {answer.text}"
        else:
            value = answer.display_value
        rows.setdefault(question.pk, (question.text(language), []))[1].append(value)
    return [(text, ", ".join(values)) for text, values in rows.values()]


def visit_drafts(*, actor: Actor) -> QuerySet[VisitDraft]:
    """The actor's own visit drafts in the organisation they act for, newest first."""
    affiliation = _acting(actor)
    if affiliation is None:
        return VisitDraft.objects.none()
    return VisitDraft.objects.filter(
        author=acting_user(actor), organisation_id=affiliation.organisation_id
    ).order_by("-updated", "-pk")


def visit_draft(*, actor: Actor, pk: int) -> VisitDraft:
    """One of the actor's own drafts. Raises VisitDraft.DoesNotExist for anyone else's."""
    return visit_drafts(actor=actor).get(pk=pk)


def broker_day(*, actor: Actor, today: date) -> dict[str, Any]:
    """A broker's start page: their follow-ups overdue and due soon, and their visits of this
    week (Monday to Sunday) with the number of needs of each."""
    affiliation = _acting(actor)
    monday = today - timedelta(days=today.weekday())
    if affiliation is None:
        return {"overdue": [], "due": [], "week": [], "monday": monday, "drafts": []}
    open_followups = followups(actor=actor, today=today)
    week = (
        Visit.objects.filter(
            organisation_id=affiliation.organisation_id,
            visited_by=acting_user(actor),
            date__gte=monday,
            date__lte=monday + timedelta(days=6),
        )
        .select_related("company")
        .annotate(need_count=Count("needs"))
        .order_by("date", "pk")
    )
    return {
        "overdue": open_followups["overdue"],
        "due": open_followups["due"],
        "week": list(week[:BROKER_WEEK_SHOWN]),
        "monday": monday,
        "drafts": list(visit_drafts(actor=actor)[:BROKER_WEEK_SHOWN]),
    }
