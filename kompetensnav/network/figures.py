"""Key figures of the network (definitions in ../shared/spec/interchange.md)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from kompetensnav.figures.kept import kept
from kompetensnav.figures.registry import Period, Unit, figure, scan

from .enums import EventKind
from .models import Collaboration, Contact, Event, Membership


def _events(period: Period):
    return Event.objects.filter(date__gte=period.start, date__lte=period.end)


def _paid_memberships(period: Period):
    # a membership year overlaps P when it lies between P's first and last year
    return Membership.objects.filter(
        fee_paid=True, year__gte=period.start.year, year__lte=period.end.year
    )


@figure(
    "network_meetings",
    area="events",
    unit=Unit.COUNT,
    headline=True,
    label=_("Network meetings"),
    definition=_("Events of the kind network meeting dated in the period."),
    rule="events of kind `network_meeting` dated in P",
)
def network_meetings(period: Period) -> int:
    return _event_counts(period)["meetings"]


@scan
@kept
def _event_counts(period: Period) -> dict:
    """The period's events by kind and their participants, in one scan."""
    return _events(period).aggregate(
        meetings=Count("pk", filter=Q(kind=EventKind.NETWORK_MEETING)),
        shadowings=Count("pk", filter=Q(kind=EventKind.JOB_SHADOWING)),
        abroad=Count("pk", filter=Q(kind=EventKind.JOB_SHADOWING, transnational=True)),
        participants=Sum("participants"),
    )


@figure(
    "job_shadowings",
    area="events",
    unit=Unit.COUNT,
    headline=True,
    label=_("Job shadowings"),
    definition=_("Events of the kind job shadowing dated in the period."),
    rule="events of kind `job_shadowing` dated in P",
)
def job_shadowings(period: Period) -> int:
    return _event_counts(period)["shadowings"]


@figure(
    "job_shadowings_transnational",
    area="events",
    unit=Unit.COUNT,
    label=_("Job shadowings abroad"),
    definition=_("Those job shadowings that took place abroad."),
    rule="those of them with transnational = true",
)
def job_shadowings_transnational(period: Period) -> int:
    return _event_counts(period)["abroad"]


@figure(
    "event_participants",
    area="events",
    unit=Unit.COUNT,
    headline=True,
    label=_("Event participants"),
    definition=_("The participants of all events dated in the period, added up."),
    rule="sum of `participants` over all events dated in P",
)
def event_participants(period: Period) -> int:
    return _event_counts(period)["participants"] or 0


@figure(
    "collaborations",
    area="collaborations",
    unit=Unit.COUNT,
    headline=True,
    label=_("Collaborations established"),
    definition=_("Collaborations established in the period."),
    rule="collaborations established in P",
)
def collaborations(period: Period) -> int:
    return _collaboration_count(period)["collaborations"]


@kept
def _collaboration_count(period: Period) -> dict:
    return Collaboration.objects.filter(
        established__gte=period.start, established__lte=period.end
    ).aggregate(collaborations=Count("pk"))


@figure(
    "members",
    area="network",
    unit=Unit.COUNT,
    headline=True,
    label=_("Members (fee paid)"),
    definition=_("Organisations with a membership for a year of the period and the fee paid."),
    rule="organisations with a membership for a year that overlaps P and fee_paid = true",
)
def members(period: Period) -> int:
    return _member_counts(period)["members"]


@scan
@kept
def _member_counts(period: Period) -> dict:
    """The members and the distinct municipalities their memberships list, in one scan."""
    return _paid_memberships(period).aggregate(
        members=Count("organisation", distinct=True),
        municipalities=Count("municipalities", distinct=True),
    )


@figure(
    "municipalities_represented",
    area="network",
    unit=Unit.COUNT,
    headline=True,
    label=_("Municipalities represented"),
    definition=_("Distinct municipalities those memberships represent."),
    rule="distinct municipalities listed on those memberships",
)
def municipalities_represented(period: Period) -> int:
    return _member_counts(period)["municipalities"]


@figure(
    "contacts",
    area="network",
    unit=Unit.COUNT,
    label=_("Contacts"),
    definition=_("Contact people of the member organisations today (not dated)."),
    rule="contacts of organisations (current, not dated)",
)
def contacts(period: Period) -> int:
    return _contact_counts(period)["contacts"]


@scan
@kept
def _contact_counts(period: Period) -> dict:
    """The contacts and the distinct organisations they are of, in one scan."""
    return Contact.objects.aggregate(
        contacts=Count("pk"), organisations=Count("organisation", distinct=True)
    )


@figure(
    "contact_organisations",
    area="network",
    unit=Unit.COUNT,
    label=_("Organisations with contacts"),
    definition=_("Distinct organisations that have contact people."),
    rule="distinct organisations that have contacts",
)
def contact_organisations(period: Period) -> int:
    return _contact_counts(period)["organisations"]
