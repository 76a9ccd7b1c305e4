"""Import kinds of the course catalogue: courses and sessions (the interchange contract).

sessions.receiving_sites lists organisation ids. A site new to the session gets
DEFAULT_SITE_CAPACITY (20) places and no room; a site the session already has keeps its
room, capacity and places taken, so importing a file again never drops registrations. A
site left out of the list is removed, unless places are taken there (a row error)."""

import json
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.common.permissions import require_unless_system
from kompetensnav.competences.models import area_key
from kompetensnav.competences.services import area_find_or_create, areas_find_or_create
from kompetensnav.interchange.fields import (
    FALSE,
    STOCKHOLM,
    TRUE,
    Column,
    boolean,
    choice,
    decimal,
    integer,
    iso_datetime,
    listing,
    text,
)
from kompetensnav.interchange.kinds import (
    CANDIDATES_SHOWN,
    ImportContext,
    Kind,
    KnownAs,
    pks_by_external_id,
    resolve_known_as,
)
from kompetensnav.interchange.plain import (
    HOURS,
    Also,
    NotPlain,
    Plain,
    line_text,
    one_of,
    or_empty,
)
from kompetensnav.interchange.plain import ID as PLAIN_ID
from kompetensnav.interchange.registry import register
from kompetensnav.network.models import Organisation

from . import services
from .enums import CourseFormat, CourseStatus
from .models import Course, Session

ID = Column("id", text(64), required=True)


def _courses_titled(value: str) -> list[tuple[int, str, str]]:
    """(pk, title, provider) of the courses with this Swedish or English title."""
    title = " ".join(value.split())
    return list(
        Course.objects.filter(Q(title_sv__iexact=title) | Q(title_en__iexact=title))
        .order_by("title_sv", "pk")
        .values_list("pk", "title_sv", "provider__name")[: CANDIDATES_SHOWN + 1]
    )


COURSES_KNOWN_AS = KnownAs(
    "courses",
    _courses_titled,
    several=gettext_lazy(
        "“%(value)s” is the title of several courses: %(candidates)s. Give the course's id instead."
    ),
    none=gettext_lazy(
        "No course has the id or title “%(value)s”: check the spelling, or import the course first."
    ),
)


def resolve_courses(values: dict, columns: tuple[str, ...], context: ImportContext) -> dict:
    """A course may be given by its interchange id or its title (Swedish or English)."""
    return resolve_known_as(values, columns, COURSES_KNOWN_AS, context)


def _org(external_id: str | None) -> Organisation | None:
    return Organisation.objects.get(external_id=external_id) if external_id else None


def _project(external_id: str | None):
    """The project (projects sits above campus: reached through Course.project, not imported,
    docs/architecture.md)."""
    if not external_id:
        return None
    return Course._meta.get_field("project").related_model.objects.get(external_id=external_id)


# the service's names of what a row error is about, as the file's columns
SERVICE_COLUMNS = {"sites": "receiving_sites", "__all__": "id"}


def _session_rows(rows: list[dict]) -> list[services.SessionRow]:
    """Checked rows as the service takes them: their courses and organisations by pk (a
    query each for the rows together)."""
    courses = pks_by_external_id(Course, (values["course"] for values in rows))
    organisations = pks_by_external_id(
        Organisation,
        (
            o
            for values in rows
            for o in [values["sending_site"], *(values["receiving_sites"] or [])]
        ),
    )
    return [
        services.SessionRow(
            external_id=values["id"],
            course_id=courses[values["course"]],
            start=values["start"],
            end=values["end"],
            hours=values["hours"],
            sending_site_id=organisations.get(values["sending_site"] or ""),
            site_ids=tuple(organisations[o] for o in values["receiving_sites"] or []),
            teacher=values.get("teacher"),
        )
        for values in rows
    ]


def _stockholm(value) -> str:
    return value.astimezone(STOCKHOLM).strftime("%Y-%m-%dT%H:%M")


# the projects' table (projects sits above campus: a course's project by its id, by SQL)
_PROJECTS = Course._meta.get_field("project").related_model._meta.db_table


def _plain_areas(lists: list[str]) -> dict[str, str]:
    """The competence areas a plain file of courses names, found or created once each in the
    order the file names them (as the general path finds them, a row at a time)."""
    names = dict.fromkeys(name for listed in lists if listed for name in listed.split(";"))
    if not all(area_key(name) for name in names):
        raise NotPlain  # a name of no letters: the general path leaves it out
    areas = {name: area_find_or_create(name=name).pk for name in names}
    return {"areas": json.dumps(areas)}  # {name: pk}


