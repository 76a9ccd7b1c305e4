"""Import kinds participants, registrations and attendance (../shared/spec/interchange.md).

Imported registrations are history: the contract has no place (site or remote) column, so an
imported registration takes no seat and sends no e-mail, whether its course is past or
future. Seats are taken by registrations made on the web (or moved to a place by staff).
Attendance hours are checked against the session's hours when the file is checked, so that a
dry run reports them too."""

from typing import Any

from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kompetensnav.campus.interchange import resolve_courses
from kompetensnav.campus.models import Course, Session
from kompetensnav.common.templatetags.swedish import format_hours
from kompetensnav.companies.models import Company
from kompetensnav.interchange.fields import Column, choice, decimal, email, iso_date, text
from kompetensnav.interchange.kinds import ImportContext, Kind, by_reference
from kompetensnav.interchange.plain import DATE, EMAIL, HOURS, ID, Plain, one_of, or_empty
from kompetensnav.interchange.registry import KINDS, register
from kompetensnav.network.models import Organisation

from . import services
from .enums import Gender, RegistrationStatus
from .models import Attendance, Participant, Registration
from .services.people import with_email_query

ID_COLUMN = Column("id", text(64), required=True)
GENDERS = [g for g in Gender.values if g]


def _references(
    kind: Kind, kind_name: str, model, column: str, ids: list, context: ImportContext
) -> dict[str, str]:
    """Errors for ids of another kind that do not exist (that kind's rows, or when its app
    declares no kind, the model's external ids)."""
    ids = [i for i in ids if i]
    if kind_name in KINDS:
        return kind.reference_error(kind_name, column, ids, context)
    known = set(
        model.objects.filter(external_id__any_of=ids)
        .order_by()
        .values_list("external_id", flat=True)
    )
    missing = [i for i in ids if i not in known]
    if missing:
        return {
            column: _("Unknown id %(ids)s: import those rows first.") % {"ids": ", ".join(missing)}
        }
    return {}


def _by_id(model, external_id: str | None):
    return model.objects.get(external_id=external_id) if external_id else None


@register
class Participants(Kind):
    referenced_kinds = ("companies", "organisations")
    name = "participants"
    model = Participant
    columns = [
        ID_COLUMN,
        Column("gender", choice(GENDERS), default=""),
        Column("employer", text(64)),
        Column("organisation", text(64)),
        Column("email", email, default=""),
    ]

    plain = Plain(
        cells={
            "id": ID,
            "gender": or_empty(one_of(*GENDERS)),
            "employer": or_empty(ID),
            "organisation": or_empty(ID),
            "email": or_empty(EMAIL),
        },
        values={
            "external_id": "s.id",
            "gender": "COALESCE(s.gender, '')",
            "employer_id": "employer.id",
            "organisation_id": "organisation.id",
            "email": "lower(COALESCE(s.email, ''))",
        },
        joins=(
            "LEFT JOIN companies_company employer ON employer.external_id = s.employer "
            "LEFT JOIN network_organisation organisation "
            "ON organisation.external_id = s.organisation"
        ),
        where=(
            "(s.employer IS NULL OR employer.id IS NOT NULL) "
            "AND (s.organisation IS NULL OR organisation.id IS NOT NULL) "
            "AND length(COALESCE(s.email, '')) <= 320"
        ),
    )
    bulk_fields = ("gender", "employer", "organisation", "email")
    bulk_references = {
        "employers": (Company, "employer"),
        "organisations": (Organisation, "organisation"),
    }
    export_values = (
        "external_id",
        "gender",
        "employer__external_id",
        "organisation__external_id",
        "email",
    )
    bulk_permission = "participants.import"

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = _references(self, "companies", Company, "employer", [values["employer"]], context)
        errors |= _references(
            self, "organisations", Organisation, "organisation", [values["organisation"]], context
        )
        return errors

    def check_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, str]]:
        """The references, and each e-mail address once among the participants: in the
        database (a query per batch, by the index on the lower-case address) and in the
        file."""
        problems = super().check_rows(rows, context)
        emails = {values["email"].lower() for _n, values in rows if values["email"]}
        taken = dict(
            with_email_query(emails)
            .annotate(lower_email=Lower("email"))
            .values_list("lower_email", "external_id")
        )
        for number, values in rows:
            email = (values["email"] or "").lower()
            if not email:
                continue
            if email in taken and taken[email] != values["id"]:
                message = _("Another participant (%(id)s) has this e-mail address.") % {
                    "id": taken[email] or "–"
                }
            elif earlier := context.earlier_row("email", email, number, values["id"]):
                message = _("Row %(n)s of the file gives this e-mail address too.") % {"n": earlier}
            else:
                continue
            problems.setdefault(number, {})["email"] = message
        return problems

    def build(self, values: dict, context: ImportContext) -> dict[str, Any]:
        return {
            "external_id": values["id"],
            "gender": values["gender"] or "",
            "employer_id": context.seen["employers"].get(values["employer"]),
            "organisation_id": context.seen["organisations"].get(values["organisation"]),
            "email": (values["email"] or "").strip().lower(),
        }

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


