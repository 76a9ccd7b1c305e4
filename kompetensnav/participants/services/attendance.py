"""Taking attendance: present or absent, and the hours, per participant of a session."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kompetensnav.campus.models import Session
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.common.templatetags.swedish import format_hours

from .. import selectors
from ..enums import RegistrationStatus
from ..models import Attendance, Registration
from ..tasks import attendance_followup_task


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


def validate_hours(*, hours: Decimal | None, session: Session, present: bool = True) -> Decimal:
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
            % {"hours": format_hours(session.hours)}
        )
    if hours == 0:
        raise ValidationError(_("Give the hours attended, or mark the person as absent."))
    return hours


def require_started(session: Session) -> None:
    """Attendance is of what happened: a session that has not begun has none yet."""
    if session.start > timezone.now():
        start = formats.date_format(timezone.localtime(session.start), "SHORT_DATETIME_FORMAT")
        raise ValidationError(
            _("The session has not started yet (it starts %(start)s): attendance can be taken "
              "once it has begun.") % {"start": start}
        )  # fmt: skip


@transaction.atomic
def attendance_save(
    *, actor: Actor, session: Session, marks: list[AttendanceMark], site_id: int | None = None
) -> int:
    """Save the attendance of a list in one go: present/absent and hours per participant.
    Everyone on the list must be registered for the course (at the site, when one is given).
    Raises AttendanceErrors with a message per participant; nothing is saved then."""
    require_unless_system(actor, "participants.take_attendance", session)
    # the session's hours as they are now, and kept so until this list is saved
    session = Session.objects.select_for_update().get(pk=session.pk)
    require_started(session)
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
                validate_hours(hours=mark.hours, session=session, present=mark.present),
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
        transaction.on_commit(lambda: attendance_followup_task.enqueue(session_id=session.pk))
    return len(new) + len(changed)
