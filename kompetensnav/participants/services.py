"""Writes of participants, registrations and attendance. The public form, the staff pages,
the importer and the demo all come here.

Seats and concurrency. A registration at a place (a receiving site, or remote) takes one seat
in every session of the course at that place. The seat rows of a place are locked first, in
primary-key order (SessionSite rows, then Session rows for remote places), so that
registrations, cancellations, promotions and moves of one place queue up behind each other
and two transactions never wait for each other in a circle (no deadlocks). Each seat is then
taken with a guarded UPDATE (`seats_taken = seats_taken + 1 WHERE seats_taken < capacity`);
if one session of the place is full, the seats taken so far are rolled back (a savepoint) and
the registration goes on the waitlist. campus's CHECK constraints (taken ≤ capacity) are the
last line: an overbooking is impossible even if this code were wrong.

E-mails are queued with common.mail.queue_email, which sends them from the task worker after
the commit: a failing mail server never loses a registration."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.ical import calendar_for_sessions
from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.common.mail import queue_email
from kompetensnav.common.permissions import require_unless_system

from . import selectors
from .enums import Gender, RegistrationStatus
from .models import Attendance, Participant, PendingRegistration, Registration

CANCEL_SALT = "kompetensnav.participants.cancel"
CERTIFICATE_SALT = "kompetensnav.participants.certificate"
CALENDAR_SALT = "kompetensnav.participants.calendar"
CONFIRM_SALT = "kompetensnav.participants.confirm"
CONFIRM_MAX_AGE = timedelta(hours=48)


# --- places and seats ---------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a participant follows the course: a receiving site, or remotely."""

    site_id: int | None = None
    remote: bool = False

    @classmethod
    def of(cls, registration: Registration) -> "Place":
        return cls(site_id=registration.site_id, remote=registration.remote)

    @property
    def is_set(self) -> bool:
        return self.remote or self.site_id is not None

    @property
    def key(self) -> str:
        """The form value: "remote" or the site's organisation id."""
        return "remote" if self.remote else str(self.site_id)

    @classmethod
    def from_key(cls, value: str) -> "Place":
        if value == "remote":
            return cls(remote=True)
        return cls(site_id=int(value))


class _Full(Exception):
    pass


def _seat_model(place: Place):
    if place.remote:
        return Session, "remote_taken", "remote_capacity"
    return SessionSite, "seats_taken", "capacity"


def _seat_rows(course_id: int, place: Place):
    if place.remote:
        return Session.objects.filter(course_id=course_id, remote_capacity__gt=0)
    return SessionSite.objects.filter(session__course_id=course_id, organisation_id=place.site_id)


