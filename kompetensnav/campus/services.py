"""Writes on the course catalogue: courses and their quality-assurance workflow, sessions
and receiving sites. The web forms, the importer and the API all come here.

The workflow: draft → submitted → approved (by the board, with a comment) → published →
archived; the board may send a submitted course back to draft with a comment saying what to
change. A draft, an approved or a published course can be archived (withdrawn).

Editing after submission. The provider may still edit a submitted course (the board has not
decided yet; the history names the fields that changed). Once the board has approved a
course, its reviewed content (REVIEWED_FIELDS and the areas) no longer changes without the
board: a provider's change of it waits as a pending revision beside the published text
(`CourseRevision`), the board is notified and approves it (then it is applied) or sends it
back with a comment; the course stays in the catalogue meanwhile. Practical details (the
project, the contact person, pilot) and anything the board itself or a coordinator changes
apply at once and are logged. An archived course is read-only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, Unpack, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field, Max, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_user
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from kompetensnav.common.actor import Actor
from kompetensnav.common.mail import queue_email
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.competences.services import areas_find_or_create
from kompetensnav.network.models import Contact, Organisation
from kompetensnav.reference.models import SeqfLevel

from . import notices, signals
from .enums import CourseAction, CourseStatus, ReviewDecision, RevisionStatus
from .models import Course, CourseLogEntry, CourseReview, CourseRevision, Session, SessionSite

if TYPE_CHECKING:
    # the documented relation Course.project (docs/architecture.md)
    from kompetensnav.projects.models import Project

# the content the board reviews: a change of it to an approved course waits for the board
REVIEWED_FIELDS = (
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "seqf_level",
    "format",
    "target_group",
)
REVIEWED_STATUSES = (CourseStatus.APPROVED, CourseStatus.PUBLISHED)
DEFAULT_SITE_CAPACITY = 20  # places at a receiving site created by an import
MAX_HOURS = Decimal("999.99")  # what Session.hours can hold
SUBSTANCE_FIELDS = (
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "seqf_level",
    "format",
    "target_group",
    "pilot",
    "project",
    "contact",
)


class CourseFields(TypedDict, total=False):
    """What the course form and the importer set on a course; a key left out keeps its
    value."""

    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    seqf_level: SeqfLevel | None
    seqf_level_id: int | None
    format: str
    target_group: str
    pilot: bool
    project: "Project | None"
    contact: Contact | None


def _log(course: Course, action: str, actor: User | None, comment: str = "") -> CourseLogEntry:
    return CourseLogEntry.objects.create(
        course=course, action=action, actor=actor if actor is not None else None, comment=comment
    )


def _actor_or_none(actor: Actor) -> User | None:
    return acting_user(actor)


def _check_contact(provider: Organisation, contact: Contact | None) -> None:
    if contact is not None and contact.organisation_id != provider.pk:
        raise ValidationError(
            {"contact": _("Choose a contact person of %(org)s.") % {"org": provider}}
        )


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    provider: Organisation,
    areas: Iterable[CompetenceArea] = (),
    new_areas: Iterable[str] = (),
    **fields: Unpack[CourseFields],
) -> Course:
    """A new draft course of the provider organisation, in the areas chosen and in new
    areas named by `new_areas` (created with the course, or not at all)."""
    require_unless_system(actor, "campus.add_course")
    probe = Course(provider=provider)
    require_unless_system(actor, "campus.change_course", probe)
    _check_contact(provider, fields.get("contact"))
    course = Course(provider=provider, status=CourseStatus.DRAFT, **fields)
    course.full_clean()
    course.save()
    course.areas.set([*areas, *areas_find_or_create(names=list(new_areas))])
    _log(course, CourseAction.CREATED, _actor_or_none(actor))
    return course


def _reviews(actor: Actor, course: Course) -> bool:
    """The system (imports), the board and the coordinators change reviewed content at once."""
    return actor is None or actor.has_perm("campus.review_course", course)


def _field_value(name: str, value: Any) -> Any:
    """A value as a revision stores it (JSON): a level by its id."""
    if name == "seqf_level":
        return value.pk if value is not None else None
    return value


def _current_value(course: Course, name: str) -> Any:
    return course.seqf_level_id if name == "seqf_level" else getattr(course, name)


def _propose_revision(
    *,
    actor: Actor,
    course: Course,
    fields: CourseFields,
    areas: list[CompetenceArea] | None,
    new_areas: Iterable[str],
) -> bool:
    """Keep the reviewed content's changes as the course's pending revision (adding to one
    already pending; a value changed back to the published one drops out) and notify the
    board when a new one starts waiting. True when something waits for the board."""
    wanted: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "seqf_level_id":
            wanted["seqf_level"] = value
        elif name in REVIEWED_FIELDS:
            wanted[name] = _field_value(name, value)
    pending = course.revisions.filter(status=RevisionStatus.PENDING).first()
    changes = dict(pending.changes) if pending else {}
    for name, value in wanted.items():
        if value == _current_value(course, name):
            changes.pop(name, None)
        else:
            changes[name] = value
    if areas is not None:
        ids = sorted({a.pk for a in [*areas, *areas_find_or_create(names=list(new_areas))]})
        if ids == sorted(course.areas.values_list("pk", flat=True)):
            changes.pop("areas", None)
        else:
            changes["areas"] = ids
    if not changes:
        if pending is not None:
            pending.delete()  # every change was taken back
        return False
    if pending is not None and pending.changes == changes:
        return True
    new = pending is None
    pending = pending or CourseRevision(course=course, proposed_by=_actor_or_none(actor))
    pending.changes = changes
    pending.save()
    _log(
        course,
        CourseAction.REVISION_PROPOSED,
        _actor_or_none(actor),
        _("Waiting for the board: %(fields)s.") % {"fields": ", ".join(revision_labels(changes))},
    )
    if new:
        _notify_board(pending)
        notices.revision_waits(revision=pending)
    return True


def _notify_board(revision: CourseRevision) -> None:
    """E-mail the board (and the coordinators, who review too) that a change waits."""
    reviewers = sorted(
        set(
            Affiliation.objects.active()
            .filter(role__in=[Role.BOARD, Role.COORDINATOR])
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not reviewers:
        return
    course = revision.course
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "course": course.title_sv,
            "provider": course.provider.name,
            "fields": ", ".join(revision_labels(revision.changes)),
            "url": settings.SITE_URL.rstrip("/")
            + reverse("campus:revision_review", args=[revision.pk]),
        }
        subject = _("A change to %(course)s waits for review") % values
        body = (
            _(
                "Hello,\n\n%(provider)s proposes a change to the approved course %(course)s: "
                "%(fields)s. The published text stays until the board decides.\n\n"
                "Review the change: %(url)s\n"
            )
            % values
        )
    queue_email(subject=subject, body=body, to=reviewers)


def revision_labels(changes: dict[str, Any]) -> list[str]:
    """The names of the fields a revision changes, as the course form names them."""
    return [
        str(cast(Field[Any, Any], Course._meta.get_field(name)).verbose_name) for name in changes
    ]


@transaction.atomic
def course_update(
    *,
    actor: Actor,
    course: Course,
    areas: list[CompetenceArea] | None = None,
    new_areas: Iterable[str] = (),
    **fields: Unpack[CourseFields],
) -> Course:
    """Change a course's details; `areas` (with new areas named by `new_areas`) replace
    its areas when given. After the draft stage the change is logged with the fields that
    changed (see the module docstring)."""
    require_unless_system(actor, "campus.change_course", course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == CourseStatus.ARCHIVED:
        raise ValidationError(_("An archived course cannot be changed."))
    _check_contact(course.provider, fields.get("contact", course.contact))
    course.revision_pending = False
    if course.status in REVIEWED_STATUSES and not _reviews(actor, course):
        proposed = _propose_revision(
            actor=actor, course=course, fields=fields, areas=areas, new_areas=new_areas
        )
        fields = cast(
            CourseFields,
            {k: v for k, v in fields.items() if k not in REVIEWED_FIELDS and k != "seqf_level_id"},
        )
        areas, new_areas = None, ()
        course.revision_pending = proposed
    changed = [
        str(cast(Field[Any, Any], Course._meta.get_field(name)).verbose_name)
        for name, value in fields.items()
        if getattr(course, name) != value
    ]
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    if areas is not None:
        areas = [*areas, *areas_find_or_create(names=list(new_areas))]
        before = set(course.areas.values_list("pk", flat=True))
        course.areas.set(areas)
        if before != {a.pk for a in areas}:
            changed.append(str(Course._meta.get_field("areas").verbose_name))
    if changed and course.status != CourseStatus.DRAFT:
        _log(
            course,
            CourseAction.EDITED,
            _actor_or_none(actor),
            _("Changed: %(fields)s.") % {"fields": ", ".join(changed)},
        )
    return course


# --- the workflow ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    permission: str


TRANSITIONS = {
    "submit": Transition(
        CourseAction.SUBMITTED,
        (CourseStatus.DRAFT,),
        CourseStatus.SUBMITTED,
        "campus.change_course",
    ),
    "approve": Transition(
        CourseAction.APPROVED,
        (CourseStatus.SUBMITTED,),
        CourseStatus.APPROVED,
        "campus.review_course",
    ),
    "send_back": Transition(
        CourseAction.SENT_BACK,
        (CourseStatus.SUBMITTED,),
        CourseStatus.DRAFT,
        "campus.review_course",
    ),
    "publish": Transition(
        CourseAction.PUBLISHED,
        (CourseStatus.APPROVED,),
        CourseStatus.PUBLISHED,
        "campus.publish_course",
    ),
    "archive": Transition(
        CourseAction.ARCHIVED,
        (CourseStatus.DRAFT, CourseStatus.APPROVED, CourseStatus.PUBLISHED),
        CourseStatus.ARCHIVED,
        "campus.publish_course",
    ),
}


def illegal_transition(*, name: str, course: Course) -> ValidationError:
    status = course.get_status_display().lower()
    messages = {
        "submit": _("Only a draft can be submitted for review; this course is %(status)s."),
        "approve": _("Only a course submitted for review can be approved; this one is %(status)s."),
        "send_back": _(
            "Only a course submitted for review can be sent back; this one is %(status)s."
        ),
        "publish": _(
            "Only a course the board has approved can be published; this one is %(status)s."
        ),
        "archive": _("This course cannot be archived: it is %(status)s."),
    }
    return ValidationError(messages[name] % {"status": status}, code="illegal_transition")


def allowed_transitions(*, actor: Actor, course: Course) -> list[str]:
    """The workflow steps the actor may take on the course now (for the buttons shown)."""
    return [
        name
        for name, t in TRANSITIONS.items()
        if course.status in t.sources and actor is not None and actor.has_perm(t.permission, course)
    ]


@transaction.atomic
def course_transition(*, actor: Actor, course: Course, name: str, comment: str = "") -> Course:
    """Move the course one step in the workflow. Raises PermissionDenied when the actor may
    not take the step and ValidationError when the course is not in a status it applies
    to, or a review comment is missing."""
    transition = TRANSITIONS[name]
    require_unless_system(actor, transition.permission, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status not in transition.sources:
        raise illegal_transition(name=name, course=course)
    comment = comment.strip()
    if name == "send_back" and not comment:
        raise ValidationError(
            {"comment": _("Say what the provider should change before sending the course back.")}
        )
    if name in ("approve", "send_back"):
        CourseReview.objects.create(
            course=course,
            reviewer=_actor_or_none(actor),
            decision=ReviewDecision.APPROVED if name == "approve" else ReviewDecision.SENT_BACK,
            comment=comment,
        )
    course.status = transition.target
    course.save(update_fields=["status", "updated"])
    entry = _log(course, transition.action, _actor_or_none(actor), comment)
    notices.review_step(course=course, name=name, entry=entry)
    return course


def course_submit(*, actor: Actor, course: Course) -> Course:
    return course_transition(actor=actor, course=course, name="submit")


def course_approve(*, actor: Actor, course: Course, comment: str = "") -> Course:
    return course_transition(actor=actor, course=course, name="approve", comment=comment)


def course_send_back(*, actor: Actor, course: Course, comment: str) -> Course:
    return course_transition(actor=actor, course=course, name="send_back", comment=comment)


def course_publish(*, actor: Actor, course: Course) -> Course:
    return course_transition(actor=actor, course=course, name="publish")


def course_archive(*, actor: Actor, course: Course) -> Course:
    return course_transition(actor=actor, course=course, name="archive")


# --- changes of approved courses ------------------------------------------------------------


def _decide(revision: CourseRevision, actor: Actor, status: str, comment: str) -> None:
    revision.status = status
    revision.decided_by = _actor_or_none(actor)
    revision.decided_at = timezone.now()
    revision.comment = comment
    revision.save()


@transaction.atomic
def revision_approve(*, actor: Actor, revision: CourseRevision, comment: str = "") -> Course:
    """The board accepts a pending change: it is applied to the course, which stays in its
    status (approved or published)."""
    revision = CourseRevision.objects.select_for_update().get(pk=revision.pk)
    course = Course.objects.select_for_update().get(pk=revision.course_id)
    require_unless_system(actor, "campus.review_course", course)
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError(_("This change has already been decided."))
    changes = dict(revision.changes)
    area_ids = changes.pop("areas", None)
    for name, value in changes.items():
        if name == "seqf_level":
            course.seqf_level_id = value
        elif name in REVIEWED_FIELDS:
            setattr(course, name, value)
    course.full_clean()
    course.save()
    if area_ids is not None:
        course.areas.set(CompetenceArea.objects.filter(pk__in=area_ids))
    _decide(revision, actor, RevisionStatus.APPROVED, comment.strip())
    _log(
        course,
        CourseAction.REVISION_APPROVED,
        _actor_or_none(actor),
        comment.strip() or ", ".join(revision_labels(revision.changes)),
    )
    return course


@transaction.atomic
def revision_reject(*, actor: Actor, revision: CourseRevision, comment: str) -> Course:
    """The board sends a pending change back with a comment: the published text stays."""
    revision = CourseRevision.objects.select_for_update().get(pk=revision.pk)
    course = revision.course
    require_unless_system(actor, "campus.review_course", course)
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError(_("This change has already been decided."))
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say why the change is sent back, so the provider can do it again.")}
        )
    _decide(revision, actor, RevisionStatus.REJECTED, comment.strip())
    _log(course, CourseAction.REVISION_REJECTED, _actor_or_none(actor), comment.strip())
    notices.revision_sent_back(revision=revision)
    if revision.proposed_by is not None and revision.proposed_by.email:
        with translation.override(settings.LANGUAGE_CODE):
            values = {
                "course": course.title_sv,
                "comment": comment.strip(),
                "url": settings.SITE_URL.rstrip("/")
                + reverse("campus:course_detail", args=[course.pk]),
            }
            queue_email(
                subject=_("Your change to %(course)s was sent back") % values,
                body=_(
                    "Hello,\n\nThe board sent back your change to %(course)s; the published "
                    "text stays. The board's comment:\n\n%(comment)s\n\nThe course: %(url)s\n"
                )
                % values,
                to=[revision.proposed_by.email],
            )
    return course


# --- sessions and receiving sites -----------------------------------------------------------


@dataclass
class SiteInput:
    """A receiving site as the form or the importer gives it. capacity None keeps an
    existing site's capacity (or gives a new one DEFAULT_SITE_CAPACITY)."""

    organisation: Organisation
    room: str = ""
    capacity: int | None = None


