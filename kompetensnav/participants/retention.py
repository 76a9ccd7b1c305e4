"""Retention of participants' personal data: how long a course's participants are kept, what
the registration form promises, and the daily run that anonymises the people whose every
course has passed its retention period (`manage.py anonymise_participants`, in `daily`).

A course in a project keeps its participants until `retention_years` after the project's end
(the funder's rule; a project without an end date keeps them until it gets one). A course
outside any project keeps them `KOMPETENSNAV_PARTICIPANT_RETENTION_YEARS` after its last
session (or after it was created, if it has none).

Anonymising erases a participant's name and e-mail address, their personal identity number
(projects, by the `participants_anonymised` signal) and the personal data in the audit log's
earlier entries about them; the participant, their registrations, attendance and gender stay,
so every figure (hours, people, gender) keeps its value. The act is one audit entry: how
many, which records (ids), by whom (the system)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompetensnav.campus.models import Course
from kompetensnav.common.actor import Actor
from kompetensnav.interchange.kinds import pk_ranges

from .models import Attendance, Participant, PendingRegistration, Registration
from .signals import participants_anonymised

BATCH = 1000


def default_years() -> int:
    return settings.KOMPETENSNAV_PARTICIPANT_RETENTION_YEARS


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def course_kept_until(course: Course) -> date | None:
    """The last day the course's participants are kept; None while it cannot be known (a
    project without an end date)."""
    project = course.project
    if project is not None:
        return add_years(project.end, project.retention_years) if project.end else None
    last = course.sessions.aggregate(last=Max("start"))["last"] or course.created
    return add_years(timezone.localdate(last), default_years())


def consent_text(course: Course) -> str:
    """What the registration form promises about keeping the participant's details."""
    kept = _(
        "Your name, e-mail, employer, gender and attendance are kept by the course provider "
        "and the network for the follow-up the funders require."
    )
    project = course.project
    if project is not None and project.end:
        until = add_years(project.end, project.retention_years)
        when = _(
            "Your name and e-mail address are erased after %(date)s (%(years)s after the end of "
            "the project %(project)s); hours and gender stay in anonymous statistics."
        ) % {
            "date": date_format(until, "j F Y"),
            "years": ngettext("%(n)s year", "%(n)s years", project.retention_years)
            % {"n": project.retention_years},
            "project": project.name,
        }
    elif project is not None:
        when = _(
            "Your name and e-mail address are erased %(years)s after the end of the project "
            "%(project)s; hours and gender stay in anonymous statistics."
        ) % {
            "years": ngettext("%(n)s year", "%(n)s years", project.retention_years)
            % {"n": project.retention_years},
            "project": project.name,
        }
    else:
        when = _(
            "Your name and e-mail address are erased %(years)s after the course's last "
            "session; hours and gender stay in anonymous statistics."
        ) % {
            "years": ngettext("%(n)s year", "%(n)s years", default_years()) % {"n": default_years()}
        }
    return f"{kept} {when}"


def _expired_courses(today: date) -> models.QuerySet[Course]:
    """Courses whose retention period has passed on `today`: the projects are read here
    (their end plus their own period), the courses outside projects in the query."""
    # by the relation: participants does not import projects (docs/architecture.md)
    project_model = Course._meta.get_field("project").related_model
    expired_projects = [
        project.pk
        for project in project_model._default_manager.filter(end__isnull=False).only(
            "pk", "end", "retention_years"
        )
        if add_years(project.end, project.retention_years) < today
    ]
    cutoff = add_years(today, -default_years())
    cutoff_at = timezone.make_aware(datetime.combine(cutoff, time.min))
    outside_projects = (
        Course.objects.filter(project__isnull=True)
        .annotate(last=Max("sessions__start"))
        .filter(Q(last__lt=cutoff_at) | Q(last__isnull=True, created__lt=cutoff_at))
        .values("pk")
    )
    return Course.objects.filter(Q(project_id__in=expired_projects) | Q(pk__in=outside_projects))


def participants_due(*, today: date | None = None) -> models.QuerySet[Participant]:
    """Participants not yet anonymised whose every registration is in a course past its
    retention period (and who have at least one)."""
    today = today or timezone.localdate()
    expired = _expired_courses(today).values("pk")
    registrations = Registration.objects.filter(participant=OuterRef("pk"))
    return (
        Participant.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(registrations.filter(course__in=expired)))
        .exclude(Exists(registrations.exclude(course__in=expired)))
        .order_by("pk")
    )


@dataclass(frozen=True)
class RetentionRun:
    anonymised: list[int]
    dry_run: bool


def participants_anonymise(*, today: date | None = None, dry_run: bool = False) -> RetentionRun:
    """Anonymise every participant due (see the module's docstring); with `dry_run`, only
    say who would be. Idempotent: an anonymised participant is never due again."""
    ids = list(participants_due(today=today).values_list("pk", flat=True))
    if not dry_run and ids:
        anonymise(
            ids,
            actor=None,
            summary=ngettext(
                "Retention: %(count)s participant anonymised",
                "Retention: %(count)s participants anonymised",
                len(ids),
            )
            % {"count": len(ids)},
            reason="participants_anonymise",
        )
    return RetentionRun(anonymised=ids, dry_run=dry_run)


def anonymise(ids: list[int], *, actor: Actor, summary: str, reason: str) -> None:
    """Erase these participants' names, e-mail addresses and identity numbers, redact what
    the audit log said of them, and record the act (`summary`; `reason` in its data)."""
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            emails = Participant.objects.filter(pk__in=chunk).exclude(email="")
            PendingRegistration.objects.filter(
                email__in=[email.lower() for email in emails.values_list("email", flat=True)]
            ).delete()
            # update(), not save(): the audit log must not record the erased values
            Participant.objects.filter(pk__in=chunk).update(
                full_name="", email="", anonymised_at=now
            )
            _scrub_audit_log(chunk)
        participants_anonymised.send(sender=Participant, ids=ids)
        user = actor if getattr(actor, "is_authenticated", False) else None
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Participant),
            object_pk="",
            object_repr=summary,
            action=LogEntry.Action.UPDATE,
            changes={},
            actor=user,
            actor_email=getattr(user, "email", None),
            additional_data={"retention": reason, "ids": pk_ranges(ids)},
        )


ERASED = "—"  # the audit log allows this redaction only (audit migration 0002)


def _scrub_audit_log(participant_ids: list[int]) -> None:
    """The earlier audit entries of these participants and of their registrations and
    attendance keep what happened and when, without the names and addresses."""
    targets = {
        Participant: participant_ids,
        Registration: list(
            Registration.objects.filter(participant_id__in=participant_ids).values_list(
                "pk", flat=True
            )
        ),
        Attendance: list(
            Attendance.objects.filter(participant_id__in=participant_ids).values_list(
                "pk", flat=True
            )
        ),
    }
    for model, pks in targets.items():
        if not pks:
            continue
        content_type = ContentType.objects.get_for_model(model)
        for start in range(0, len(pks), BATCH):
            chunk = [str(pk) for pk in pks[start : start + BATCH]]
            LogEntry.objects.filter(content_type=content_type, object_pk__in=chunk).update(
                object_repr=ERASED, changes=None, changes_text="", serialized_data=None
            )
