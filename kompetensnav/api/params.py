"""Bounds shared by the operations' parameters."""

from datetime import UTC, datetime
from typing import Annotated

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Query

from kompetensnav.common.text import CONTROL_CHARACTERS_PATTERN

# Ids are 64-bit; a larger number could not be stored, so it is a 422 rather than a lookup.
MAX_ID = 2**63 - 1
SEARCH_MAX_LENGTH = 100
# Free text is one line: no control characters (kompetensnav.common.text), and so no NUL,
# which PostgreSQL text cannot hold. Use it with schemas.SingleLineText, which says so
# clearly instead of quoting the pattern.
SEARCH_PATTERN = rf"^[^{CONTROL_CHARACTERS_PATTERN}]*$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

UpdatedSince = Annotated[
    datetime | None,
    Query(
        description="Only records changed at or after this time (ISO 8601; without a time "
        "zone, Swedish time). Records not changed since they were created keep that time."
    ),
]


def changed_since[Q: QuerySet](queryset: Q, since: datetime | None, field: str = "updated") -> Q:
    """The records of `queryset` changed at or after `since` (all of them without it)."""
    if since is None:
        return queryset
    return queryset.filter(**{f"{field}__gte": aware(since)})


def aware(moment: datetime) -> datetime:
    """The moment in UTC; one given without a time zone is Swedish time. A moment at the
    very ends of the calendar, which UTC cannot hold, is the first or last one UTC has."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC)