# a plain time: Stockholm's, to the minute, as the export writes it (iso_datetime reads it so)
PLAIN_TIME = rb"(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_ZONE = STOCKHOLM.key


_MARGIN = timedelta(hours=3)  # a time this near a change of summer time: the general path


def _steady(times: list[str]) -> bool:
    """Each of these times of Stockholm (YYYY-MM-DDTHH:MM) three hours or more from a change
    to or from summer time: it is then the same instant in Python (a time in the hour that
    is skipped or repeated is read as the first, fold=0) and in PostgreSQL (which reads it
    as the later). A day at a time: changes are months apart, so a day with the same offset
    the day before and two days after has none near it; the times of other days one by one."""
    near: set[str] = set()
    for day in {time[:10] for time in times}:
        try:
            found = date.fromisoformat(day)
        except ValueError:
            return False  # not a date: the general path says so
        before = datetime.combine(found - timedelta(days=1), datetime.min.time(), STOCKHOLM)
        after = datetime.combine(found + timedelta(days=2), datetime.min.time(), STOCKHOLM)
        if before.utcoffset() != after.utcoffset():
            near.add(day)
    for time in {time for time in times if time[:10] in near}:
        found = datetime.fromisoformat(time).replace(tzinfo=STOCKHOLM)
        if (found - _MARGIN).utcoffset() != (found + _MARGIN).utcoffset():
            return False
    return True


# Session.default_hours: end − start as Python subtracts two times of one zone (the clock's
# difference), in hours to two decimals (whole minutes: never a half to round)
_DURATION = 'round(extract(epoch FROM s."end" - s.start) / 3600, 2)'


def _plain_sessions(cells: dict[str, list[str]], context: ImportContext) -> dict[str, object]:
    """A plain file's times far from a change of summer time (else: the general path); the
    actor manages the sessions of each course (else: the general path, which says which);
    the people registered at each site of them (the seats of a new session there)."""
    if not _steady(cells["start"] + cells["end"]):
        raise NotPlain
    courses = Course.objects.filter(external_id__any_of=set(cells["course"])).order_by("pk")
    for course in courses:
        require_unless_system(context.actor, "campus.manage_sessions", course)
    counted = services.registered_at_sites(course_ids={course.pk for course in courses})
    return {
        "counted": json.dumps({f"{c}:{s}": n for (c, s), n in counted.items()}),
        "capacity": services.DEFAULT_SITE_CAPACITY,
    }


# A plain file's new sessions get their receiving sites, DEFAULT_SITE_CAPACITY places each,
# their seats taken by the people registered there, as sessions_import gives them (their
# remote places: none, so none taken); every site given must be found (a site given twice:
# the database refuses)
_PLAIN_SITES = Also(
    sql=(
        "INSERT INTO campus_sessionsite (session_id, organisation_id, room, capacity, "
        "seats_taken) SELECT written.id, site.id, '', %(capacity)s, "
        "LEAST(COALESCE((%(counted)s::jsonb ->> (written.course_id || ':' || site.id))::integer, "
        "0), %(capacity)s) "
        "FROM written JOIN {stage} s ON s.id = written.external_id "
        "CROSS JOIN LATERAL unnest(string_to_array(s.receiving_sites, ';')) AS given(id) "
        "JOIN network_organisation site ON site.external_id = given.id"
    ),
    listed="receiving_sites",
)


