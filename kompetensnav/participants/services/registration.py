"""Registering a person for a course at a place: a seat in every session of the place, or
its waitlist. Staff, the public form (through `confirmation`) and the demo come here."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Organisation

from ..enums import Gender, RegistrationStatus
from ..models import Registration
from .mail import queue_registration_mail
from .people import participant_for
from .seats import Place, lock_places, take_seats, validate_place, waitlist_position


def course_open_for_registration(course: Course) -> bool:
    return (
        course.status == CourseStatus.PUBLISHED
        and course.sessions.filter(start__gt=timezone.now()).exists()
    )


@dataclass
class RegistrationResult:
    registration: Registration
    created: bool
    position: int | None = None


def registration_create(
    *,
    course: Course,
    full_name: str,
    email: str,
    place: Place,
    gender: str = "",
    employer: Company | None = None,
    organisation: Organisation | None = None,
    language: str = "sv",
    base_url: str,
    actor: Actor = None,
    consent: bool = True,
) -> RegistrationResult:
    """Register a person for a course at a place: a seat in every session of the place, or
    the place's waitlist when one of them is full (or others are already waiting). The same
    e-mail registering again for the course gets the registration it already has."""
    if actor is not None:
        require_unless_system(actor, "participants.manage_course", course)
    elif not course_open_for_registration(course):
        raise ValidationError(_("This course is not open for registration."))
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Choose one of the options.")})
    validate_place(course=course, place=place)
    with transaction.atomic():
        participant = participant_for(
            email=email,
            full_name=full_name.strip(),
            gender=gender,
            employer=employer,
            organisation=organisation,
        )
        rows = lock_places(course.pk, place)[place]
        existing = Registration.objects.active().filter(participant=participant, course=course)
        if (found := existing.first()) is not None:
            return RegistrationResult(found, False, waitlist_position(found))
        others_waiting = (
            Registration.objects.filter(course=course, status=RegistrationStatus.WAITLISTED)
            .at_place(site_id=place.site_id, remote=place.remote)
            .exists()
        )
        try:
            with transaction.atomic():
                seated = not others_waiting and take_seats(place=place, row_ids=rows)
                registration = Registration.objects.create(
                    participant=participant,
                    course=course,
                    site_id=place.site_id,
                    remote=place.remote,
                    status=(
                        RegistrationStatus.REGISTERED if seated else RegistrationStatus.WAITLISTED
                    ),
                    consent_at=timezone.now() if consent else None,
                    language=language if language in ("sv", "en") else "sv",
                )
        except IntegrityError:
            # registered at the same moment for another place: keep the first
            found = existing.get()
            return RegistrationResult(found, False, waitlist_position(found))
        queue_registration_mail(registration, base_url=base_url, kind="confirmation")
        return RegistrationResult(registration, True, waitlist_position(registration))
