"""Reads of participants, registrations and attendance, narrowed to what the actor may see.

Registrations and attendance are personal data: a coordinator sees all, an organisation
admin or course provider the courses their organisation provides (all sites) and, for
courses it receives, the participants at its own site. Anything else is simply not found
(404). Totals are aggregated in the database.

The rule is written once, here, and every read of a participant's records goes through it
(views, certificates, exports, totals; services should too):

- a registration is visible to the course's provider and to the organisation of its site
  (`_registration_filter`);
- a person's attendance in a course, and so their certificate, is visible to the course's
  provider and to the site where the person is registered for that course: the registration
  decides, not the site where the list was taken (`_attendance_filter`). A person moved to
  another site takes their hours along; a site's cancelled registration counts only while
  the person is not registered at another place."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.common.actor import Actor
from kompetensnav.common.datacache import remember
from kompetensnav.common.dates import day_bounds
from kompetensnav.companies.models import Company
from kompetensnav.companies.selectors import sni_condition
from kompetensnav.figures.privacy import THRESHOLD, Hidden, hidden_cells
from kompetensnav.reference.models import SniCode

from .enums import RegistrationStatus
from .figures import attendance_totals, attended, mean_hours
from .models import Attendance, Participant, Registration

STAFF_ROLES = {Role.ORG_ADMIN, Role.COURSE_PROVIDER}
ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))


@dataclass(frozen=True)
class Scope:
    """What the actor may see: everything (coordinator), or the courses of `org_id` as
    provider and its own site's participants of courses it receives."""

    all: bool
    org_id: int | None

    @property
    def none(self) -> bool:
        return not self.all and self.org_id is None


def scope_of(*, actor: Actor) -> Scope:
    affiliation = acting_affiliation(actor) if actor is not None else None
    if actor is None:
        return Scope(True, None)
    if affiliation is None:
        return Scope(False, None)
    if affiliation.role == Role.COORDINATOR:
        return Scope(True, None)
    if affiliation.role in STAFF_ROLES:
        return Scope(False, affiliation.organisation_id)
    return Scope(False, None)


def _registration_filter(scope: Scope, prefix: str = "") -> Q:
    """Registrations the scope covers (prefix e.g. "registrations__"): the course's
    provider sees every site's, a receiving site its own site's."""
    if scope.all:
        return Q()
    if scope.org_id is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}course__provider_id": scope.org_id}) | Q(
        **{f"{prefix}site_id": scope.org_id}
    )


def _registered_at_site(org_id: int, *, course: OuterRef, participant: OuterRef) -> Q:
    """The participant's registration for the course is at the organisation's site: it has
    one there, and no active one at another place."""
    registrations = Registration.objects.filter(course_id=course, participant_id=participant)
    return Exists(registrations.filter(site_id=org_id)) & ~Exists(
        registrations.active().exclude(site_id=org_id)
    )


def _attendance_filter(scope: Scope) -> Q:
    """Attendance the scope covers: every attendance of the courses it provides, and of the
    courses it receives that of the people registered at its site."""
    if scope.all:
        return Q()
    if scope.org_id is None:
        return Q(pk__in=[])
    return Q(session__course__provider_id=scope.org_id) | _registered_at_site(
        scope.org_id, course=OuterRef("session__course_id"), participant=OuterRef("participant_id")
    )


def registrations_visible(*, actor: Actor) -> QuerySet[Registration]:
    """Every registration the actor may see (actor None: the system, all)."""
    return Registration.objects.filter(_registration_filter(scope_of(actor=actor)))


def attendance_visible(*, actor: Actor) -> QuerySet[Attendance]:
    """Every attendance the actor may see (actor None: the system, all)."""
    return Attendance.objects.filter(_attendance_filter(scope_of(actor=actor)))


def registration_for(*, actor: Actor, pk: int) -> Registration:
    """A registration the actor may see, else 404 (another site's participant included)."""
    qs = registrations_visible(actor=actor).select_related(
        "course__provider", "participant", "site"
    )
    try:
        return qs.get(pk=pk)
    except Registration.DoesNotExist:
        raise Http404 from None


COURSE_SORTS = {
    "-first_start": (F("first_start").desc(nulls_last=True), "title_sv", "pk"),
    "first_start": (F("first_start").asc(nulls_last=True), "title_sv", "pk"),
    "title": (Lower("title_sv"), "pk"),
    "-registered": ("-registered", "title_sv", "pk"),
    "-waitlisted": ("-waitlisted", "title_sv", "pk"),
}


