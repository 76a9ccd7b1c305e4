"""Reads of organisations. Organisations and their public facts are shared network-wide."""

from django.db.models import Count, Q, QuerySet

from .models import Organisation


def organisation_list(*, actor, search: str = "", subregion: str = "", kind: str = "") -> QuerySet:
    qs = Organisation.objects.select_related("municipality__subregion", "country")
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(org_number__icontains=search)
            | Q(municipality__name__icontains=search)
        )
    if subregion:
        qs = qs.filter(municipality__subregion_id=subregion)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def network_summary() -> dict:
    return Organisation.objects.aggregate(
        organisations=Count("pk"),
        municipalities=Count("municipality", distinct=True),
        subregions=Count(
            "municipality__subregion", distinct=True, filter=Q(municipality__isnull=False)
        ),
    )
