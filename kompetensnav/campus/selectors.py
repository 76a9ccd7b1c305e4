"""Reads of the course catalogue. Every selector takes the acting user (None for the public)
and narrows what it returns: another organisation's unpublished course is not found."""

from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.db.models import (
    Count,
    DateTimeField,
    F,
    Field,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.common.actor import Actor
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.interchange.fields import STOCKHOLM
from kompetensnav.reference.models import SeqfLevel

from .enums import CourseAction, CourseFormat, CourseStatus, RevisionStatus
from .models import Course, CourseLogEntry, CourseReview, CourseRevision, Session, SessionSite

SORTS = {
    "title": ("title_sv", "pk"),
    "-updated": ("-updated", "pk"),
    "provider": ("provider__name", "title_sv", "pk"),
    "status": ("status", "title_sv", "pk"),
    "next": (F("next_session").asc(nulls_last=True), "title_sv", "pk"),
}
PUBLIC_SORTS = {
    "next": (F("next_session").asc(nulls_last=True), "title_sv", "pk"),
    "title": ("title_sv", "pk"),
}


def visible_courses(*, actor: Actor) -> QuerySet[Course]:
    """Courses the actor may read: published ones for everybody (the public included); any
    status of their own organisation's; everything for the board and the coordinators."""
    qs = Course.objects.all()
    affiliation = acting_affiliation(actor) if actor is not None else None
    if affiliation is None:
        return qs.filter(status=CourseStatus.PUBLISHED)
    if affiliation.role in (Role.COORDINATOR, Role.BOARD):
        return qs
    return qs.filter(Q(status=CourseStatus.PUBLISHED) | Q(provider_id=affiliation.organisation_id))


def _upcoming_sessions(now: datetime) -> QuerySet[Session]:
    return Session.objects.filter(start__gte=now)


def _with_next_session(qs: QuerySet[Course], now: datetime) -> QuerySet[Course]:
    return qs.annotate(
        next_session=Subquery(
            Session.objects.filter(course=OuterRef("pk"), start__gte=now)
            .order_by("start")
            .values("start")[:1],
            output_field=DateTimeField(),
        )
    )


def _free_places_sql() -> str:
    """SQL of a course's free places as a new registration can get them, the numbers of the
    registration form (participants' place_options): a registration takes a seat in every
    session of the course at its place, so a site has the fewest free seats among its
    sessions (never below 0), and remote the fewest among the sessions with remote places.
    The sum over the sites is a window over the grouped minimums: one row, one value."""
    site = SessionSite._meta.db_table
    session = Session._meta.db_table
    course = Course._meta.db_table
    free_at_site = "MIN(ss.capacity - ss.seats_taken)"
    free_remote = "MIN(rs.remote_capacity - rs.remote_taken)"
    # table names from the models, no value from outside: nothing to inject
    site_part = (
        f"SELECT SUM(CASE WHEN {free_at_site} > 0 THEN {free_at_site} ELSE 0 END) OVER ()"  # noqa: S608
        f" FROM {site} ss INNER JOIN {session} s ON s.id = ss.session_id"
        f' WHERE s.course_id = "{course}"."id" GROUP BY ss.organisation_id LIMIT 1'
    )
    remote_part = (
        f"SELECT CASE WHEN {free_remote} > 0 THEN {free_remote} ELSE 0 END"  # noqa: S608
        f' FROM {session} rs WHERE rs.course_id = "{course}"."id" AND rs.remote_capacity > 0'
    )
    return f"COALESCE(({site_part}), 0) + COALESCE(({remote_part}), 0)"


def _with_free_places(qs: QuerySet[Course]) -> QuerySet[Course]:
    """Free places as a new registration can get them (_free_places_sql): the same number
    as the registration form's, not a sum over the sessions."""
    return qs.annotate(free_places=RawSQL(_free_places_sql(), (), output_field=IntegerField()))  # noqa: S611


def course_list(
    *,
    actor: Actor,
    search: str = "",
    status: str = "",
    area: int | None = None,
    delivery_format: str = "",
    provider: int | None = None,
    sort: str = "title",
) -> QuerySet[Course]:
    """The logged-in course list: the actor's own organisation's courses in every status and
    the network's published ones (the board and the coordinators see all)."""
    now = timezone.now()
    qs = _with_next_session(
        visible_courses(actor=actor).select_related("provider", "seqf_level"), now
    ).prefetch_related("areas")
    qs = _filter(qs, search=search, area=area, delivery_format=delivery_format)
    if status:
        qs = qs.filter(status=status)
    if provider:
        qs = qs.filter(provider_id=provider)
    return qs.order_by(*SORTS.get(sort, SORTS["title"]))


def _filter(qs: QuerySet, *, search: str, area: int | None, delivery_format: str) -> QuerySet:
    if search:
        qs = qs.filter(
            Q(title_sv__icontains=search)
            | Q(title_en__icontains=search)
            | Q(description_sv__icontains=search)
            | Q(description_en__icontains=search)
        )
    if area:
        qs = qs.filter(pk__in=Course.objects.filter(areas=area).values("pk"))
    if delivery_format:
        qs = qs.filter(format=delivery_format)
    return qs


def review_queue(*, actor: Actor) -> QuerySet[Course]:
    """Submitted courses waiting for the board, oldest submission first."""
    return (
        visible_courses(actor=actor)
        .filter(status=CourseStatus.SUBMITTED)
        .select_related("provider", "seqf_level")
        .prefetch_related("areas")
        .annotate(
            session_count=Count("sessions", distinct=True),
            submitted_at=Max("log__created", filter=Q(log__action=CourseAction.SUBMITTED)),
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )


def course_detail(*, actor: Actor, pk: int) -> Course:
    """One course with its sessions, sites, reviews and history. Raises Course.DoesNotExist
    when the actor may not see it."""
    return (
        visible_courses(actor=actor)
        .select_related("provider__municipality", "seqf_level", "project", "contact")
        .prefetch_related(
            "areas",
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("sending_site", "teacher").prefetch_related(
                    Prefetch("sites", queryset=SessionSite.objects.select_related("organisation"))
                ),
            ),
            Prefetch("reviews", queryset=CourseReview.objects.select_related("reviewer")),
            Prefetch("log", queryset=CourseLogEntry.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def session_for_change(*, actor: Actor, pk: int) -> Session:
    """A session of a course the actor can see. Raises Session.DoesNotExist."""
    return Session.objects.select_related("course", "sending_site").get(
        pk=pk, course__in=visible_courses(actor=actor)
    )


# --- the public catalogue -------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM)


def catalogue(
    *,
    search: str = "",
    area: int | None = None,
    level: int | None = None,
    delivery_format: str = "",
    municipality: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    sort: str = "next",
) -> QuerySet:
    """Published courses for the public catalogue, with their next session and the free
    places a new registration can get (_free_places_sql). The municipality is that of a sending or
    receiving site of an upcoming session; the dates bound an upcoming session's start."""
    now = timezone.now()
    qs = Course.objects.filter(status=CourseStatus.PUBLISHED).select_related(
        "provider", "seqf_level"
    )
    qs = _filter(qs, search=search, area=area, delivery_format=delivery_format)
    if level:
        qs = qs.filter(seqf_level_id=level)
    if municipality or date_from or date_to:
        sessions = _upcoming_sessions(now)
        if municipality:
            sessions = sessions.filter(
                Q(sending_site__municipality_id=municipality)
                | Q(sites__organisation__municipality_id=municipality)
            )
        if date_from:
            sessions = sessions.filter(start__gte=_day_start(date_from))
        if date_to:
            sessions = sessions.filter(start__lt=_day_start(date_to + timedelta(days=1)))
        qs = qs.filter(pk__in=sessions.values("course_id"))
    qs = _with_free_places(_with_next_session(qs, now)).prefetch_related("areas")
    return qs.order_by(*PUBLIC_SORTS.get(sort, PUBLIC_SORTS["next"]))


def public_course(*, pk: int) -> Course:
    """A published course with its upcoming sessions and their sites. Raises
    Course.DoesNotExist for anything unpublished."""
    now = timezone.now()
    return (
        Course.objects.filter(status=CourseStatus.PUBLISHED)
        .select_related("provider__municipality", "seqf_level", "contact")
        .prefetch_related(
            "areas",
            Prefetch(
                "sessions",
                queryset=_upcoming_sessions(now)
                .select_related("sending_site__municipality")
                .prefetch_related(
                    Prefetch(
                        "sites",
                        queryset=SessionSite.objects.select_related("organisation__municipality"),
                    )
                ),
                to_attr="upcoming",
            ),
        )
        .get(pk=pk)
    )


# --- calendars ------------------------------------------------------------------------------


def month_bounds(first_day: date) -> tuple[datetime, datetime]:
    next_month = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _day_start(first_day), _day_start(next_month)


def sessions_between(
    *,
    actor: Actor,
    start: datetime,
    end: datetime | None,
    organisation: int | None = None,
    public: bool = False,
) -> QuerySet[Session]:
    """Sessions starting in [start, end) of courses the actor may see (only published ones
    when public), optionally those an organisation sends or receives."""
    courses = (
        Course.objects.filter(status=CourseStatus.PUBLISHED)
        if public
        else visible_courses(actor=actor)
    )
    qs = Session.objects.filter(course__in=courses, start__gte=start)
    if end is not None:
        qs = qs.filter(start__lt=end)
    if organisation:
        qs = qs.filter(
            Q(sending_site_id=organisation)
            | Q(pk__in=SessionSite.objects.filter(organisation_id=organisation).values("session"))
        )
    return _calendar_sessions(qs)


def _calendar_sessions(qs: QuerySet[Session]) -> QuerySet[Session]:
    return (
        qs.select_related("course__provider", "sending_site")
        .prefetch_related(
            Prefetch("sites", queryset=SessionSite.objects.select_related("organisation"))
        )
        .order_by("start", "pk")
    )


def course_feed_sessions(*, course: Course) -> QuerySet[Session]:
    return _calendar_sessions(Session.objects.filter(course=course))


def site_feed_sessions(*, organisation: int, since: datetime) -> QuerySet[Session]:
    """Published sessions an organisation sends or receives, from `since` on."""
    return sessions_between(
        actor=None,
        start=since,
        end=None,
        organisation=organisation,
        public=True,
    )


# --- changes of approved courses waiting for the board ----------------------------------------


def pending_revisions(*, actor: Actor) -> QuerySet[CourseRevision]:
    """Changes to approved or published courses waiting for the board, oldest first."""
    return (
        CourseRevision.objects.filter(
            status=RevisionStatus.PENDING, course__in=visible_courses(actor=actor)
        )
        .select_related("course__provider", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def pending_revision_of(*, course: Course) -> CourseRevision | None:
    return course.revisions.filter(status=RevisionStatus.PENDING).first()


def revision_for(*, actor: Actor, pk: int) -> CourseRevision:
    """Raises CourseRevision.DoesNotExist for a change of a course the actor may not read."""
    return CourseRevision.objects.select_related("course__provider", "proposed_by").get(
        pk=pk, course__in=visible_courses(actor=actor)
    )


def revision_rows(*, revision: CourseRevision) -> list[tuple[str, str, str]]:
    """(field, the published value, the proposed value) for each change, as people read them."""
    course = revision.course
    levels = {level.pk: str(level) for level in SeqfLevel.objects.all()}
    formats = dict(CourseFormat.choices)
    rows = []
    for name, value in revision.changes.items():
        if name == "areas":
            names = dict(CompetenceArea.objects.filter(pk__in=value).values_list("pk", "name"))
            before = ", ".join(a.name for a in course.areas.order_by("name"))
            after = ", ".join(sorted(names.values(), key=str.casefold))
            rows.append((str(Course._meta.get_field("areas").verbose_name), before, after))
            continue
        label = str(cast(Field[Any, Any], Course._meta.get_field(name)).verbose_name)
        if name == "seqf_level":
            current = course.seqf_level_id
            before = levels.get(current, "–") if current is not None else "–"
            after = levels.get(value, "–")
        elif name == "format":
            before, after = str(formats.get(course.format, "")), str(formats.get(value, value))
        else:
            before, after = str(getattr(course, name) or ""), str(value or "")
        rows.append((label, before, after))
    return rows