def _attendance_above(most: Decimal) -> str:
    return _(
        "Attendance of %(most)s hours is already recorded for this session: change that "
        "attendance first, or keep at least %(most)s hours."
    ) % {"most": most.normalize()}


def _places_taken_at(organisation: object, taken: int) -> str:
    return _(
        "%(org)s cannot be removed: %(taken)s places are taken there. Cancel those "
        "registrations first."
    ) % {"org": organisation, "taken": taken}


def validate_times(*, start: datetime, end: datetime, hours: Decimal | None) -> Decimal:
    """The counted hours (end − start when not given). Hours may be fewer than the session
    lasts (breaks), never more."""
    if end < start:
        raise ValidationError({"end": _("The session must end after it starts.")})
    duration = Session.default_hours(start, end)
    if hours is None:
        hours = duration
    if hours < 0:
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    if hours > duration:
        raise ValidationError(
            {
                "hours": _(
                    "At most %(duration)s hours: the session lasts no longer than that. "
                    "Count fewer hours for breaks, never more."
                )
                % {"duration": duration}
            }
        )
    if hours > MAX_HOURS:
        raise ValidationError(
            {"hours": _("At most %(max)s hours in one session.") % {"max": MAX_HOURS}}
        )
    return hours


@transaction.atomic
def session_save(
    *,
    actor: Actor,
    course: Course,
    session: Session | None = None,
    start: datetime,
    end: datetime,
    hours: Decimal | None = None,
    sending_site: Organisation | None = None,
    remote_capacity: int = 0,
    stream_link: str = "",
    sites: list[SiteInput] | None = None,
    external_id: str | None = None,
    imported: bool = False,
    past_confirmed: bool = False,
) -> Session:
    """Create or change a session and its receiving sites. `sites` None leaves the sites as
    they are; a list makes them exactly these: sites not listed are removed (refused when
    places are taken there), and no capacity may go below the places already taken.
    A start in the past (a new session, or a start moved) is history: refused with the code
    "in_the_past" unless imported or `past_confirmed` by the user."""
    require_unless_system(actor, "campus.manage_sessions", course)
    if course.status == CourseStatus.ARCHIVED and not imported:
        raise ValidationError(_("An archived course cannot get new or changed sessions."))
    hours = validate_times(start=start, end=end, hours=hours)
    if session is not None:
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.course_id != course.pk:
            raise ValidationError(_("The session belongs to another course."))
    else:
        session = Session(course=course, external_id=external_id or None)
    moved = session.pk is None or session.start != start
    if moved and start < timezone.now() and not (imported or past_confirmed):
        raise ValidationError(
            {"start": ValidationError(
                _("The start is in the past. If the session has already taken place and you "
                  "record it afterwards, tick “The session has already taken place” below."),
                code="in_the_past",
            )}
        )  # fmt: skip
    if remote_capacity < session.remote_taken:
        raise ValidationError(
            {
                "remote_capacity": _(
                    "%(taken)s remote places are already taken: the remote places cannot be "
                    "fewer than that."
                )
                % {"taken": session.remote_taken}
            }
        )
    if session.pk is not None:
        # attendance already counted may never exceed the session's hours
        most = session.attendances.aggregate(most=Max("hours"))["most"]
        if most is not None and hours < most:
            raise ValidationError({"hours": _attendance_above(most)})
    session.start, session.end, session.hours = start, end, hours
    session.sending_site = sending_site
    session.remote_capacity = remote_capacity
    session.stream_link = stream_link
    session.full_clean(validate_constraints=False)
    session.save()
    if sites is not None:
        _save_sites(session, sites)
    session.overfull = _overfull_names(_recount_seats(course, session))
    return session