def course_list(*, actor: Actor, search: str = "", sort: str = "-first_start") -> QuerySet[Course]:
    """Courses with registrations or sessions the actor may handle, with counts."""
    scope = scope_of(actor=actor)
    qs = Course.objects.select_related("provider")
    if not scope.all:
        received = SessionSite.objects.filter(
            session__course=OuterRef("pk"),
            organisation_id=scope.org_id,  # type: ignore[misc]  # None: no organisation, none
        )
        qs = qs.filter(Q(provider_id=scope.org_id) | Exists(received))
    if search:
        qs = qs.filter(Q(title_sv__icontains=search) | Q(title_en__icontains=search))
    visible = _registration_filter(scope, "registrations__")
    return qs.annotate(
        registered=Count(
            "registrations",
            filter=visible & Q(registrations__status=RegistrationStatus.REGISTERED),
            distinct=True,
        ),
        waitlisted=Count(
            "registrations",
            filter=visible & Q(registrations__status=RegistrationStatus.WAITLISTED),
            distinct=True,
        ),
        first_start=Min("sessions__start"),
    ).order_by(*COURSE_SORTS.get(sort, COURSE_SORTS["-first_start"]))


def course_for(*, actor: Actor, pk: int) -> Course:
    """A course whose participants the actor may see (provider or receiving site), else 404."""
    qs = course_list(actor=actor)
    try:
        return qs.get(pk=pk)
    except Course.DoesNotExist:
        raise Http404 from None


def registrations_for_course(
    *, actor: Actor, course: Course, status: str = "", search: str = ""
) -> QuerySet[Registration]:
    qs = (
        registrations_visible(actor=actor)
        .filter(course=course)
        .select_related("participant__employer", "site")
    )
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(participant__full_name__icontains=search)
            | Q(participant__email__icontains=search)
            | Q(participant__employer__name__icontains=search)
        )
    return qs.order_by("status", "site__name", "remote", "created", "pk")


def waitlist_positions(*, registrations: Iterable[Registration]) -> dict[int, int]:
    """Position in line per waitlisted registration (pk → n), for one course's list."""
    positions: dict[int, int] = {}
    counters: dict[tuple[Any, ...], int] = {}
    for registration in sorted(registrations, key=lambda r: (r.created, r.pk)):
        if registration.status != RegistrationStatus.WAITLISTED:
            continue
        key = (registration.site_id, registration.remote)
        counters[key] = counters.get(key, 0) + 1
        positions[registration.pk] = counters[key]
    return positions


def session_for_attendance(*, actor: Actor, pk: int) -> Session:
    scope = scope_of(actor=actor)
    qs = Session.objects.select_related("course__provider", "sending_site")
    if not scope.all:
        qs = qs.filter(
            Q(course__provider_id=scope.org_id) | Q(sites__organisation_id=scope.org_id)
        ).distinct()
    try:
        return qs.get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


def attendance_sites(*, actor: Actor, session: Session) -> list[tuple[str, str]]:
    """The sites whose list the actor may take: [(key, name)], key "" = every site."""
    scope = scope_of(actor=actor)
    sites = list(session.sites.select_related("organisation").order_by("organisation__name"))
    if scope.all or session.course.provider_id == scope.org_id:
        options = [(str(s.organisation_id), s.organisation.name) for s in sites]
        if session.remote_capacity:
            options.append(("remote", ""))
        return options
    return [
        (str(s.organisation_id), s.organisation.name)
        for s in sites
        if s.organisation_id == scope.org_id
    ]


def attendance_sheet(*, actor: Actor, session: Session, site: str = "") -> list[dict[str, Any]]:
    """The people on a session's list that the actor may see: registered for the course (at
    the site: an org id or "remote"), plus anyone whose attendance is recorded already.
    Two queries."""
    registrations = (
        registrations_visible(actor=actor)
        .filter(course_id=session.course_id, status=RegistrationStatus.REGISTERED)
        .select_related("participant__employer", "site")
    )
    if site == "remote":
        registrations = registrations.filter(remote=True)
    elif site:
        registrations = registrations.filter(site_id=int(site))
    recorded = {
        a.participant_id: a
        for a in attendance_visible(actor=actor)
        .filter(session=session)
        .select_related("participant")
    }
    rows = {}
    for registration in registrations:
        rows[registration.participant_id] = {
            "participant": registration.participant,
            "registration": registration,
            "attendance": recorded.get(registration.participant_id),
        }
    if not site:
        for participant_id, attendance in recorded.items():
            rows.setdefault(
                participant_id,
                {
                    "participant": attendance.participant,
                    "registration": None,
                    "attendance": attendance,
                },
            )
    return sorted(
        rows.values(), key=lambda r: (r["participant"].full_name.lower(), r["participant"].pk)
    )


# --- totals -----------------------------------------------------------------------------------


def participant_for(*, actor: Actor, pk: int) -> Participant:
    qs = Participant.objects.select_related("employer", "organisation")
    if not scope_of(actor=actor).all:
        qs = qs.filter(pk__in=registrations_visible(actor=actor).values("participant_id"))
    try:
        return qs.get(pk=pk)
    except Participant.DoesNotExist:
        raise Http404 from None


def participant_totals(*, participant: Participant, actor: Actor) -> dict[str, Any]:
    """Hours attended, sessions, first and last attendance (attended = more than 0 hours)."""
    attended = Attendance.objects.filter(
        _attendance_filter(scope_of(actor=actor)), participant=participant, hours__gt=0
    )
    return attended.aggregate(
        hours=Coalesce(Sum("hours"), ZERO),
        sessions=Count("pk"),
        first=Min("session__start"),
        last=Max("session__start"),
    )


def participant_courses(*, participant: Participant, actor: Actor) -> list[dict[str, Any]]:
    """Per course: registration status, hours, sessions attended, first and last."""
    scope = scope_of(actor=actor)
    registrations = (
        Registration.objects.filter(_registration_filter(scope), participant=participant)
        .select_related("course__provider", "site")
        .order_by("-created")
    )
    per_course = {
        row["session__course_id"]: row
        for row in Attendance.objects.filter(
            _attendance_filter(scope), participant=participant, hours__gt=0
        )
        .values("session__course_id")
        .annotate(
            hours=Sum("hours"),
            sessions=Count("pk"),
            first=Min("session__start"),
            last=Max("session__start"),
        )
    }
    return [{"registration": r, "totals": per_course.get(r.course_id)} for r in registrations]


def _attendance_in(scope: Scope, start: date | None, end: date | None) -> QuerySet:
    """Attendance with hours > 0 in sessions starting in [start, end] (Stockholm days), as
    the key figures count it."""
    return attended(start=start, end=end).filter(_attendance_filter(scope))


def employer_totals(
    *, actor: Actor, start: date | None = None, end: date | None = None, search: str = ""
) -> QuerySet[Any, dict[str, Any]]:
    """Per company: participants who attended, and their hours, in the period."""
    scope = scope_of(actor=actor)
    qs = (
        _attendance_in(scope, start, end)
        .filter(participant__employer__isnull=False)
        .values(
            "participant__employer_id",
            "participant__employer__name",
            "participant__employer__org_number",
        )
        .annotate(**attendance_totals(), sessions=Count("pk"))
    )
    if search:
        qs = qs.filter(participant__employer__name__icontains=search)
    return qs.order_by("-hours", "participant__employer__name")


def project_totals(
    *, actor: Actor, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    """Per project: participants registered and attended, hours total, mean and max. The
    projects (an app above) are reached through campus's Course.project, never imported."""
    projects_model = Course._meta.get_field("project").related_model
    scope = scope_of(actor=actor)
    registrations = Registration.objects.active().filter(_registration_filter(scope))
    if start:
        registrations = registrations.filter(registered__gte=start)
    if end:
        registrations = registrations.filter(registered__lte=end)
    registered = {
        row["course__project_id"]: row["n"]
        for row in registrations.filter(course__project__isnull=False)
        .values("course__project_id")
        .annotate(n=Count("participant", distinct=True))
    }
    attendance = _attendance_in(scope, start, end).filter(session__course__project__isnull=False)
    attended = {
        row["session__course__project_id"]: row
        for row in attendance.values("session__course__project_id").annotate(**attendance_totals())
    }
    per_person = (
        attendance.filter(session__course__project_id=OuterRef("pk"))
        .values("participant")
        .annotate(total=Sum("hours"))
        .order_by("-total")
        .values("total")[:1]
    )
    projects = (
        projects_model._default_manager.filter(pk__in=set(registered) | set(attended))
        .annotate(max_hours=Subquery(per_person))
        .order_by("name")
    )
    rows = []
    for project in projects:
        totals = attended.get(project.pk, {"participants": 0, "hours": Decimal("0")})
        mean = mean_hours(totals["hours"], totals["participants"])
        rows.append(
            {
                "project": project,
                "registered": registered.get(project.pk, 0),
                "attended": totals["participants"],
                "hours": totals["hours"],
                "mean": mean,
                "max": project.max_hours or Decimal("0"),
            }
        )
    return rows


def participants_of_company(*, company: Company) -> list[dict[str, Any]]:
    """A company's employees on courses, per course, as counts only (no names: the company
    page is shared across the network): registered, attended (> 0 hours) and hours."""
    rows = (
        Registration.objects.filter(participant__employer=company)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("course_id", "course__title_sv", "course__provider__name")
        .annotate(
            registered=Count("participant", distinct=True),
            waitlisted=Count(
                "participant", distinct=True, filter=Q(status=RegistrationStatus.WAITLISTED)
            ),
        )
        .order_by("course__title_sv")
    )
    hours: dict[int, Mapping[str, Any]] = {
        row["session__course_id"]: row
        for row in attended()
        .filter(participant__employer=company)
        .values("session__course_id")
        .annotate(**attendance_totals())
    }
    return [
        {
            "course_id": row["course_id"],
            "title": row["course__title_sv"],
            "provider": row["course__provider__name"],
            "registered": row["registered"],
            "waitlisted": row["waitlisted"],
            "attended": hours.get(row["course_id"], {}).get("participants", 0),
            "hours": hours.get(row["course_id"], {}).get("hours") or 0,
        }
        for row in rows
    ]


# --- gender in the needs analysis ---------------------------------------------------------

GENDER_CELLS = ("F", "M", "other")  # other: other or non-binary, and not stated
GENDER_COURSES = 20  # the courses with most participants


def _gender_cell(gender: str) -> str:
    return gender if gender in ("F", "M") else "other"


def _pivot(
    rows: Iterable[Mapping[str, Any]], into: dict[Any, dict[str, Any]], measure: str
) -> None:
    for row in rows:
        entry = into.setdefault(
            row["key"],
            {
                "key": row["key"],
                "label": row.get("label"),
                "registered": dict.fromkeys(GENDER_CELLS, 0),
                "attended": dict.fromkeys(GENDER_CELLS, 0),
            },
        )
        if entry["label"] is None:
            entry["label"] = row.get("label")
        entry[measure][_gender_cell(row["gender"])] += row["people"]


def _shown(cells: dict[str, int]) -> dict[str, object]:
    """The cells as a shared view shows them (figures/privacy.py, rules 1 and 2), and the
    total."""
    hide = hidden_cells(cells)
    shown: dict[str, object] = {
        cell: Hidden(few=n < THRESHOLD) if cell in hide else n for cell, n in cells.items()
    }
    shown["total"] = sum(cells.values())
    return shown


class GenderFilters(Protocol):
    """What the gender breakdown reads of a page's filters (the needs analysis' NeedFilters
    has these, and more)."""

    date_from: date
    date_to: date
    area: int | None
    sni: str


# The apps whose tables the gender breakdown reads (common.datacache).
GENDER_SOURCES = frozenset(
    {"participants", "campus", "companies", "reference", "competences", "network"}
)


def gender_breakdown(*, actor: Actor, filters: GenderFilters) -> dict[str, list[dict[str, Any]]]:
    """_gender_breakdown(), kept until the registrations, attendance or what they name
    change: network-wide, whoever asks."""
    key = (filters.date_from, filters.date_to, filters.area, filters.sni, get_language())
    return remember(
        "gender_breakdown",
        key,
        lambda: _gender_breakdown(filters),
        apps=GENDER_SOURCES,
    )


def _gender_breakdown(filters: GenderFilters) -> dict[str, list[dict[str, Any]]]:
    """Participants registered (not cancelled, registered in the period) and attended (hours
    in a session of the period), women, men and others (other or non-binary, or not stated),
    per competence area of the course, per industry (SNI section) of the employer and per
    course (the GENDER_COURSES with most registered). The needs analysis' period, area and
    industry filters apply. Counts of people below 5 are hidden by the rule of the key
    figures. Aggregated in the database: seven queries."""
    registered = Registration.objects.exclude(status=RegistrationStatus.CANCELLED).filter(
        registered__gte=filters.date_from, registered__lte=filters.date_to
    )
    start, end = day_bounds(filters.date_from, filters.date_to)
    attended = Attendance.objects.filter(
        hours__gt=0, session__start__gte=start, session__start__lt=end
    )
    if filters.area:
        registered = registered.filter(course__areas=filters.area)
        attended = attended.filter(session__course__areas=filters.area)
    if filters.sni:
        registered = registered.filter(
            sni_condition(code=filters.sni, field="participant__employer__sni")
        )
        attended = attended.filter(
            sni_condition(code=filters.sni, field="participant__employer__sni")
        )

    def grouped(qs: QuerySet[Any], **keys: Any) -> Any:
        return (
            qs.values(**keys, gender=F("participant__gender"))
            .annotate(people=Count("participant", distinct=True))
            .order_by()
        )

    dimensions: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
        "areas": (
            {"key": F("course__areas"), "label": F("course__areas__name")},
            {"key": F("session__course__areas"), "label": F("session__course__areas__name")},
        ),
        "industries": (
            {
                "key": Coalesce(
                    "participant__employer__sni__parent_id", "participant__employer__sni_id"
                )
            },
            {
                "key": Coalesce(
                    "participant__employer__sni__parent_id", "participant__employer__sni_id"
                )
            },
        ),
        # a course by its title and provider: several members give courses of one title
        "courses": (
            {
                "key": F("course_id"),
                "label": Concat("course__title_sv", Value(" – "), "course__provider__name"),
            },
            {
                "key": F("session__course_id"),
                "label": Concat(
                    "session__course__title_sv", Value(" – "), "session__course__provider__name"
                ),
            },
        ),
    }
    found: dict[str, list[dict[str, Any]]] = {}
    for name, (on_registrations, on_attendance) in dimensions.items():
        rows: dict[Any, dict[str, Any]] = {}
        _pivot(grouped(registered, **on_registrations), rows, "registered")
        _pivot(grouped(attended, **on_attendance), rows, "attended")
        found[name] = list(rows.values())
    sections = {
        s.code: f"{s.code} {s.name}"
        for s in SniCode.objects.filter(code__in=[r["key"] for r in found["industries"]])
    }
    not_stated = _("Not stated")
    for name, rows_of in found.items():
        for row in rows_of:
            if row["key"] in (None, ""):
                row["key"], row["label"] = "", not_stated
            elif name == "industries":
                row["label"] = sections.get(row["key"], row["key"])
            row["total"] = sum(row["registered"].values())
        rows_of.sort(key=lambda r: (r["key"] == "", -r["total"], str(r["label"])))
    found["courses"] = found["courses"][:GENDER_COURSES]
    for rows_of in found.values():
        for row in rows_of:
            row["registered"] = _shown(row["registered"])
            row["attended"] = _shown(row["attended"])
    return found