@register
class Courses(Kind):
    referenced_kinds = ("organisations", "projects")
    name = "courses"
    model = Course
    columns = [
        ID,
        Column("title", text(200), required=True),
        Column("provider", text(64), required=True),
        Column("description", text(20000, multiline=True), default=""),
        Column("areas", listing(text(80)), default=[]),
        Column("seqf_level", integer(1, 8)),
        Column("format", choice(CourseFormat.values), default=CourseFormat.LIVE_STREAM),
        Column("pilot", boolean, default=False),
        Column("project", text(64)),
        Column("status", choice(CourseStatus.values), default=CourseStatus.PUBLISHED),
    ]
    plain = Plain(
        cells={
            "id": PLAIN_ID,
            "title": line_text(200),
            "provider": PLAIN_ID,
            "description": or_empty(line_text(20000)),
            "areas": or_empty(line_text(80) + b"(?:;" + line_text(80) + b")*"),
            "seqf_level": or_empty(rb"[1-8]"),
            "format": or_empty(one_of(*CourseFormat.values)),
            "pilot": or_empty(one_of(*TRUE, *FALSE)),
            "project": or_empty(PLAIN_ID),
            "status": or_empty(one_of(*CourseStatus.values)),
        },
        lists=("areas",),
        values={
            "external_id": "s.id",
            "title_sv": "s.title",
            "provider_id": "provider.id",
            "description_sv": "COALESCE(s.description, '')",
            "seqf_level_id": "s.seqf_level::smallint",
            "format": f"COALESCE(s.format, '{CourseFormat.LIVE_STREAM}')",
            "pilot": f"COALESCE(s.pilot IN ({', '.join(f"'{t}'" for t in sorted(TRUE))}), false)",
            "project_id": "project.id",
            "status": f"COALESCE(s.status, '{CourseStatus.PUBLISHED}')",
        },
        joins=(
            "JOIN network_organisation provider ON provider.external_id = s.provider "
            f"LEFT JOIN {_PROJECTS} project ON project.external_id = s.project"
        ),
        where="(s.project IS NULL OR project.id IS NOT NULL)",
        read=("areas",),
        params=lambda cells, context: _plain_areas(cells["areas"]),
        also=Also(
            sql=(
                f"INSERT INTO {Course.areas.through._meta.db_table} "  # noqa: S608
                "(course_id, competencearea_id) "
                "SELECT written.id, (%(areas)s::jsonb ->> given.name)::bigint FROM written "
                "JOIN {stage} s ON s.id = written.external_id "
                "CROSS JOIN LATERAL unnest(string_to_array(s.areas, ';')) AS given(name)"
            ),
            listed="areas",
        ),
        after=lambda cursor, stage, pks, context: services.courses_imported(
            actor=context.actor, course_ids=pks
        ),
    )
    bulk_permission = "campus.add_course"  # course_upsert's (the plain path's)

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error("organisations", "provider", [values["provider"]], context)
        if values["project"]:
            errors |= self.reference_error("projects", "project", [values["project"]], context)
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        project = _project(values["project"])
        _obj, created = services.course_upsert(
            actor=context.actor,
            external_id=values["id"],
            provider=_org(values["provider"]),
            title_sv=values["title"],
            description_sv=values["description"] or "",
            areas=areas_find_or_create(names=values["areas"] or []),
            seqf_level_id=values["seqf_level"],
            format=values["format"] or CourseFormat.LIVE_STREAM,
            pilot=bool(values["pilot"]),
            project=project,
            status=values["status"] or CourseStatus.PUBLISHED,
        )
        return created

    def export_queryset(self):
        return (
            Course.objects.select_related("provider", "project")
            .prefetch_related("areas")
            .order_by("pk")
        )

    def export_row(self, obj: Course) -> list:
        return [
            obj.external_id,
            obj.title_sv,
            obj.provider.external_id,
            obj.description_sv,
            ";".join(sorted(a.name for a in obj.areas.all())),
            obj.seqf_level_id or "",
            obj.format,
            obj.pilot,
            obj.project.external_id if obj.project and obj.project.external_id else "",
            obj.status,
        ]