def _overfull_names(places: list[Any]) -> list[str]:
    names = []
    for place in places:
        if getattr(place, "remote", False):
            names.append(_("remote places"))
        elif getattr(place, "site_id", None):
            org = Organisation.objects.filter(pk=place.site_id).first()
            if org is not None:
                names.append(org.name)
    return names


def _save_sites(session: Session, sites: list[SiteInput]) -> None:
    existing = {s.organisation_id: s for s in session.sites.select_for_update()}
    wanted: dict[int, SiteInput] = {}
    for site in sites:
        if site.organisation.pk in wanted:
            raise ValidationError(
                {"sites": _("%(org)s is listed twice.") % {"org": site.organisation}}
            )
        wanted[site.organisation.pk] = site
    for org_id, kept in existing.items():
        if org_id not in wanted and kept.seats_taken:
            raise ValidationError({"sites": _places_taken_at(kept.organisation, kept.seats_taken)})
    SessionSite.objects.filter(session=session).exclude(organisation_id__in=wanted).delete()
    for org_id, site in wanted.items():
        current = existing.get(org_id)
        if current is None:
            SessionSite.objects.create(
                session=session,
                organisation=site.organisation,
                room=site.room,
                capacity=DEFAULT_SITE_CAPACITY if site.capacity is None else site.capacity,
            )
            continue
        capacity = current.capacity if site.capacity is None else site.capacity
        if capacity < current.seats_taken:
            raise ValidationError(
                {
                    "sites": _(
                        "%(org)s: %(taken)s places are already taken, so the places cannot "
                        "be fewer than %(taken)s."
                    )
                    % {"org": site.organisation, "taken": current.seats_taken}
                }
            )
        # room and capacity only: seats_taken belongs to the registrations
        SessionSite.objects.filter(pk=current.pk).update(room=site.room, capacity=capacity)


def records_of(*, session: Session) -> list[str]:
    """What other apps have recorded about the session (attendance, say), by name: a
    session with records is history and is not deleted."""
    found = []
    for relation in Session._meta.related_objects:
        model = relation.related_model
        if model is SessionSite or not relation.one_to_many:
            continue
        if model._default_manager.filter(**{relation.field.name: session}).exists():
            found.append(str(model._meta.verbose_name_plural))
    return found


@transaction.atomic
def session_delete(*, actor: Actor, session: Session) -> None:
    """Delete a session and its receiving sites. People registered for the course keep
    their registration (it is for the course, not for one session); a session with
    attendance (or other records) is history and is not deleted."""
    require_unless_system(actor, "campus.manage_sessions", session.course)
    records = records_of(session=session)
    if records:
        raise ValidationError(
            _(
                "The session cannot be deleted: %(records)s has been recorded for it. "
                "Change its time instead, or keep it."
            )
            % {"records": ", ".join(records)}
        )
    session.delete()


def _recount_seats(course: Course, session: Session | None) -> list[Any]:
    """Let the apps above (participants) count the registered people into the seats of new
    or changed sessions (a registration holds a seat in every session at its site), through
    `signals.session_saved`. Returns the places with more people than places, so that staff
    can be told."""
    responses = signals.session_saved.send(sender=Session, course=course, session=session)
    return [place for _receiver, places in responses for place in places or ()]


# --- import ---------------------------------------------------------------------------------


@transaction.atomic
def course_upsert(
    *,
    actor: Actor = None,
    external_id: str,
    provider: Organisation,
    areas: list[CompetenceArea],
    status: str,
    **fields: Unpack[CourseFields],
) -> tuple[Course, bool]:
    """The importer's write: create or update the course with this external id, its
    status as given (imported courses are usually history, published by default)."""
    require_unless_system(actor, "campus.add_course")
    course = Course.objects.filter(external_id=external_id).first()
    created = course is None
    if course is None:
        course = Course(external_id=external_id)
    else:
        require_unless_system(actor, "campus.change_course", course)
    course.provider = provider
    course.status = status
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    course.areas.set(areas)
    if created:
        _log(course, CourseAction.CREATED, _actor_or_none(actor), _("Imported."))
    return course, created


@dataclass(frozen=True)
class SessionRow:
    """A session as an import gives it, its references looked up (primary keys). It gets
    exactly these receiving sites; `teacher` None leaves the teacher as it is, else it is the
    account with that e-mail address, or kept as given (history: a teacher without an
    account)."""

    external_id: str
    course_id: int
    start: datetime
    end: datetime
    hours: Decimal | None
    sending_site_id: int | None
    site_ids: tuple[int, ...]
    teacher: str | None = None