# --- a course provider's start page ------------------------------------------------------------

RECORD_DAYS = 30
PROVIDER_SHOWN = 10


def provider_day(*, actor: Actor, now: datetime) -> dict[str, Any]:
    """A course provider's start page, for the organisation they act for: its courses by
    status, the sessions of this week (its own courses' and those it receives), and the
    sessions of the last RECORD_DAYS days that have ended with participants registered (at
    its site, or any site of its own course) and no attendance recorded yet."""
    scope = scope_of(actor=actor)
    if scope.all or scope.org_id is None:
        return {}
    org = scope.org_id
    statuses = dict(
        Course.objects.filter(provider_id=org)
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    week_start, week_end = day_bounds(monday, monday + timedelta(days=6))
    ours = Q(course__provider_id=org) | Q(sites__organisation_id=org)
    week = (
        Session.objects.filter(ours, start__gte=week_start, start__lt=week_end)
        .select_related("course")
        .distinct()
        .order_by("start", "pk")[:PROVIDER_SHOWN]
    )
    registered = Registration.objects.filter(
        Q(course__provider_id=org) | Q(site_id=org),
        course=OuterRef("course"),
        status=RegistrationStatus.REGISTERED,
    )
    recorded = Attendance.objects.filter(
        Q(session__course__provider_id=org) | Q(site_id=org), session=OuterRef("pk")
    )
    to_record = (
        Session.objects.filter(ours, end__lt=now, end__gte=now - timedelta(days=RECORD_DAYS))
        .filter(Exists(registered))
        .exclude(Exists(recorded))
        .select_related("course")
        .distinct()
        .order_by("-start", "pk")[:PROVIDER_SHOWN]
    )
    return {
        "statuses": statuses,
        "week": list(week),
        "to_record": list(to_record),
        "monday": monday,
    }
