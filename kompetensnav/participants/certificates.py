"""Certificates of attendance as PDF (WeasyPrint): one page per participant and course,
with the course, the provider, the dates (first–last session attended) and the hours."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kompetensnav.campus.models import Course

from .models import Participant
from .selectors import attendance_visible


@dataclass
class Certificate:
    participant: Participant
    course: Course
    course_title: str
    hours: Decimal
    sessions: int
    first: date
    last: date


def certificates(
    *,
    actor=None,
    participants=None,
    course: Course | None = None,
    employer=None,
    start: date | None = None,
    end: date | None = None,
    language: str = "sv",
) -> list[Certificate]:
    """Certificates for every (participant, course) with attended hours that the actor may
    see, narrowed by the arguments: a receiving site gets those of the people registered at
    its site only (selectors.attendance_visible). actor None is the system: the participant's
    own link. Only sessions that have begun count: hours marked ahead of a session (as could
    happen before attendance was refused for them) are no hours attended. Aggregated in the
    database: three queries whatever the number of pages."""
    qs = attendance_visible(actor=actor).filter(hours__gt=0, session__start__lte=timezone.now())
    if participants is not None:
        qs = qs.filter(participant__in=participants)
    if course is not None:
        qs = qs.filter(session__course=course)
    if employer is not None:
        qs = qs.filter(participant__employer=employer)
    if start:
        qs = qs.filter(session__start__date__gte=start)
    if end:
        qs = qs.filter(session__start__date__lte=end)
    rows = list(
        qs.values("participant_id", "session__course_id").annotate(
            hours=Sum("hours"),
            sessions=Count("pk"),
            first=Min("session__start"),
            last=Max("session__start"),
        )
    )
    people = Participant.objects.in_bulk({r["participant_id"] for r in rows})
    courses = Course.objects.select_related("provider").in_bulk(
        {r["session__course_id"] for r in rows}
    )
    result = [
        Certificate(
            participant=people[r["participant_id"]],
            course=courses[r["session__course_id"]],
            course_title=courses[r["session__course_id"]].title(language),
            hours=r["hours"],
            sessions=r["sessions"],
            first=timezone.localtime(r["first"]).date(),
            last=timezone.localtime(r["last"]).date(),
        )
        for r in rows
    ]
    return sorted(result, key=lambda c: (c.participant.full_name.lower(), c.first, c.course.pk))


def certificates_pdf(items: list[Certificate], *, language: str = "sv") -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    with translation.override(language):
        html = render_to_string(
            "participants/certificate_pdf.html",
            {"certificates": items, "issued": timezone.localdate()},
        )
    return HTML(string=html).write_pdf()
