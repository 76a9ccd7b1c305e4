"""Import kinds participants, registrations and attendance (../shared/spec/interchange.md).

Imported registrations are history: the contract has no place (site or remote) column, so an
imported registration takes no seat and sends no e-mail, whether its course is past or
future. Seats are taken by registrations made on the web (or moved to a place by staff).
Attendance hours are checked against the session's hours when the file is checked, so that a
dry run reports them too."""

from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course, Session
from kompetensnav.common.templatetags.swedish import format_hours
from kompetensnav.companies.models import Company
from kompetensnav.interchange.fields import Column, choice, decimal, email, iso_date, text
from kompetensnav.interchange.kinds import ImportContext, Kind
from kompetensnav.interchange.registry import KINDS, register
from kompetensnav.network.models import Organisation

from . import services
from .enums import Gender, RegistrationStatus
from .models import Attendance, Participant, Registration

ID = Column("id", text(64), required=True)
GENDERS = [g for g in Gender.values if g]


def _references(
    kind: Kind, kind_name: str, model, column: str, ids: list, context: ImportContext
) -> dict[str, str]:
    """Errors for ids of another kind that do not exist (that kind's rows, or when its app
    declares no kind, the model's external ids)."""
    ids = [i for i in ids if i]
    if kind_name in KINDS:
        return kind.reference_error(kind_name, column, ids, context)
    known = set(model.objects.filter(external_id__in=ids).values_list("external_id", flat=True))
    missing = [i for i in ids if i not in known]
    if missing:
        return {
            column: _("Unknown id %(ids)s: import those rows first.") % {"ids": ", ".join(missing)}
        }
    return {}


def _by_id(model, external_id: str | None):
    return model.objects.get(external_id=external_id) if external_id else None


def _id_of(obj) -> str:
    return (obj.external_id or "") if obj is not None else ""


@register
class Participants(Kind):
    referenced_kinds = ("companies", "organisations")
    name = "participants"
    model = Participant
    columns = [
        ID,
        Column("gender", choice(GENDERS), default=""),
        Column("employer", text(64)),
        Column("organisation", text(64)),
        Column("email", email, default=""),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = _references(self, "companies", Company, "employer", [values["employer"]], context)
        errors |= _references(
            self, "organisations", Organisation, "organisation", [values["organisation"]], context
        )
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.participant_upsert(
            actor=context.actor,
            external_id=values["id"],
            gender=values["gender"] or "",
            employer=_by_id(Company, values["employer"]),
            organisation=_by_id(Organisation, values["organisation"]),
            email=values["email"] or "",
        )
        return created

    def export_queryset(self):
        return Participant.objects.select_related("employer", "organisation").order_by("pk")

    def export_row(self, obj: Participant) -> list:
        return [
            obj.external_id,
            obj.gender,
            _id_of(obj.employer),
            _id_of(obj.organisation),
            obj.email,
        ]


@register
class Registrations(Kind):
    referenced_kinds = ("participants", "courses")
    name = "registrations"
    model = Registration
    columns = [
        ID,
        Column("participant", text(64), required=True),
        Column("course", text(64), required=True),
        Column("registered", iso_date, required=True),
        Column("status", choice(RegistrationStatus.values), default=RegistrationStatus.REGISTERED),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error(
            "participants", "participant", [values["participant"]], context
        )
        errors |= _references(self, "courses", Course, "course", [values["course"]], context)
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.registration_upsert(
            actor=context.actor,
            external_id=values["id"],
            participant=Participant.objects.get(external_id=values["participant"]),
            course=Course.objects.get(external_id=values["course"]),
            registered=values["registered"],
            status=values["status"] or RegistrationStatus.REGISTERED,
        )
        return created

    def export_queryset(self):
        return Registration.objects.select_related("participant", "course").order_by("pk")

    def export_row(self, obj: Registration) -> list:
        return [
            obj.external_id,
            obj.participant.external_id,
            obj.course.external_id,
            obj.registered,
            obj.status,
        ]


@register
class Attendances(Kind):
    referenced_kinds = ("sessions", "participants")
    name = "attendance"
    model = Attendance
    columns = [
        ID,
        Column("session", text(64), required=True),
        Column("participant", text(64), required=True),
        Column("hours", decimal(minimum=0), required=True),
    ]

    @property
    def label(self) -> str:
        return str(Attendance._meta.verbose_name).capitalize()

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = _references(self, "sessions", Session, "session", [values["session"]], context)
        errors |= self.reference_error(
            "participants", "participant", [values["participant"]], context
        )
        session = Session.objects.filter(external_id=values["session"]).first()
        if session is not None and values["hours"] > session.hours:
            errors["hours"] = _("At most %(hours)s: the session's hours.") % {
                "hours": format_hours(session.hours)
            }
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.attendance_upsert(
            actor=context.actor,
            external_id=values["id"],
            session=Session.objects.get(external_id=values["session"]),
            participant=Participant.objects.get(external_id=values["participant"]),
            hours=values["hours"],
        )
        return created

    def export_queryset(self):
        return Attendance.objects.select_related("session", "participant").order_by("pk")

    def export_row(self, obj: Attendance) -> list:
        return [obj.external_id, obj.session.external_id, obj.participant.external_id, obj.hours]