@dataclass
class SessionsImported:
    """What sessions_import did: the errors of rows ({index in rows: {field: message}},
    nothing written when there are any), or the pks it created and updated."""

    errors: dict[int, dict[str, str]]
    created: list[int]
    updated: list[int]


@transaction.atomic
def sessions_import(*, actor: Actor = None, rows: list[SessionRow]) -> SessionsImported:
    """The importer's write of a batch of sessions (created or updated by external id; a
    session may move to another course), in a fixed number of queries plus a recount of seats
    per course touched. Existing sites keep their room, capacity and taken places; new ones
    get DEFAULT_SITE_CAPACITY places; a site left out is removed unless places are taken
    there; counted attendance caps the hours. All or nothing: a row that breaks a rule is an
    error of its index and nothing is written."""
    by_id = {
        external_id: (pk, course_id, teacher_id, teacher_given)
        for pk, external_id, course_id, teacher_id, teacher_given in (
            Session.objects.select_for_update()
            .filter(external_id__any_of=[row.external_id for row in rows])
            .order_by("pk")
            .values_list("pk", "external_id", "course_id", "teacher_id", "teacher_given")
        )
    }
    # the courses given and those sessions move from: the actor manages sessions of both
    courses = Course.objects.in_bulk(
        {row.course_id for row in rows} | {course_id for _pk, course_id, *_r in by_id.values()}
    )
    for course in courses.values():
        require_unless_system(actor, "campus.manage_sessions", course)
    existing_pks = [pk for pk, *_rest in by_id.values()]
    sites: dict[int, dict[int, tuple[int, int]]] = {}  # session: {organisation: (pk, taken)}
    for site_pk, session_id, organisation_id, taken in (
        SessionSite.objects.select_for_update(of=("self",))
        .filter(session_id__any_of=existing_pks)
        .order_by("pk")
        .values_list("pk", "session_id", "organisation_id", "seats_taken")
    ):
        sites.setdefault(session_id, {})[organisation_id] = (site_pk, taken)
    most = dict(
        Session.objects.filter(pk__any_of=existing_pks, attendances__isnull=False)
        .values("pk")
        .annotate(most=Max("attendances__hours"))
        .values_list("pk", "most")
    )
    errors: dict[int, dict[str, str]] = {}
    hours_of: list[Decimal] = []
    removed: list[int] = []
    for index, row in enumerate(rows):
        try:
            hours = validate_times(start=row.start, end=row.end, hours=row.hours)
        except ValidationError as exc:
            errors[index] = {k: " ".join(v) for k, v in exc.message_dict.items()}
            hours_of.append(Decimal(0))
            continue
        hours_of.append(hours)
        if row.external_id not in by_id:
            continue
        session_pk = by_id[row.external_id][0]
        if session_pk in most and hours < most[session_pk]:
            errors[index] = {"hours": _attendance_above(most[session_pk])}
        for organisation_id, (kept, taken) in sites.get(session_pk, {}).items():
            if organisation_id in row.site_ids:
                continue
            if taken:
                errors.setdefault(index, {})["sites"] = _places_taken_at(
                    Organisation.objects.get(pk=organisation_id), taken
                )
            removed.append(kept)
    if errors:
        return SessionsImported(errors, [], [])
    accounts = teacher_accounts([row.teacher for row in rows if row.teacher])
    new: list[Session] = []
    changed: list[Session] = []
    touched_courses = {row.course_id for row in rows}
    for row, hours in zip(rows, hours_of, strict=True):
        known: tuple[int | None, int | None, int | None, str] = by_id.get(
            row.external_id, (None, None, None, "")
        )
        pk, old_course, teacher_id, teacher_given = known
        if row.teacher is not None:
            teacher_id = accounts.get(row.teacher.strip().lower())
            teacher_given = "" if teacher_id is not None else row.teacher.strip()
        session = Session(
            pk=pk,
            external_id=row.external_id,
            course_id=row.course_id,
            start=row.start,
            end=row.end,
            hours=hours,
            sending_site_id=row.sending_site_id,
            teacher_id=teacher_id,
            teacher_given=teacher_given,
        )
        (new if pk is None else changed).append(session)
        if old_course is not None:
            touched_courses.add(old_course)
    fields = ["course", "start", "end", "hours", "sending_site", "teacher", "teacher_given"]
    if changed:
        Session.objects.bulk_update(changed, fields, batch_size=500)
    if new:
        Session.objects.bulk_create(new)
    if removed:
        SessionSite.objects.filter(pk__in=removed).delete()
    pks = {session.external_id: session.pk for session in (*new, *changed)}
    SessionSite.objects.bulk_create(
        [
            SessionSite(
                session_id=pks[row.external_id],
                organisation_id=organisation_id,
                capacity=DEFAULT_SITE_CAPACITY,
            )
            for row in rows
            for organisation_id in row.site_ids
            if organisation_id not in sites.get(pks[row.external_id], {})
        ]
    )
    for course_id in sorted(touched_courses):
        _recount_seats(courses[course_id], None)
    return SessionsImported({}, [s.pk for s in new], [s.pk for s in changed])


