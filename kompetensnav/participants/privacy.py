"""A participant's own data (GDPR): everything the product holds about them, to give them
(registerutdrag, as JSON and PDF), and erasure on request. Coordinators act for the network,
the controller; the export is recorded in the audit log as an access, the erasure as a change.

Erasure anonymises, as the retention run does (participants/retention.py): the name, the
e-mail address, the identity number and what the audit log said of them go; the
registrations, attendance hours and gender stay, without a name, so the figures keep their
values."""

from typing import Any

from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system

from .models import Attendance, Participant, PendingRegistration, Registration
from .retention import anonymise, course_kept_until
from .signals import person_data_requested


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def participant_data(*, actor: Actor, participant: Participant) -> dict[str, Any]:
    """Everything held about the participant, as plain JSON values, and the access logged."""
    require_unless_system(actor, "participants.manage_personal_data")
    registrations = list(
        Registration.objects.filter(participant=participant)
        .select_related("course__provider", "course__project", "site")
        .order_by("registered", "pk")
    )
    attendance = (
        Attendance.objects.filter(participant=participant)
        .select_related("session__course")
        .order_by("session__start", "pk")
    )
    pending = (
        PendingRegistration.objects.filter(email__iexact=participant.email).select_related("course")
        if participant.email
        else PendingRegistration.objects.none()
    )
    audit = _audit_entries(participant, registrations)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "participant": {
            "id": participant.pk,
            "name": participant.full_name,
            "email": participant.email,
            "gender": participant.get_gender_display() if participant.gender else "",
            "employer": participant.employer.name if participant.employer else None,
            "member_organisation": str(participant.organisation)
            if participant.organisation
            else None,
            "created": _iso(participant.created),
            "anonymised": _iso(participant.anonymised_at),
        },
        "registrations": [
            {
                "course": str(r.course),
                "provider": str(r.course.provider),
                "project": r.course.project.name if r.course.project else None,
                "site": str(r.site) if r.site else None,
                "remote": r.remote,
                "status": r.get_status_display(),
                "registered": _iso(r.registered),
                "consent_given": _iso(r.consent_at),
                "cancelled": _iso(r.cancelled_at),
                "language": r.language,
                "kept_until": _iso(course_kept_until(r.course)),
            }
            for r in registrations
        ],
        "attendance": [
            {
                "course": str(a.session.course),
                "session": _local(a.session.start),
                "hours": str(a.hours),
                "present": a.present,
            }
            for a in attendance
        ],
        "pending_registrations": [
            {"course": str(p.course), "email": p.email, "created": _iso(p.created)} for p in pending
        ],
        "audit_log": audit,
    }
    for _receiver, extra in person_data_requested.send(sender=Participant, participant=participant):
        data.update(extra or {})
    accessed.send(sender=Participant, instance=participant)
    return data


def _audit_entries(participant: Participant, registrations: list[Registration]) -> list[dict]:
    types = ContentType.objects.get_for_models(Participant, Registration, Attendance)
    attendance_ids = Attendance.objects.filter(participant=participant).values_list("pk", flat=True)
    condition = (
        Q(content_type=types[Participant], object_pk=str(participant.pk))
        | Q(content_type=types[Registration], object_pk__in=[str(r.pk) for r in registrations])
        | Q(content_type=types[Attendance], object_pk__in=[str(pk) for pk in attendance_ids])
    )
    return [
        {
            "when": _local(entry.timestamp),
            "what": entry.get_action_display(),
            "record": entry.object_repr,
            "by": entry.actor_email or _("the system"),
        }
        for entry in LogEntry.objects.filter(condition).order_by("timestamp", "pk")
    ]


def participant_data_pdf(*, data: dict[str, Any]) -> bytes:
    """The export as a document to hand over (the same content as the JSON)."""
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    html = render_to_string("participants/participant_data_pdf.html", {"data": data})
    return HTML(string=html).write_pdf()


def participant_erase(*, actor: Actor, participant: Participant) -> None:
    """Anonymise the participant now, on their request (see the module's docstring)."""
    require_unless_system(actor, "participants.manage_personal_data")
    if participant.anonymised_at is not None:
        raise ValidationError(_("This participant's personal data has already been erased."))
    anonymise(
        [participant.pk],
        actor=actor,
        summary=_("Erased on request: participant #%(id)s") % {"id": participant.pk},
        reason="participant_erase",
    )