@register
class Registrations(Kind):
    referenced_kinds = ("participants", "courses")
    name = "registrations"
    model = Registration
    columns = [
        ID_COLUMN,
        Column("participant", text(64), required=True),
        Column("course", text(200), required=True),
        Column("registered", iso_date, required=True),
        Column("status", choice(RegistrationStatus.values), default=RegistrationStatus.REGISTERED),
    ]

    plain = Plain(
        cells={
            "id": ID,
            "participant": ID,
            "course": ID,
            "registered": DATE,
            "status": or_empty(one_of(*RegistrationStatus.values)),
        },
        values={
            "external_id": "s.id",
            "participant_id": "participant.id",
            "course_id": "course.id",
            "registered": "s.registered::date",
            "status": f"COALESCE(s.status, '{RegistrationStatus.REGISTERED}')",
            "created": "%(now)s",
            "cancelled_at": (
                f"CASE WHEN s.status = '{RegistrationStatus.CANCELLED}' THEN %(now)s END"
            ),
        },
        joins=(
            "JOIN participants_participant participant ON participant.external_id = "
            "s.participant JOIN campus_course course ON course.external_id = s.course"
        ),
    )
    bulk_fields = ("participant", "course", "registered", "status", "cancelled_at")
    bulk_references = {"participants": (Participant, "participant"), "courses": (Course, "course")}
    export_values = (
        "external_id",
        "participant__external_id",
        "course__external_id",
        "registered",
        "status",
    )
    bulk_permission = "participants.import"

    def resolve(self, values: dict, context: ImportContext) -> dict[str, str]:
        return resolve_courses(values, ("course",), context)

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error(
            "participants", "participant", [values["participant"]], context
        )
        errors |= _references(self, "courses", Course, "course", [values["course"]], context)
        return errors

    def check_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, str]]:
        """The references; a registration that holds a place is only cancelled by an import;
        one active registration per participant and course, in the database and in the
        file. A query per batch for the people, the courses and their registrations."""
        problems = super().check_rows(rows, context)
        people = context.pks(Participant, (v["participant"] for _n, v in rows))
        courses = context.pks(Course, (v["course"] for _n, v in rows))
        existing = {
            r.external_id: r
            for r in Registration.objects.filter(
                external_id__any_of={v["id"] for _n, v in rows}
            ).order_by()
        }
        active = {
            (participant_id, course_id): external_id or str(pk)
            for participant_id, course_id, external_id, pk in Registration.objects.active()
            .filter(
                participant_id__any_of=set(people.values()), course_id__any_of=set(courses.values())
            )
            .order_by()
            .values_list("participant_id", "course_id", "external_id", "pk")
        }
        cancelled = RegistrationStatus.CANCELLED
        for number, values in rows:
            errors = problems.get(number, {})
            status = values["status"] or RegistrationStatus.REGISTERED
            old = existing.get(values["id"])
            if old is not None and old.has_place and old.status != status and status != cancelled:
                errors["status"] = _(
                    "This registration holds a place at a site; change it on the course's "
                    "registrations page."
                )
            pair = (values["participant"], values["course"])
            if status != cancelled and "participant" not in errors:
                other = None
                if pair[0] in people and pair[1] in courses:
                    other = active.get((people[pair[0]], courses[pair[1]]))
                if other is not None and other != values["id"]:
                    errors["participant"] = _(
                        "The participant is already registered for the course (%(id)s)."
                    ) % {"id": other}
                elif earlier := context.earlier_row("active", pair, number, values["id"]):
                    errors["participant"] = _(
                        "Row %(n)s of the file registers the participant for the course too."
                    ) % {"n": earlier}
            if errors:
                problems[number] = errors
        return problems

    def bulk_write(self, rows: list[tuple[int, dict]], context: ImportContext) -> bool:
        """In bulk, unless the batch cancels a registration that holds a place: that frees
        seats (and may move the waitlist up), which registration_upsert does, a row at a
        time. The batch's registrations that exist are read once, for this and for build()."""
        existing = {
            r.external_id: r
            for r in Registration.objects.filter(
                external_id__any_of={v["id"] for _n, v in rows}
            ).order_by()
        }
        for _n, values in rows:
            old = existing.get(values["id"])
            if (
                old is not None
                and old.has_place
                and old.is_active
                and values["status"] == RegistrationStatus.CANCELLED
            ):
                return False
        context.seen["registrations"] = existing
        context.seen["now"] = timezone.now()
        return super().bulk_write(rows, context)

    def build(self, values: dict, context: ImportContext) -> dict[str, Any]:
        old = context.seen["registrations"].get(values["id"])
        status = values["status"] or RegistrationStatus.REGISTERED
        cancelled_at = old.cancelled_at if old is not None else None
        if status == RegistrationStatus.CANCELLED and cancelled_at is None:
            cancelled_at = context.seen["now"]
        return {
            "external_id": values["id"],
            "participant_id": context.seen["participants"][values["participant"]],
            "course_id": context.seen["courses"][values["course"]],
            "registered": values["registered"],
            "status": status,
            "created": context.seen["now"],
            "cancelled_at": cancelled_at,
        }

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.registration_upsert(
            actor=context.actor,
            external_id=values["id"],
            participant=Participant.objects.get(external_id=values["participant"]),
            course=by_reference(Course, values["course"]),
            registered=values["registered"],
            status=values["status"] or RegistrationStatus.REGISTERED,
        )
        return created


