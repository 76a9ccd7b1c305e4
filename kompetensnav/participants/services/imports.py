"""The importer's writes (the participants, registrations and attendance kinds). Imported
rows are history: they take no seats and send no e-mail."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course, Session
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.common.templatetags.swedish import format_hours
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Organisation

from ..enums import RegistrationStatus
from ..models import Attendance, Participant, Registration
from .attendance import require_started
from .changes import registration_cancel


def _save[M: Model](obj: M, **fields: Any) -> M:
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
    actor: Actor = None,
    external_id: str,
    gender: str = "",
    employer: Company | None = None,
    organisation: Organisation | None = None,
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
    actor: Actor = None,
    external_id: str,
    participant: Participant,
    course: Course,
    registered: date,
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
    actor: Actor = None,
    external_id: str,
    session: Session,
    participant: Participant,
    hours: Decimal,
) -> tuple[Attendance, bool]:
    require_unless_system(actor, "participants.import")
    try:
        require_started(session)
    except ValidationError as exc:
        raise ValidationError({"session": exc.messages}) from exc
    if hours < 0 or hours > session.hours:
        raise ValidationError(
            {
                "hours": _("Between 0 and %(hours)s: the session's hours.")
                % {"hours": format_hours(session.hours)}
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
