"""Key figures of the network (definitions in ../shared/spec/interchange.md)."""

from django.db.models import Sum

from kompetensnav.figures.registry import Period, figure
from kompetensnav.reference.models import Municipality

from .enums import EventKind
from .models import Collaboration, Contact, Event, Membership


def _events(period: Period):
    return Event.objects.filter(date__gte=period.start, date__lte=period.end)


def _paid_memberships(period: Period):
    # a membership year overlaps P when it lies between P's first and last year
    return Membership.objects.filter(
        fee_paid=True, year__gte=period.start.year, year__lte=period.end.year
    )


@figure("network_meetings")
def network_meetings(period: Period) -> int:
    return _events(period).filter(kind=EventKind.NETWORK_MEETING).count()


@figure("job_shadowings")
def job_shadowings(period: Period) -> int:
    return _events(period).filter(kind=EventKind.JOB_SHADOWING).count()


@figure("job_shadowings_transnational")
def job_shadowings_transnational(period: Period) -> int:
    return _events(period).filter(kind=EventKind.JOB_SHADOWING, transnational=True).count()


@figure("event_participants")
def event_participants(period: Period) -> int:
    return _events(period).aggregate(total=Sum("participants"))["total"] or 0


@figure("collaborations")
def collaborations(period: Period) -> int:
    return Collaboration.objects.filter(
        established__gte=period.start, established__lte=period.end
    ).count()


@figure("members")
def members(period: Period) -> int:
    return _paid_memberships(period).values("organisation").distinct().count()


@figure("municipalities_represented")
def municipalities_represented(period: Period) -> int:
    return Municipality.objects.filter(memberships__in=_paid_memberships(period)).distinct().count()


@figure("contacts")
def contacts(period: Period) -> int:
    return Contact.objects.count()


@figure("contact_organisations")
def contact_organisations(period: Period) -> int:
    return Contact.objects.values("organisation").distinct().count()