def courses_imported(*, actor: Actor = None, course_ids: list[int]) -> None:
    """Courses a plain import wrote with their areas without a service each
    (interchange.plain): each gets the history entry course_upsert gives a course it creates,
    and the apps above hear of them (signals.courses_imported), in two statements."""
    require_unless_system(actor, "campus.add_course")
    user = _actor_or_none(actor)
    with connection.cursor() as cursor:
        # only the model's table name is written into the statement
        cursor.execute(
            f"INSERT INTO {CourseLogEntry._meta.db_table} "  # noqa: S608
            "(course_id, action, actor_id, comment, created) "
            "SELECT course_id, %s, %s, %s, %s FROM unnest(%s::bigint[]) AS course_id",
            [CourseAction.CREATED, getattr(user, "pk", None), _("Imported."), timezone.now(),
             course_ids],
        )  # fmt: skip
    signals.courses_imported.send(sender=Course, course_ids=course_ids)


def registered_at_sites(*, course_ids: set[int]) -> dict[tuple[int, int], int]:
    """The people registered at each receiving site of the courses, {(course_id,
    organisation_id): n}, as the apps above count them (signals.registered_at_sites): what
    the seats of a new session at the site hold."""
    counts: dict[tuple[int, int], int] = {}
    for _receiver, answer in signals.registered_at_sites.send(
        sender=Session, course_ids=course_ids
    ):
        if isinstance(answer, dict):
            counts.update(answer)
    return counts


def teacher_accounts(given: list[str]) -> dict[str, int]:
    """{e-mail address (lower case): the account's pk} of the addresses among `given` that an
    account has (one query)."""
    emails = {g.strip().lower() for g in given if "@" in g}
    if not emails:
        return {}
    return dict(
        User.objects.annotate(address=Lower("email"))
        .filter(address__any_of=emails)
        .values_list("address", "pk")
    )


def given_teachers_link(*, user: User) -> int:
    """The sessions an import kept with this person's e-mail address as their teacher, linked
    to the person's account (made later); the number linked."""
    return (
        Session.objects.filter(teacher_given__iexact=user.email)
        .exclude(teacher_given="")
        .update(teacher=user, teacher_given="")
    )


def organisations_for_sites() -> Q:
    """Organisations that can send or receive a session: every organisation but the
    network's own office."""
    return ~Q(kind="network")
