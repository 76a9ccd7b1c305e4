"""Reads of the network. Organisations, their profiles, memberships, contacts, events and
collaborations are shared network-wide: every affiliated user may read them, so the
selectors narrow by filters, not by organisation (except the contact export, below)."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require

from .models import (
    CONTACT_STALE_AFTER,
    Collaboration,
    Contact,
    Event,
    Membership,
    Organisation,
)


def organisation_list(
    *,
    actor: Actor,
    search: str = "",
    subregion: str = "",
    kind: str = "",
    municipality: str = "",
    area: int | None = None,
    system: int | None = None,
    delivery_format: str = "",
    with_tags: bool = False,
) -> QuerySet[Organisation]:
    """The member directory, sorted by name. with_tags prefetches the education areas and
    digital systems a directory row shows (a fixed number of queries, whatever the rows)."""
    qs: QuerySet[Organisation] = Organisation.objects.select_related(
        "municipality__subregion", "country"
    )
    if with_tags:
        qs = qs.prefetch_related("education_areas", "digital_systems")
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(org_number__icontains=search)
            | Q(municipality__name__icontains=search)
            | Q(pk__in=Organisation.objects.filter(education_areas__name__icontains=search))
        )
    if subregion:
        qs = qs.filter(municipality__subregion_id=subregion)
    if kind:
        qs = qs.filter(kind=kind)
    if municipality:
        # where the member sits, or a municipality it represents in some year
        represented = Membership.objects.filter(municipalities=municipality).values(
            "organisation_id"
        )
        qs = qs.filter(Q(municipality_id=municipality) | Q(pk__in=represented))
    if area:
        qs = qs.filter(pk__in=Organisation.objects.filter(education_areas=area))
    if system:
        qs = qs.filter(pk__in=Organisation.objects.filter(digital_systems=system))
    if delivery_format:
        # formats is a JSON list of fixed codes; matching the quoted code in its text form
        # works on SQLite and PostgreSQL alike (SQLite has no JSON `contains` lookup).
        qs = qs.annotate(formats_text=Cast("formats", TextField())).filter(
            formats_text__contains=f'"{delivery_format}"'
        )
    return qs.order_by("name", "pk")


def organisation_profile(*, actor: Actor, pk: int) -> Organisation:
    """One organisation with everything its profile page shows, in a fixed number of
    queries. Raises Organisation.DoesNotExist."""
    memberships: QuerySet[Membership] = Membership.objects.prefetch_related("municipalities")
    return (
        Organisation.objects.select_related(
            "municipality__subregion", "municipality__county", "country"
        )
        .prefetch_related(
            "education_areas",
            "seqf_levels",
            "digital_systems",
            Prefetch("memberships", queryset=memberships.order_by("-year")),
            Prefetch("contacts", queryset=Contact.objects.order_by("name")),
        )
        .get(pk=pk)
    )


def stale_before() -> date:
    return timezone.localdate() - CONTACT_STALE_AFTER


def contact_list(
    *, actor: Actor, search: str = "", organisation: int | None = None, stale: str = ""
) -> QuerySet[Contact]:
    qs = Contact.objects.select_related("organisation")
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(role__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    is_stale = Q(last_confirmed__isnull=True) | Q(last_confirmed__lt=stale_before())
    if stale == "yes":
        qs = qs.filter(is_stale)
    elif stale == "no":
        qs = qs.exclude(is_stale)
    return qs.order_by("organisation__name", "name", "pk")


def contact_export_list(
    *, actor: Actor, search: str = "", organisation: int | None = None, stale: str = ""
) -> QuerySet[Contact]:
    """Contacts the actor may export: a coordinator all of them, an organisation admin
    those of the organisation they act for."""
    require(actor, "network.export_contacts")
    qs = contact_list(actor=actor, search=search, organisation=organisation, stale=stale)
    affiliation = acting_affiliation(actor)
    assert affiliation is not None  # the permission needs one
    if affiliation.role != Role.COORDINATOR:
        qs = qs.filter(organisation_id=affiliation.organisation_id)
    return qs


def event_list(*, actor: Actor, kind: str = "", year: int | None = None) -> QuerySet[Event]:
    qs = Event.objects.select_related("organiser")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(date__year=year)
    return qs.order_by("-date", "title", "pk")


def events_in_month(*, actor: Actor, first_day: date) -> QuerySet[Event]:
    next_month = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (
        Event.objects.select_related("organiser")
        .filter(date__gte=first_day, date__lt=next_month)
        .order_by("date", "title", "pk")
    )


def event_years() -> list[int]:
    return [d.year for d in Event.objects.dates("date", "year", order="DESC")]


def collaboration_list(*, actor: Actor, year: int | None = None) -> QuerySet[Collaboration]:
    qs = Collaboration.objects.prefetch_related(
        Prefetch("parties", queryset=Organisation.objects.order_by("name"))
    )
    if year:
        qs = qs.filter(established__year=year)
    return qs.order_by("-established", "title", "pk")


def network_summary() -> dict[str, int]:
    return Organisation.objects.aggregate(
        organisations=Count("pk"),
        municipalities=Count("municipality", distinct=True),
        subregions=Count(
            "municipality__subregion", distinct=True, filter=Q(municipality__isnull=False)
        ),
    )


FEE_YEARS = 5


def fee_totals() -> list[dict[str, Any]]:
    """The membership fees of the latest FEE_YEARS years, in one query: members, fees
    invoiced and paid (in SEK), and what is still unpaid."""
    rows = (
        Membership.objects.values("year")
        .annotate(
            members=Count("pk"),
            paid_members=Count("pk", filter=Q(fee_paid=True)),
            invoiced=Sum("fee_sek", filter=Q(invoiced_on__isnull=False)),
            paid=Sum("fee_sek", filter=Q(fee_paid=True)),
            unpaid=Sum("fee_sek", filter=Q(fee_paid=False)),
        )
        .order_by("-year")[:FEE_YEARS]
    )
    return [dict(row) for row in rows]