def _lock_places(course_id: int, *places: Place) -> dict[Place, list[int]]:
    """Lock the seat rows of the places (SessionSite rows, then Session rows, each in pk
    order) and return their ids per place."""
    ids = {
        place: sorted(_seat_rows(course_id, place).values_list("pk", flat=True))
        for place in places
        if place.is_set
    }
    site_ids = sorted({pk for place, pks in ids.items() if not place.remote for pk in pks})
    session_ids = sorted({pk for place, pks in ids.items() if place.remote for pk in pks})
    if site_ids:
        list(
            SessionSite.objects.select_for_update()
            .filter(pk__in=site_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    if session_ids:
        list(
            Session.objects.select_for_update()
            .filter(pk__in=session_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return ids


def _take_seats(place: Place, row_ids: list[int]) -> bool:
    """Take one seat in every row, or none: False when a session of the place is full."""
    model, taken, capacity = _seat_model(place)
    try:
        with transaction.atomic():
            for pk in row_ids:
                updated = model.objects.filter(pk=pk, **{f"{taken}__lt": F(capacity)}).update(
                    **{taken: F(taken) + 1}
                )
                if updated != 1:
                    raise _Full
    except _Full:
        return False
    return True


def _free_seats(place: Place, row_ids: list[int]) -> None:
    model, taken, _capacity = _seat_model(place)
    model.objects.filter(pk__in=row_ids, **{f"{taken}__gt": 0}).update(**{taken: F(taken) - 1})


@dataclass
class PlaceOption:
    place: Place
    name: str
    free: int
    capacity: int
    sessions: int

    @property
    def full(self) -> bool:
        return self.free <= 0


def place_options(course: Course) -> list[PlaceOption]:
    """The places of a course with the seats still free in all its sessions (two queries)."""
    from django.db.models import Count, Min

    options = [
        PlaceOption(
            place=Place(site_id=row["organisation_id"]),
            name=row["organisation__name"],
            free=max(row["free"], 0),
            capacity=row["capacity"],
            sessions=row["sessions"],
        )
        for row in SessionSite.objects.filter(session__course=course)
        .values("organisation_id", "organisation__name")
        .annotate(
            free=Min(F("capacity") - F("seats_taken")),
            capacity=Min("capacity"),
            sessions=Count("pk"),
        )
        .order_by("organisation__name")
    ]
    remote = Session.objects.filter(course=course, remote_capacity__gt=0).aggregate(
        free=Min(F("remote_capacity") - F("remote_taken")),
        capacity=Min("remote_capacity"),
        sessions=Count("pk"),
    )
    if remote["sessions"]:
        options.append(
            PlaceOption(
                place=Place(remote=True),
                name=_("Remote"),
                free=max(remote["free"], 0),
                capacity=remote["capacity"],
                sessions=remote["sessions"],
            )
        )
    return options


def course_open_for_registration(course: Course) -> bool:
    return (
        course.status == CourseStatus.PUBLISHED
        and course.sessions.filter(start__gt=timezone.now()).exists()
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line at the registration's place; None when not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            course_id=registration.course_id, status=RegistrationStatus.WAITLISTED
        )
        .at_place(site_id=registration.site_id, remote=registration.remote)
        .filter(
            Q(created__lt=registration.created)
            | Q(created=registration.created, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


# --- tokens for the public links ----------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT, compress=True)


def registration_from_cancel_token(token: str) -> Registration:
    """Raises Registration.DoesNotExist for a bad or unknown token."""
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        raise Registration.DoesNotExist from None
    return Registration.objects.select_related("course__provider", "participant", "site").get(pk=pk)


def certificate_token(*, participant_id: int, course_id: int) -> str:
    return signing.dumps([participant_id, course_id], salt=CERTIFICATE_SALT, compress=True)


def certificate_from_token(token: str) -> tuple[int, int]:
    """(participant id, course id). Raises signing.BadSignature for a bad token."""
    participant_id, course_id = signing.loads(token, salt=CERTIFICATE_SALT)
    return int(participant_id), int(course_id)


def calendar_token(participant_id: int) -> str:
    """The participant's personal calendar feed: a signed id, without expiry, so that a
    calendar program can keep the subscription."""
    return signing.dumps(participant_id, salt=CALENDAR_SALT, compress=True)


def participant_from_calendar_token(token: str) -> int:
    """Raises signing.BadSignature for a bad token."""
    return int(signing.loads(token, salt=CALENDAR_SALT))


def participant_sessions(participant_id: int):
    """(sessions, {session id: the participant's receiving site}) of the courses the
    participant is registered for (not waitlisted or cancelled)."""
    registrations = list(
        Registration.objects.filter(
            participant_id=participant_id, status=RegistrationStatus.REGISTERED
        ).values_list("course_id", "site_id")
    )
    site_of = dict(registrations)
    sessions = list(
        Session.objects.filter(course_id__in=site_of)
        .select_related("course", "sending_site")
        .prefetch_related("sites__organisation")
        .order_by("start")
    )
    sites = {}
    for session in sessions:
        for site in session.sites.all():
            if site.organisation_id == site_of.get(session.course_id):
                sites[session.pk] = site
    return sessions, sites


# --- e-mail --------------------------------------------------------------------------------


def _links(registration: Registration, base_url: str) -> dict[str, str]:
    base = base_url.rstrip("/")
    return {
        "cancel_link": base
        + reverse("registration:cancel", kwargs={"token": cancel_token(registration)}),
        "certificate_link": base
        + reverse(
            "registration:certificate",
            kwargs={
                "token": certificate_token(
                    participant_id=registration.participant_id, course_id=registration.course_id
                )
            },
        ),
        "calendar_link": base
        + reverse(
            "registration:calendar",
            kwargs={"token": calendar_token(registration.participant_id)},
        ),
    }


def _queue_registration_mail(registration: Registration, *, base_url: str, kind: str) -> None:
    """kind: "confirmation" (registered or waitlisted) or "promoted"."""
    if not registration.participant.email:
        return
    language = registration.language or "sv"
    with translation.override(language):
        course = registration.course
        sessions = list(
            course.sessions.select_related("course", "sending_site")
            .prefetch_related("sites__organisation")
            .order_by("start")
        )
        context = {
            "registration": registration,
            "participant": registration.participant,
            "course_title": course.title(language),
            "provider": course.provider.name,
            "place": registration.site.name if registration.site_id else _("Remote"),
            "sessions": sessions,
            "position": waitlist_position(registration),
            "kind": kind,
            **_links(registration, base_url),
        }
        attachments = []
        if registration.status == RegistrationStatus.REGISTERED and sessions:
            ics = calendar_for_sessions(sessions, name=course.title(language), language=language)
            attachments.append(("kurs.ics", ics.decode("utf-8"), "text/calendar"))
        if kind == "promoted":
            subject = _("You have a place on %(course)s") % {"course": course.title(language)}
        elif registration.status == RegistrationStatus.WAITLISTED:
            subject = _("You are on the waitlist for %(course)s") % {
                "course": course.title(language)
            }
        else:
            subject = _("Registration confirmed: %(course)s") % {"course": course.title(language)}
        queue_email(
            subject=subject,
            body=render_to_string("participants/email/registration.txt", context),
            to=[registration.participant.email],
            attachments=attachments,
        )


# --- participants ---------------------------------------------------------------------------


def _participant_with_email(email: str):
    """The participant with this e-mail address (stored lower-cased), by the index on
    lower(email)."""
    if not email:
        return None
    return Participant.objects.alias(email_ci=Lower("email")).filter(email_ci=email).first()


def _participant_for(
    *, email: str, full_name: str, gender: str, employer, organisation=None, update: bool = False
) -> Participant:
    """The participant with this e-mail (case-insensitive), or a new one. Safe when the same
    person registers twice at the same moment. What is stored about a known person is changed
    only with `update`, i.e. when the person has proved that the address is theirs (the
    confirmation link) or staff act for them: a form typed by anyone never rewrites them."""
    email = email.strip().lower()
    participant = _participant_with_email(email)
    if participant is None:
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    email=email,
                    full_name=full_name,
                    gender=gender,
                    employer=employer,
                    organisation=organisation,
                )
        except IntegrityError:
            participant = _participant_with_email(email)
    if not update:
        return participant
    changed = []
    for name, value in (("full_name", full_name), ("gender", gender), ("employer", employer)):
        if value and getattr(participant, name) != value:
            setattr(participant, name, value)
            changed.append(name)
    if changed:
        participant.save(update_fields=changed)
    return participant


def employer_lookup(*, org_number: str, name: str, create: bool = True):
    """The employer a person names on the public form: the company with the organisation
    number, a new company (number and name), or the only company of that name. None when
    both are empty (taking part privately). With `create` False nothing is written: the
    input is only checked, and a company that would be new gives None."""
    from kompetensnav.companies.models import Company
    from kompetensnav.companies.services import company_find_or_create

    name = (name or "").strip()
    if not org_number and not name:
        return None
    if org_number:
        existing = Company.objects.filter(org_number=org_number).first()
        if existing is not None:
            return existing
        if not name:
            raise ValidationError(
                {"employer_name": _("This organisation number is new to us: give the name too.")}
            )
        if not create:
            return None
        company, _created = company_find_or_create(name=name, org_number=org_number)
        return company
    matches = list(Company.objects.filter(name__iexact=name)[:2])
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        {
            "employer_org_number": _(
                "Give your employer's organisation number too, so that we find the right company."
            )
        }
    )


# --- registrations --------------------------------------------------------------------------


@dataclass
class RegistrationResult:
    registration: Registration
    created: bool
    position: int | None = None


def _validate_place(course: Course, place: Place) -> None:
    if not place.is_set or not _seat_rows(course.pk, place).exists():
        raise ValidationError({"place": _("Choose one of the places offered for this course.")})


def registration_create(
    *,
    course: Course,
    full_name: str,
    email: str,
    place: Place,
    gender: str = "",
    employer=None,
    organisation=None,
    language: str = "sv",
    base_url: str,
    actor=None,
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
    _validate_place(course, place)
    with transaction.atomic():
        participant = _participant_for(
            email=email,
            full_name=full_name.strip(),
            gender=gender,
            employer=employer,
            organisation=organisation,
        )
        rows = _lock_places(course.pk, place)[place]
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
                seated = not others_waiting and _take_seats(place, rows)
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
        _queue_registration_mail(registration, base_url=base_url, kind="confirmation")
        return RegistrationResult(registration, True, waitlist_position(registration))


# --- public registration: identity by e-mail is proven before a known person changes ----


@dataclass
class RegistrationRequest:
    """What the public form led to: a registration now (an address new to us), or a request
    waiting for the link sent to the address (an address we know)."""

    result: RegistrationResult | None = None
    pending: PendingRegistration | None = None


def confirm_token(pending: PendingRegistration) -> str:
    return signing.dumps(pending.pk, salt=CONFIRM_SALT)


class ConfirmLinkExpired(Exception):
    pass


def pending_from_confirm_token(token: str) -> PendingRegistration:
    """Raises PendingRegistration.DoesNotExist for a forged or unknown link and
    ConfirmLinkExpired for one older than CONFIRM_MAX_AGE."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ConfirmLinkExpired from None
    except (signing.BadSignature, ValueError, TypeError):
        raise PendingRegistration.DoesNotExist from None
    return PendingRegistration.objects.select_related("course", "site").get(pk=pk)


def _queue_confirm_mail(pending: PendingRegistration, *, base_url: str) -> None:
    language = pending.language or "sv"
    with translation.override(language):
        course_title = pending.course.title(language)
        link = base_url.rstrip("/") + reverse(
            "registration:confirm", kwargs={"token": confirm_token(pending)}
        )
        context = {
            "course_title": course_title,
            "place": pending.site.name if pending.site_id else _("Remote"),
            "confirm_link": link,
            "hours": int(CONFIRM_MAX_AGE.total_seconds() // 3600),
        }
        queue_email(
            subject=_("Confirm your registration: %(course)s") % {"course": course_title},
            body=render_to_string("participants/email/confirm_registration.txt", context),
            to=[pending.email],
        )


def registration_request(
    *,
    course: Course,
    full_name: str,
    email: str,
    place: Place,
    gender: str = "",
    employer_org_number: str = "",
    employer_name: str = "",
    language: str = "sv",
    base_url: str,
) -> RegistrationRequest:
    """The public registration form. An e-mail address new to us registers at once. An
    address that a participant already has changes nothing and shows nothing: the request
    waits, and a link to confirm it goes to that address (see PendingRegistration)."""
    if not course_open_for_registration(course):
        raise ValidationError(_("This course is not open for registration."))
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Choose one of the options.")})
    _validate_place(course, place)
    email = email.strip().lower()
    language = language if language in ("sv", "en") else "sv"
    # only checks the employer fields: nothing is written for a request that waits
    employer_lookup(org_number=employer_org_number, name=employer_name, create=False)
    with transaction.atomic():
        PendingRegistration.objects.filter(created__lt=timezone.now() - CONFIRM_MAX_AGE).delete()
        if _participant_with_email(email) is not None:
            pending = PendingRegistration.objects.create(
                course=course,
                site_id=place.site_id,
                remote=place.remote,
                email=email,
                full_name=full_name.strip(),
                gender=gender,
                employer_org_number=employer_org_number,
                employer_name=employer_name.strip(),
                language=language,
            )
            _queue_confirm_mail(pending, base_url=base_url)
            return RegistrationRequest(pending=pending)
        employer = employer_lookup(org_number=employer_org_number, name=employer_name)
        result = registration_create(
            course=course,
            full_name=full_name,
            email=email,
            place=place,
            gender=gender,
            employer=employer,
            language=language,
            base_url=base_url,
        )
        return RegistrationRequest(result=result)


@transaction.atomic
def registration_confirm(*, pending: PendingRegistration, base_url: str) -> RegistrationResult:
    """The link sent to a known address was opened: the address's owner registers. Their name,
    gender and employer are updated from what they typed; a registration they already have
    for the course is kept, moved to the place now chosen, and confirmed again by e-mail.
    Opening the link twice registers once."""
    pending = (
        PendingRegistration.objects.select_for_update(of=("self",))
        .select_related("course", "registration")
        .get(pk=pending.pk)
    )
    if pending.registration is not None:
        found = pending.registration
        return RegistrationResult(found, False, waitlist_position(found))
    course = pending.course
    if not course_open_for_registration(course):
        raise ValidationError(_("This course is not open for registration any more."))
    place = Place(site_id=pending.site_id, remote=pending.remote)
    _validate_place(course, place)
    employer = employer_lookup(org_number=pending.employer_org_number, name=pending.employer_name)
    participant = _participant_for(
        email=pending.email,
        full_name=pending.full_name,
        gender=pending.gender,
        employer=employer,
        update=True,
    )
    existing = Registration.objects.active().filter(participant=participant, course=course).first()
    if existing is None:
        result = registration_create(
            course=course,
            full_name=pending.full_name,
            email=pending.email,
            place=place,
            gender=pending.gender,
            employer=employer,
            language=pending.language,
            base_url=base_url,
        )
    else:
        if Place.of(existing) != place:
            existing = registration_move(
                actor=None, registration=existing, place=place, base_url=base_url
            )
        _queue_registration_mail(existing, base_url=base_url, kind="confirmation")
        result = RegistrationResult(existing, False, waitlist_position(existing))
    pending.registration = result.registration
    pending.save(update_fields=["registration"])
    return result


def _promote_waitlist(
    course_id: int, place: Place, rows: list[int], *, base_url: str
) -> list[Registration]:
    """Give free seats of a place to the waitlist in order; the place is locked already."""
    promoted = []
    while True:
        candidate = (
            Registration.objects.select_for_update()
            .filter(course_id=course_id, status=RegistrationStatus.WAITLISTED)
            .at_place(site_id=place.site_id, remote=place.remote)
            .order_by("created", "pk")
            .first()
        )
        if candidate is None or not _take_seats(place, rows):
            return promoted
        candidate.status = RegistrationStatus.REGISTERED
        candidate.promoted_at = timezone.now()
        candidate.save(update_fields=["status", "promoted_at"])
        _queue_registration_mail(candidate, base_url=base_url, kind="promoted")
        promoted.append(candidate)


@dataclass
class CancelResult:
    registration: Registration
    cancelled: bool
    promoted: list[Registration] = field(default_factory=list)


@transaction.atomic
def registration_cancel(*, registration: Registration, base_url: str, actor=None) -> CancelResult:
    """Cancel a registration (by its link, or by staff), free its seats and give them to
    the first in line at the same place, who is told by e-mail. Cancelling twice is a no-op."""
    if actor is not None:
        require_unless_system(actor, "participants.manage_course", registration.course)
    place = Place.of(registration)
    rows = _lock_places(registration.course_id, place).get(place, [])
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        return CancelResult(current, False)
    held_seats = current.status == RegistrationStatus.REGISTERED
    current.status = RegistrationStatus.CANCELLED
    current.cancelled_at = timezone.now()
    current.save(update_fields=["status", "cancelled_at"])
    promoted = []
    if held_seats and place.is_set:
        _free_seats(place, rows)
        promoted = _promote_waitlist(current.course_id, place, rows, base_url=base_url)
    return CancelResult(current, True, promoted)


@transaction.atomic
def registration_move(
    *, actor, registration: Registration, place: Place, base_url: str
) -> Registration:
    """Move a registration to another place (staff): its seats at the old place are freed
    (and given to that waitlist), and it takes seats at the new place or joins its waitlist."""
    require_unless_system(actor, "participants.manage_course", registration.course)
    course = registration.course
    _validate_place(course, place)
    old = Place.of(registration)
    if old == place:
        return registration
    rows = _lock_places(course.pk, old, place)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("A cancelled registration cannot be moved."))
    held_seats = current.status == RegistrationStatus.REGISTERED and old.is_set
    if held_seats:
        _free_seats(old, rows[old])
    seated = _take_seats(place, rows[place])
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
def seats_recount(*, course: Course) -> list[Place]:
    """Set every seat counter of a course to the registered people at its place, e.g. after
    the campus app added a session to a course that already has registrations. A place with
    more people than a session's capacity is filled to the capacity and returned, so that
    staff can decide (the database never holds an overbooking)."""
    from django.db.models import Count

    overfull = []
    registered = Registration.objects.filter(course=course, status=RegistrationStatus.REGISTERED)
    per_site = dict(
        registered.filter(site__isnull=False)
        .values("site_id")
        .annotate(n=Count("pk"))
        .values_list("site_id", "n")
    )
    remote = registered.filter(remote=True).count()
    places = [Place(site_id=site_id) for site_id in per_site] + [Place(remote=True)]
    _lock_places(course.pk, *places)
    for row in SessionSite.objects.filter(session__course=course).order_by("pk"):
        count = per_site.get(row.organisation_id, 0)
        if count > row.capacity:
            overfull.append(Place(site_id=row.organisation_id))
        SessionSite.objects.filter(pk=row.pk).update(seats_taken=min(count, row.capacity))
    for session in Session.objects.filter(course=course).order_by("pk"):
        if remote > session.remote_capacity and session.remote_capacity:
            overfull.append(Place(remote=True))
        Session.objects.filter(pk=session.pk).update(
            remote_taken=min(remote, session.remote_capacity)
        )
    return list(dict.fromkeys(overfull))


@transaction.atomic
def waitlist_fill(*, actor, course: Course, place: Place, base_url: str) -> list[Registration]:
    """Give free seats (e.g. after the capacity was raised) to the waitlist of a place."""
    require_unless_system(actor, "participants.manage_course", course)
    rows = _lock_places(course.pk, place).get(place, [])
    return _promote_waitlist(course.pk, place, rows, base_url=base_url)


# --- attendance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceMark:
    participant_id: int
    present: bool
    hours: Decimal | None


class AttendanceErrors(ValidationError):
    """Errors per participant: {participant id: message}."""

    def __init__(self, errors: dict[int, str]):
        self.by_participant = errors
        super().__init__(list(errors.values()))


def validate_hours(hours: Decimal | None, session: Session, *, present: bool = True) -> Decimal:
    """The hours to store: 0 when absent, else within 0 < hours ≤ the session's hours."""
    if not present:
        return Decimal("0")
    if hours is None:
        return Decimal(session.hours)
    if hours < 0:
        raise ValidationError(_("Hours cannot be negative."))
    if hours > session.hours:
        raise ValidationError(
            _("At most %(hours)s hours: the session is not longer than that.")
            % {"hours": _format_hours(session.hours)}
        )
    if hours == 0:
        raise ValidationError(_("Give the hours attended, or mark the person as absent."))
    return hours


def _format_hours(value) -> str:
    from django.utils.formats import number_format

    return number_format(Decimal(value).normalize(), use_l10n=True)


@transaction.atomic
def attendance_save(
    *, actor, session: Session, marks: list[AttendanceMark], site_id: int | None = None
) -> int:
    """Save the attendance of a list in one go: present/absent and hours per participant.
    Everyone on the list must be registered for the course (at the site, when one is given).
    Raises AttendanceErrors with a message per participant; nothing is saved then."""
    require_unless_system(actor, "participants.take_attendance", session)
    # the session's hours as they are now, and kept so until this list is saved
    session = Session.objects.select_for_update().get(pk=session.pk)
    # only the people the actor may see: a receiving site marks its own participants only
    allowed = selectors.registrations_visible(actor=actor).filter(
        course_id=session.course_id, status=RegistrationStatus.REGISTERED
    )
    if site_id is not None:
        allowed = allowed.filter(site_id=site_id)
    allowed_ids = set(allowed.values_list("participant_id", flat=True))
    allowed_ids |= set(
        selectors.attendance_visible(actor=actor)
        .filter(session=session)
        .values_list("participant_id", flat=True)
    )
    errors: dict[int, str] = {}
    cleaned: dict[int, tuple[bool, Decimal]] = {}
    for mark in marks:
        if mark.participant_id not in allowed_ids:
            errors[mark.participant_id] = _("Not registered for this course.")
            continue
        try:
            cleaned[mark.participant_id] = (
                mark.present,
                validate_hours(mark.hours, session, present=mark.present),
            )
        except ValidationError as exc:
            errors[mark.participant_id] = " ".join(exc.messages)
    if errors:
        raise AttendanceErrors(errors)
    now = timezone.now()
    marked_by = actor if actor is not None and actor.is_authenticated else None
    sites = dict(
        Registration.objects.active()
        .filter(course_id=session.course_id, participant_id__in=cleaned)
        .values_list("participant_id", "site_id")
    )
    existing = {
        a.participant_id: a
        for a in Attendance.objects.filter(session=session, participant_id__in=cleaned)
    }
    new, changed = [], []
    for participant_id, (present, hours) in cleaned.items():
        attendance = existing.get(participant_id)
        if attendance is None:
            new.append(
                Attendance(
                    session=session,
                    participant_id=participant_id,
                    present=present,
                    hours=hours,
                    site_id=sites.get(participant_id),
                    marked_by=marked_by,
                    marked_at=now,
                )
            )
        elif attendance.present != present or attendance.hours != hours:
            attendance.present, attendance.hours = present, hours
            attendance.marked_by, attendance.marked_at = marked_by, now
            changed.append(attendance)
    # saved one by one so that the audit log records each change of personal data
    for attendance in [*new, *changed]:
        attendance.save()
    if new or changed:
        from .tasks import attendance_followup_task

        transaction.on_commit(lambda: attendance_followup_task.enqueue(session_id=session.pk))
    return len(new) + len(changed)


# --- import (history: no seats, no e-mail) --------------------------------------------------


def _save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("This row clashes with data that exists: %(error)s") % {"error": exc}
        ) from exc
    return obj


@transaction.atomic
def participant_upsert(
    *,
    actor=None,
    external_id: str,
    gender: str = "",
    employer=None,
    organisation=None,
    email: str = "",
    full_name: str | None = None,
) -> tuple[Participant, bool]:
    require_unless_system(actor, "participants.import")
    participant = Participant.objects.filter(external_id=external_id).first()
    created = participant is None
    email = (email or "").strip().lower()
    if email:
        clash = Participant.objects.filter(email=email)
        if participant is not None:
            clash = clash.exclude(pk=participant.pk)
        if (other := clash.first()) is not None:
            raise ValidationError(
                {
                    "email": _("Another participant (%(id)s) has this e-mail address.")
                    % {"id": other.external_id or other.pk}
                }
            )
    fields = {"gender": gender or "", "employer": employer, "organisation": organisation}
    fields["email"] = email
    if full_name is not None:
        fields["full_name"] = full_name
    participant = _save(participant or Participant(external_id=external_id), **fields)
    return participant, created


@transaction.atomic
def registration_upsert(
    *,
    actor=None,
    external_id: str,
    participant: Participant,
    course: Course,
    registered,
    status: str = RegistrationStatus.REGISTERED,
) -> tuple[Registration, bool]:
    """An imported registration. Imported registrations are history: they have no place
    (the contract has no such column), so they take no seats. A registration made on the
    web (it has a place) may be cancelled by an import, which frees its seats."""
    require_unless_system(actor, "participants.import")
    registration = Registration.objects.filter(external_id=external_id).first()
    created = registration is None
    if registration is not None and registration.has_place and registration.status != status:
        if status != RegistrationStatus.CANCELLED:
            raise ValidationError(
                {
                    "status": _(
                        "This registration holds a place at a site; change it on the course's "
                        "registrations page."
                    )
                }
            )
        registration_cancel(registration=registration, base_url="")
        registration.refresh_from_db()
    clash = Registration.objects.active().filter(participant=participant, course=course)
    if registration is not None:
        clash = clash.exclude(pk=registration.pk)
    if status != RegistrationStatus.CANCELLED and (other := clash.first()) is not None:
        raise ValidationError(
            {
                "participant": _("The participant is already registered for the course (%(id)s).")
                % {"id": other.external_id or other.pk}
            }
        )
    fields = {
        "participant": participant,
        "course": course,
        "registered": registered,
        "status": status,
    }
    if created:
        fields["created"] = timezone.now()
    if status == RegistrationStatus.CANCELLED and not (registration and registration.cancelled_at):
        fields["cancelled_at"] = timezone.now()
    registration = _save(registration or Registration(external_id=external_id), **fields)
    return registration, created


@transaction.atomic
def attendance_upsert(
    *,
    actor=None,
    external_id: str,
    session: Session,
    participant: Participant,
    hours: Decimal,
) -> tuple[Attendance, bool]:
    require_unless_system(actor, "participants.import")
    if hours < 0 or hours > session.hours:
        raise ValidationError(
            {
                "hours": _("Between 0 and %(hours)s: the session's hours.")
                % {"hours": _format_hours(session.hours)}
            }
        )
    attendance = Attendance.objects.filter(external_id=external_id).first()
    created = attendance is None
    if attendance is None:
        clash = Attendance.objects.filter(session=session, participant=participant).first()
        if clash is not None:
            raise ValidationError(
                {
                    "participant": _(
                        "The participant's attendance at this session is already recorded (%(id)s)."
                    )
                    % {"id": clash.external_id or clash.pk}
                }
            )
    attendance = _save(
        attendance or Attendance(external_id=external_id),
        session=session,
        participant=participant,
        hours=hours,
        present=hours > 0,
    )
    return attendance, created
