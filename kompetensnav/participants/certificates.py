"""Certificates of attendance as PDF (WeasyPrint): one page per participant and course,
with the course, the provider, the dates (first–last session attended) and the hours.

Each certificate carries a verification code, `<participant id>-<course id>-<check>`, the
check a keyed hash (the site's SECRET_KEY) of the two ids and the hours. Anyone holding the
certificate (an employer) can enter it on the public verification page, which confirms the
person, the course and the hours as recorded now. A code that matches nothing recorded now, a
made-up one or one whose hours were corrected since, gets one answer, so that guessing ids
tells nobody who took part in what."""

import base64
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

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

    @property
    def code(self) -> str:
        return verification_code(self.participant.pk, self.course.pk, self.hours)

    @property
    def verify_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("registration:verify")


VERIFY_SALT = "kompetensnav.participants.certificate"


def _check(participant_id: int, course_id: int, hours: Decimal) -> str:
    digest = salted_hmac(
        VERIFY_SALT,
        f"{participant_id}:{course_id}:{Decimal(hours).quantize(Decimal('0.01'))}",
        algorithm="sha256",
    ).digest()
    return base64.b32encode(digest[:5]).decode("ascii")  # 8 letters and digits


def verification_code(participant_id: int, course_id: int, hours: Decimal) -> str:
    return f"{participant_id}-{course_id}-{_check(participant_id, course_id, hours)}"


@dataclass
class Verification:
    """What a verification code says: "valid" (with the certificate as recorded now) or
    "unknown" (nothing recorded now matches it)."""

    status: str
    certificate: Certificate | None = None


def verify(code: str, *, language: str = "sv") -> Verification:
    parts = "".join(code.split()).upper().split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return Verification("unknown")
    if len(parts[0]) > 18 or len(parts[1]) > 18:
        return Verification("unknown")
    participant_id, course_id, check = int(parts[0]), int(parts[1]), parts[2]
    people = Participant.objects.filter(pk=participant_id)
    course = Course.objects.filter(pk=course_id).first()
    found = (
        certificates(participants=people, course=course, language=language)
        if course is not None
        else []
    )
    if not found:
        return Verification("unknown")
    certificate = found[0]
    if constant_time_compare(_check(participant_id, course_id, certificate.hours), check):
        return Verification("valid", certificate)
    return Verification("unknown")


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
