"""Days as ranges of time, for filtering date-times with an index (a lookup such as
`start__date__gte` wraps the column in a function, which no index serves)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the start of the day after `last`, in the site's time
    zone: filter with `__gte` the first and `__lt` the second."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )
