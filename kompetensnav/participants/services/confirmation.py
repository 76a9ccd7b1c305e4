"""The public registration form: identity by e-mail is proven before a known person changes.
An address new to us registers at once; for an address a participant already has, the
request waits (PendingRegistration) until the link sent to that address is opened."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course
from kompetensnav.common.mail import queue_email

from ..enums import Gender
from ..models import PendingRegistration, Registration
from .changes import registration_move
from .mail import queue_registration_mail
from .people import employer_lookup, participant_for, participant_with_email
from .registration import RegistrationResult, course_open_for_registration, registration_create
from .seats import Place, validate_place, waitlist_position

CONFIRM_SALT = "kompetensnav.participants.confirm"
CONFIRM_MAX_AGE = timedelta(hours=48)


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
            "place": pending.site.name if pending.site is not None else _("Remote"),
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
    validate_place(course=course, place=place)
    email = email.strip().lower()
    language = language if language in ("sv", "en") else "sv"
    # only checks the employer fields: nothing is written for a request that waits
    employer_lookup(org_number=employer_org_number, name=employer_name, create=False)
    with transaction.atomic():
        PendingRegistration.objects.filter(created__lt=timezone.now() - CONFIRM_MAX_AGE).delete()
        if participant_with_email(email) is not None:
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
    validate_place(course=course, place=place)
    employer = employer_lookup(org_number=pending.employer_org_number, name=pending.employer_name)
    participant = participant_for(
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
        queue_registration_mail(existing, base_url=base_url, kind="confirmation")
        result = RegistrationResult(existing, False, waitlist_position(existing))
    pending.registration = result.registration
    pending.save(update_fields=["registration"])
    return result
