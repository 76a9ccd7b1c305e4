"""Participant reporting to a funder: participants of the project's courses with their
attendance hours per month. Only the fields a funder needs; personal identity numbers only
for projects whose funder requires them, decrypted here and logged as an access each."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kompetensnav.common.permissions import require
from kompetensnav.common.validators import normalise_personal_identity_number
from kompetensnav.interchange.spreadsheet import Column
from kompetensnav.participants.models import Attendance, Participant

from .cofinancing import months_between
from .crypto import encrypt
from .models import IdentityNumber, Project


def project_participants(project: Project):
    """Participants with an active registration or attendance in the project's courses."""
    return (
        Participant.objects.filter(
            Q(registrations__course__project=project, registrations__status="registered")
            | Q(attendances__session__course__project=project)
        )
        .distinct()
        .select_related("employer", "identity_number")
        .order_by("full_name", "pk")
    )


def _hours(value: Decimal) -> Decimal:
    """Hours as the same number on every database (a CSV writes 3, 2.5, 12.25)."""
    return Decimal(value).normalize()


def participant_report(*, actor, project: Project) -> tuple[list[str | Column], list[list]]:
    """(header, rows) with hours per month of the project period."""
    require(actor, "projects.report_participants", project)
    hours: dict[int, dict] = defaultdict(dict)
    rows = (
        Attendance.objects.filter(session__course__project=project, hours__gt=0)
        .annotate(month=TruncMonth("session__start"))
        .values("participant", "month")
        .annotate(hours=Sum("hours"))
    )
    months_seen = set()
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        hours[row["participant"]][month] = row["hours"]
        months_seen.add(month)
    if project.start and project.end:
        months = months_between(project.start, project.end)
    else:
        months = sorted(months_seen)
    with_numbers = project.requires_identity_numbers
    header: list[str | Column] = [_("Participant id"), _("Name")]
    if with_numbers:
        header.append(_("Personal identity number"))
    header += [_("Gender"), _("Employer"), _("Employer's organisation number")]
    header += [Column(date_format(m, "Y-m"), total=True) for m in months]
    header.append(Column(_("Hours in total"), total=True))
    table = []
    for person in project_participants(project):
        per_month = hours.get(person.pk, {})
        row = [person.external_id or f"kn-participants-{person.pk}", person.full_name]
        if with_numbers:
            identity = getattr(person, "identity_number", None)
            row.append(identity.reveal() if identity else "")
        row += [
            person.gender,
            person.employer.name if person.employer else "",
            person.employer.org_number if person.employer else "",
        ]
        row += [_hours(per_month.get(m, Decimal(0))) for m in months]
        row.append(_hours(sum(per_month.values(), Decimal(0))))
        table.append(row)
    return header, table


@transaction.atomic
def identity_number_set(*, actor, project: Project, participant, number: str) -> IdentityNumber:
    require(actor, "projects.report_participants", project)
    if not project.requires_identity_numbers:
        raise ValidationError(_("The project's funder does not require personal identity numbers."))
    if not project_participants(project).filter(pk=participant.pk).exists():
        raise PermissionDenied
    normalised = normalise_personal_identity_number(number)
    identity, _created = IdentityNumber.objects.update_or_create(
        participant=participant,
        defaults={"personal_identity_number": encrypt(normalised), "last_digits": normalised[-2:]},
    )
    return identity