@register
class Sessions(Kind):
    referenced_kinds = ("organisations", "courses")
    name = "sessions"
    model = Session
    columns = [
        ID,
        Column("course", text(200), required=True),
        Column("start", iso_datetime, required=True),
        Column("end", iso_datetime, required=True),
        Column("sending_site", text(64)),
        Column("receiving_sites", listing(text(64)), default=[]),
        Column("hours", decimal(minimum=0, max_digits=5)),
        # not in the contract: read when a file has it (history names its teachers)
        Column("teacher", text(200)),
    ]
    import_only = ("teacher",)
    plain = Plain(
        cells={  # a file naming teachers goes the general way (accounts, notices)
            "id": PLAIN_ID,
            "course": PLAIN_ID,
            "start": PLAIN_TIME,
            "end": PLAIN_TIME,
            "sending_site": or_empty(PLAIN_ID),
            "receiving_sites": or_empty(PLAIN_ID + b"(?:;" + PLAIN_ID + b")*"),
            "hours": or_empty(HOURS),
        },
        types={"start": "timestamp", "end": "timestamp", "hours": "numeric"},
        lists=("receiving_sites",),
        values={
            "external_id": "s.id",
            "course_id": "course.id",
            "start": f"s.start AT TIME ZONE '{_ZONE}'",
            "end": f"s.\"end\" AT TIME ZONE '{_ZONE}'",
            "hours": f"COALESCE(s.hours, {_DURATION})",
            "sending_site_id": "sending.id",
            "teacher_given": "''",
        },
        joins=(
            "JOIN campus_course course ON course.external_id = s.course "
            "LEFT JOIN network_organisation sending ON sending.external_id = s.sending_site"
        ),
        # Sessions.references and services.validate_times (the sites: _PLAIN_SITES)
        where=(
            's."end" >= s.start '
            f"AND (s.hours IS NULL OR s.hours <= {_DURATION}) "
            f"AND COALESCE(s.hours, {_DURATION}) <= {services.MAX_HOURS} "
            "AND (s.sending_site IS NULL OR sending.id IS NOT NULL)"
        ),
        read=("course", "start", "end"),
        params=_plain_sessions,
        also=_PLAIN_SITES,
    )

    def resolve(self, values: dict, context: ImportContext) -> dict[str, str]:
        return resolve_courses(values, ("course",), context)

    def check_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, str]]:
        given = {(values.get("teacher") or "").strip() for _n, values in rows}
        known = services.teacher_accounts([g for g in given if g])  # one query a batch
        for number, values in rows:
            given = (values.get("teacher") or "").strip()
            if given and given.lower() not in known:
                # history: a teacher who has left, or has no account (never a refusal)
                context.notice(
                    number,
                    "teacher",
                    _(
                        "No user is %(teacher)s: the session keeps the teacher as given, and an "
                        "account made later with that e-mail address becomes its teacher."
                    )
                    % {"teacher": given},
                )
        return super().check_rows(rows, context)

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error("courses", "course", [values["course"]], context)
        if values["sending_site"]:
            errors |= self.reference_error(
                "organisations", "sending_site", [values["sending_site"]], context
            )
        sites = values["receiving_sites"] or []
        if len(set(sites)) != len(sites):
            errors["receiving_sites"] = _("An organisation is listed twice.")
        else:
            errors |= self.reference_error("organisations", "receiving_sites", sites, context)
        start, end, hours = values["start"], values["end"], values["hours"]
        if end < start:
            errors["end"] = _("The end is before the start.")
        elif hours is not None and hours > Session.default_hours(start, end):
            errors["hours"] = _("More hours than the session lasts (end − start).")
        elif Session.default_hours(start, end) > services.MAX_HOURS and hours is None:
            errors["hours"] = _("The session lasts more than %(max)s hours: give its hours.") % {
                "max": services.MAX_HOURS
            }
        elif hours is not None and hours > services.MAX_HOURS:
            errors["hours"] = _("At most %(max)s hours.") % {"max": services.MAX_HOURS}
        return errors

    tells_outcomes = False  # sessions_import tells the pks it created and updated

    def write_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, list[str]]]:
        """A batch in one go (services.sessions_import: a fixed number of queries and a seat
        recount per course); a clash the check could not see (a row written meanwhile by
        someone else) writes the batch a row at a time instead, to name the row."""
        if not rows:
            return {}
        batch = _session_rows([values for _n, values in rows])
        try:
            with transaction.atomic():
                done = services.sessions_import(actor=context.actor, rows=batch)
        except IntegrityError:
            return super().write_rows(rows, context)  # upsert(), a row at a time
        if done.errors:
            return {
                rows[index][0]: {SERVICE_COLUMNS.get(k, k): [m] for k, m in found.items()}
                for index, found in done.errors.items()
            }
        context.wrote(Session, created=done.created, updated=done.updated)
        context.written_up_to(rows[-1][0])
        return {}

    def upsert(self, values: dict, context: ImportContext) -> bool:
        done = services.sessions_import(actor=context.actor, rows=_session_rows([values]))
        if done.errors:
            raise ValidationError({SERVICE_COLUMNS.get(k, k): m for k, m in done.errors[0].items()})
        context.wrote(Session, created=done.created, updated=done.updated)
        return bool(done.created)

    def export_queryset(self):
        return (
            Session.objects.select_related("course", "sending_site")
            .prefetch_related("sites__organisation")
            .order_by("pk")
        )

    def export_row(self, obj: Session) -> list:
        return [
            obj.external_id,
            obj.course.external_id,
            _stockholm(obj.start),
            _stockholm(obj.end),
            obj.sending_site.external_id if obj.sending_site else "",
            ";".join(sorted(s.organisation.external_id for s in obj.sites.all())),
            obj.hours,
        ]
