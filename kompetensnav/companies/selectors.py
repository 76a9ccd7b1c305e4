"""Reads of companies. Companies are shared across the network: every affiliated user sees
them (the permission checks live in the views and in rules.py)."""

import re

from django.db.models import Q, QuerySet

from .models import Company


def company_search(*, query: str, limit: int = 10) -> QuerySet[Company]:
    """Companies whose name contains the query, or whose org. number starts with its digits."""
    query = (query or "").strip()
    if not query:
        return Company.objects.none()
    condition = Q(name__icontains=query)
    digits = re.sub(r"\D", "", query)
    if len(digits) >= 4 and len(digits) == len(re.sub(r"[\s-]", "", query)):
        if len(digits) > 6:
            digits = f"{digits[:6]}-{digits[6:]}"
        condition |= Q(org_number__startswith=digits)
    return (
        Company.objects.filter(condition)
        .select_related("municipality", "sni")
        .order_by("name")[:limit]
    )
