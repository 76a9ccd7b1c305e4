"""A registration cancelled or moved to another place, and the waitlist moving up into the
seats that frees: the first in line at the place gets them and is told by e-mail.

A place given from the waitlist is an offer: the seats are held for the person until
`offer_expires` (PARTICIPANTS_OFFER_HOURS, 48 hours by default), and the e-mail has a link
to accept it. An offer not accepted in time lapses (`manage.py expire_waitlist_offers`, or
the person's own late click): the registration is cancelled and the place offered to the
next in line. When the course starts before the window would end there is no time to wait:
the place is given outright, as before offers existed."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course, Session
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system

from ..enums import RegistrationStatus
from ..models import Registration
from .mail import queue_registration_mail
from .seats import Place, free_seats, lock_places, take_seats, validate_place

DEFAULT_OFFER_HOURS = 48


def offer_hours() -> int:
    return int(getattr(settings, "PARTICIPANTS_OFFER_HOURS", DEFAULT_OFFER_HOURS))


def _offer_deadline(course_id: int, now: datetime) -> datetime | None:
    """Until when a place from the waitlist is held; None: given outright (no window set,
    or the course's next session starts before the window would end)."""
    hours = offer_hours()
    if hours <= 0:
        return None
    deadline = now + timedelta(hours=hours)
    next_start = (
        Session.objects.filter(course_id=course_id, start__gt=now)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    if next_start is None or next_start <= deadline:
        return None
    return deadline


def _promote_waitlist(
    course_id: int, place: Place, rows: list[int], *, base_url: str
) -> list[Registration]:
    """Give free seats of a place to the waitlist in order (as offers to accept while the
    course is far enough away); the place is locked already."""
    promoted: list[Registration] = []
    now = timezone.now()
    deadline = _offer_deadline(course_id, now)
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
        candidate.promoted_at = now
        candidate.offer_expires = deadline
        candidate.save(update_fields=["status", "promoted_at", "offer_expires"])
        queue_registration_mail(
            candidate, base_url=base_url, kind="offered" if deadline else "promoted"
        )
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
    current.offer_expires = None  # an offer declined, not lapsed
    current.save(update_fields=["status", "cancelled_at", "offer_expires"])
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
    current.offer_expires = None  # staff settled the place
    if seated:
        current.status = RegistrationStatus.REGISTERED
    else:
        current.status = RegistrationStatus.WAITLISTED
        current.promoted_at = None
        current.created = timezone.now()  # last in line at the new place
    current.save(
        update_fields=["site", "remote", "status", "created", "offer_expires", "promoted_at"]
    )
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


def _lapse(
    current: Registration, place: Place, rows: list[int], *, now: datetime, base_url: str
) -> list[Registration]:
    """An offer not accepted in time: cancelled, and its place offered to the next in line.
    The registration is locked, and so is its place."""
    current.status = RegistrationStatus.CANCELLED
    current.cancelled_at = now
    current.save(update_fields=["status", "cancelled_at"])
    queue_registration_mail(current, base_url=base_url, kind="lapsed")
    if not place.is_set:
        return []
    free_seats(place=place, row_ids=rows)
    return _promote_waitlist(current.course_id, place, rows, base_url=base_url)


@transaction.atomic
def offer_accept(*, registration: Registration, base_url: str) -> Registration:
    """The participant accepts the place offered from the waitlist (by the link in the
    e-mail). Accepting twice, or a place that was never an offer, changes nothing; a click
    after the deadline lapses the offer (the returned registration is cancelled)."""
    place = Place.of(registration)
    rows = lock_places(registration.course_id, place).get(place, [])
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if not current.offer_open:
        return current
    now = timezone.now()
    assert current.offer_expires is not None  # an open offer has its deadline
    if current.offer_expires <= now:
        _lapse(current, place, rows, now=now, base_url=base_url)
        return current
    current.offer_expires = None
    current.save(update_fields=["offer_expires"])
    return current


@dataclass
class ExpiryResult:
    lapsed: list[Registration] = field(default_factory=list)
    offered: list[Registration] = field(default_factory=list)


def offers_expire(*, base_url: str = "", dry_run: bool = False) -> ExpiryResult:
    """Lapse every offer from the waitlist whose time ran out and offer those places to
    the next in line (one transaction per offer, so one failure keeps the others)."""
    now = timezone.now()
    result = ExpiryResult()
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED, offer_expires__lte=now
    ).order_by("offer_expires", "pk")
    if dry_run:
        result.lapsed = list(due.select_related("participant", "course"))
        return result
    for registration in list(due):
        with transaction.atomic():
            place = Place.of(registration)
            rows = lock_places(registration.course_id, place).get(place, [])
            current = Registration.objects.select_for_update().get(pk=registration.pk)
            if (
                not current.offer_open
                or current.offer_expires is None
                or current.offer_expires > now
            ):
                continue  # accepted or cancelled meanwhile
            result.offered += _lapse(current, place, rows, now=now, base_url=base_url)
            result.lapsed.append(current)
    return result
