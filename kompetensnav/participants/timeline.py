"""Participants' part of a company's timeline (companies/timeline.py): per course, when the
company's employees registered and how many hours they attended, as counts only (the
company page is shared across the network: never a name)."""

from collections.abc import Iterable

from django.db.models import Count, Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from kompetensnav.common.actor import Actor
from kompetensnav.common.templatetags.swedish import format_hours
from kompetensnav.companies.models import Company
from kompetensnav.companies.timeline import Entry

from .enums import RegistrationStatus
from .figures import attended
from .models import Registration


def employees_on_courses(actor: Actor, company: Company) -> Iterable[Entry]:
    registrations = (
        Registration.objects.filter(participant__employer=company)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("course_id", "course__title_sv")
        .annotate(first=Min("registered"), people=Count("participant", distinct=True))
    )
    for row in registrations:
        yield Entry(
            when=row["first"],
            kind=gettext_lazy("Registrations"),
            text=ngettext(
                "%(count)s employee registered for %(course)s",
                "%(count)s employees registered for %(course)s",
                row["people"],
            )
            % {"count": row["people"], "course": row["course__title_sv"]},
        )
    presence = (
        attended()
        .filter(participant__employer=company)
        .values("session__course_id", "session__course__title_sv")
        .annotate(
            last=Max("session__start"),
            people=Count("participant", distinct=True),
            total=Sum("hours"),
        )
    )
    for row in presence:
        yield Entry(
            when=timezone.localdate(row["last"]),
            kind=gettext_lazy("Attendance"),
            text=ngettext(
                "%(count)s employee attended %(course)s: %(hours)s hours",
                "%(count)s employees attended %(course)s: %(hours)s hours",
                row["people"],
            )
            % {
                "count": row["people"],
                "course": row["session__course__title_sv"],
                "hours": format_hours(row["total"]),
            },
        )
