"""The chain's events, told to webhook subscribers (webhooks.emit). Connected in
ApiConfig.ready(); each runs in the transaction of the write it follows."""

from types import SimpleNamespace
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from kompetensnav.campus.enums import CourseAction
from kompetensnav.campus.models import Course, CourseLogEntry, Session
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Attendance, Registration
from kompetensnav.participants.signals import attendance_recorded
from kompetensnav.visits.models import Need

from .chain_schemas import AttendanceOut, CourseDetailOut, NeedOut, RegistrationOut
from .models import WebhookEvent
from .webhooks import emit
from .writes import body_of


def _provider_of(course_id: int):
    return lambda: set(Course.objects.filter(pk=course_id).values_list("provider_id", flat=True))


@receiver(post_save, sender=Registration, dispatch_uid="webhooks_registration")
def _registration(sender: Any, instance: Registration, created: bool, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields") or ()
    if created:
        event = WebhookEvent.REGISTRATION_CREATED
    elif "status" in fields and instance.status == RegistrationStatus.CANCELLED:
        event = WebhookEvent.REGISTRATION_CANCELLED
    else:
        return
    emit(
        event,
        organisation_ids=_provider_of(instance.course_id),
        data=lambda: body_of(RegistrationOut, instance),
    )


@receiver(post_save, sender=CourseLogEntry, dispatch_uid="webhooks_course_published")
def _course_published(sender: Any, instance: CourseLogEntry, created: bool, **kwargs: Any) -> None:
    if not created or instance.action != CourseAction.PUBLISHED:
        return

    def data() -> dict[str, Any]:
        course = (
            Course.objects.select_related("provider")
            .prefetch_related("areas")
            .get(pk=instance.course_id)
        )
        return body_of(CourseDetailOut, course)

    # the catalogue is public: every subscriber of the event hears of it
    emit(WebhookEvent.COURSE_PUBLISHED, organisation_ids=None, data=data)


@receiver(post_save, sender=Need, dispatch_uid="webhooks_need")
def _need(sender: Any, instance: Need, **kwargs: Any) -> None:
    def data() -> dict[str, Any]:
        need = Need.objects.select_related("area", "visit").get(pk=instance.pk)
        return {**body_of(NeedOut, need), "visit": need.visit_id, "company": need.visit.company_id}

    emit(
        WebhookEvent.NEED_SAVED,
        organisation_ids=lambda: set(
            Need.objects.filter(pk=instance.pk).values_list("visit__organisation_id", flat=True)
        ),
        data=data,
    )


@receiver(attendance_recorded, dispatch_uid="webhooks_attendance")
def _attendance(sender: Any, session: Session, **kwargs: Any) -> None:
    """Sent by the worker after an attendance list was saved: the session's whole list."""

    def data() -> dict[str, Any]:
        marks = list(Attendance.objects.filter(session=session).order_by("participant_id"))
        return {
            **body_of(AttendanceOut, SimpleNamespace(session=session.pk, marks=marks)),
            "course": session.course_id,
        }

    emit(
        WebhookEvent.ATTENDANCE_SAVED,
        organisation_ids=_provider_of(session.course_id),
        data=data,
    )