@register
class Attendances(Kind):
    referenced_kinds = ("sessions", "participants")
    name = "attendance"
    model = Attendance
    columns = [
        ID_COLUMN,
        Column("session", text(64), required=True),
        Column("participant", text(64), required=True),
        Column("hours", decimal(minimum=0, max_digits=5), required=True),
    ]

    @property
    def label(self) -> str:
        return str(Attendance._meta.verbose_name).capitalize()

    plain = Plain(
        cells={"id": ID, "session": ID, "participant": ID, "hours": HOURS},
        values={
            "external_id": "s.id",
            "session_id": "session.id",
            "participant_id": "participant.id",
            "hours": "s.hours::numeric",
            "present": "s.hours::numeric > 0",
        },
        joins=(
            "JOIN campus_session session ON session.external_id = s.session "
            "JOIN participants_participant participant "
            "ON participant.external_id = s.participant"
        ),
        # the session has begun and gives at least the hours (check_rows)
        where="session.start <= %(now)s AND s.hours::numeric <= session.hours",
    )
    bulk_fields = ("session", "participant", "hours", "present")
    bulk_references = {
        "sessions": (Session, "session"),
        "participants": (Participant, "participant"),
    }
    export_values = ("external_id", "session__external_id", "participant__external_id", "hours")
    bulk_permission = "participants.import"

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = _references(self, "sessions", Session, "session", [values["session"]], context)
        errors |= self.reference_error(
            "participants", "participant", [values["participant"]], context
        )
        return errors

    def check_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, str]]:
        """The references; each session has begun and gives at least the hours; one row per
        participant and session, in the database and in the file. A query per batch for the
        sessions, one for the participants and one for the attendance recorded."""
        problems = super().check_rows(rows, context)
        sessions = {
            external_id: (pk, hours, start)
            for external_id, pk, hours, start in Session.objects.filter(
                external_id__any_of={v["session"] for _n, v in rows}
            )
            .order_by()
            .values_list("external_id", "pk", "hours", "start")
        }
        people = context.pks(Participant, (v["participant"] for _n, v in rows))
        recorded = {
            (session_id, participant_id): external_id or str(pk)
            for session_id, participant_id, external_id, pk in Attendance.objects.filter(
                session_id__any_of={s[0] for s in sessions.values()},
                participant_id__any_of=set(people.values()),
            )
            .order_by()  # its default ordering joins the sessions and the participants
            .values_list("session_id", "participant_id", "external_id", "pk")
        }
        now = timezone.now()
        for number, values in rows:
            errors = problems.get(number, {})
            session = sessions.get(values["session"])
            if session is not None and session[2] > now:
                start = formats.date_format(timezone.localtime(session[2]), "SHORT_DATETIME_FORMAT")
                errors["session"] = _(
                    "The session has not started yet (it starts %(start)s): attendance can be "
                    "taken once it has begun."
                ) % {"start": start}
            elif session is not None and values["hours"] > session[1]:
                errors["hours"] = _("At most %(hours)s: the session's hours.") % {
                    "hours": format_hours(session[1])
                }
            pair = (values["session"], values["participant"])
            if session is not None and pair[1] in people:
                other = recorded.get((session[0], people[pair[1]]))
                if other is not None and other != values["id"]:
                    errors["participant"] = _(
                        "The participant's attendance at this session is already recorded (%(id)s)."
                    ) % {"id": other}
            if "participant" not in errors and (
                earlier := context.earlier_row("attendance", pair, number, values["id"])
            ):
                errors["participant"] = _(
                    "Row %(n)s of the file gives the participant's attendance at this session too."
                ) % {"n": earlier}
            if errors:
                problems[number] = errors
        return problems

    def build(self, values: dict, context: ImportContext) -> dict[str, Any]:
        return {
            "external_id": values["id"],
            "session_id": context.seen["sessions"][values["session"]],
            "participant_id": context.seen["participants"][values["participant"]],
            "hours": values["hours"],
            "present": values["hours"] > 0,
        }

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.attendance_upsert(
            actor=context.actor,
            external_id=values["id"],
            session=Session.objects.get(external_id=values["session"]),
            participant=Participant.objects.get(external_id=values["participant"]),
            hours=values["hours"],
        )
        return created
