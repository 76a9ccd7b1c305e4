"""A registration cancelled or moved to another place, and the waitlist moving up into the
seats that frees: the first in line at the place gets them and is told by e-mail."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system

from ..enums import RegistrationStatus
from ..models import Registration
from .mail import queue_registration_mail
from .seats import Place, free_seats, lock_places, take_seats, validate_place


def _promote_waitlist(
    course_id: int, place: Place, rows: list[int], *, base_url: str
) -> list[Registration]:
    """Give free seats of a place to the waitlist in order; the place is locked already."""
    promoted: list[Registration] = []
    while True:
        candidate = (
            Registration.objects.select_for_update()
            .filter(course_id=course_id, status=RegistrationStatus.WAITLISTED)
            .at_place(site_id=place.site_id, remote=place.remote)
            .order_by("created", "pk")
            .first()
        )
        if candidate is None or not take_seats(place=place, row_ids=rows):
            return promoted
        candidate.status = RegistrationStatus.REGISTERED
        candidate.promoted_at = timezone.now()
        candidate.save(update_fields=["status", "promoted_at"])
        queue_registration_mail(candidate, base_url=base_url, kind="promoted")
        promoted.append(candidate)


@dataclass
class CancelResult:
    registration: Registration
    cancelled: bool
    promoted: list[Registration] = field(default_factory=list)


@transaction.atomic
def registration_cancel(
    *, registration: Registration, base_url: str, actor: Actor = None
) -> CancelResult:
    """Cancel a registration (by its link, or by staff), free its seats and give them to
    the first in line at the same place, who is told by e-mail. Cancelling twice is a no-op."""
    if actor is not None:
        require_unless_system(actor, "participants.manage_course", registration.course)
    place = Place.of(registration)
    rows = lock_places(registration.course_id, place).get(place, [])
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        return CancelResult(current, False)
    held_seats = current.status == RegistrationStatus.REGISTERED
    current.status = RegistrationStatus.CANCELLED
    current.cancelled_at = timezone.now()
    current.save(update_fields=["status", "cancelled_at"])
    promoted: list[Registration] = []
    if held_seats and place.is_set:
        free_seats(place=place, row_ids=rows)
        promoted = _promote_waitlist(current.course_id, place, rows, base_url=base_url)
    return CancelResult(current, True, promoted)


@transaction.atomic
def registration_move(
    *, actor: Actor, registration: Registration, place: Place, base_url: str
) -> Registration:
    """Move a registration to another place (staff): its seats at the old place are freed
    (and given to that waitlist), and it takes seats at the new place or joins its waitlist."""
    require_unless_system(actor, "participants.manage_course", registration.course)
    course = registration.course
    validate_place(course=course, place=place)
    old = Place.of(registration)
    if old == place:
        return registration
    rows = lock_places(course.pk, old, place)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("A cancelled registration cannot be moved."))
    held_seats = current.status == RegistrationStatus.REGISTERED and old.is_set
    if held_seats:
        free_seats(place=old, row_ids=rows[old])
    seated = take_seats(place=place, row_ids=rows[place])
    current.site_id, current.remote = place.site_id, place.remote
    if seated:
        current.status = RegistrationStatus.REGISTERED
    else:
        current.status = RegistrationStatus.WAITLISTED
        current.created = timezone.now()  # last in line at the new place
    current.save(update_fields=["site", "remote", "status", "created"])
    if held_seats:
        _promote_waitlist(course.pk, old, rows[old], base_url=base_url)
    return current


@transaction.atomic
def waitlist_fill(
    *, actor: Actor, course: Course, place: Place, base_url: str
) -> list[Registration]:
    """Give free seats (e.g. after the capacity was raised) to the waitlist of a place."""
    require_unless_system(actor, "participants.manage_course", course)
    rows = lock_places(course.pk, place).get(place, [])
    return _promote_waitlist(course.pk, place, rows, base_url=base_url)
