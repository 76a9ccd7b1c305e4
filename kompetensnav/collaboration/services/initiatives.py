"""Writes of the strategic cycle: the strategic level's priorities for a year and a region,
and the initiatives (insatser) that carry them out, with what they produced linked to them."""

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_user
from kompetensnav.campus.models import Course
from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Event
from kompetensnav.projects.models import Project
from kompetensnav.reference.models import Subregion
from kompetensnav.reports.models import CompetenceReport
from kompetensnav.visits.models import Need

from ..enums import InitiativeKind, InitiativeStatus, Origin
from ..models import Actor, Decision, Initiative, Priority

MIN_YEAR, MAX_YEAR = 1900, 2999


@dataclasses.dataclass(frozen=True)
class PriorityFields:
    year: int
    title: str
    subregion: Subregion | None = None
    rank: int = 1
    rationale: str = ""
    area: CompetenceArea | None = None
    analysis: CompetenceReport | None = None
    decided_by: Actor | None = None
    decided_on: date | None = None


@dataclasses.dataclass(frozen=True)
class InitiativeFields:
    title: str
    kind: str
    owner: Actor
    status: str = InitiativeStatus.IDEA
    origin: str = Origin.NEEDS
    description: str = ""
    start: date | None = None
    end: date | None = None
    priority: Priority | None = None
    decision: Decision | None = None
    actors: Sequence[Actor] = ()


# --- priorities ------------------------------------------------------------------------------


def _check_priority(fields: PriorityFields) -> None:
    errors: dict[str, str] = {}
    if not MIN_YEAR <= fields.year <= MAX_YEAR:
        errors["year"] = _("Give a year between %(min)s and %(max)s.") % {
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
    if fields.rank < 1:
        errors["rank"] = _("The rank is 1 or more (1 comes first).")
    if fields.decided_by is not None and not fields.decided_by.is_strategic:
        errors["decided_by"] = _(
            "Priorities are decided by the strategic level: choose an actor at the strategic level."
        )
    if fields.decided_on is not None and fields.decided_on.year > fields.year:
        errors["decided_on"] = _("A priority for %(year)s is decided in that year or before.") % {
            "year": fields.year
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def priority_create(*, actor: ActingUser, fields: PriorityFields) -> Priority:
    require_unless_system(actor, "collaboration.manage_priorities")
    _check_priority(fields)
    return Priority.objects.create(**_values(fields))


def _values(fields: PriorityFields | InitiativeFields) -> dict:
    """The fields by name (dataclasses.asdict would deep-copy the model instances)."""
    return {f.name: getattr(fields, f.name) for f in dataclasses.fields(fields)}


@transaction.atomic
def priority_update(*, actor: ActingUser, priority: Priority, fields: PriorityFields) -> Priority:
    require_unless_system(actor, "collaboration.manage_priorities")
    _check_priority(fields)
    for name, value in _values(fields).items():
        setattr(priority, name, value)
    priority.save()
    return priority


@transaction.atomic
def priority_delete(*, actor: ActingUser, priority: Priority) -> None:
    """Initiatives that carried the priority out stay, without it."""
    require_unless_system(actor, "collaboration.manage_priorities")
    priority.delete()


# --- initiatives -----------------------------------------------------------------------------


def _check_initiative(fields: InitiativeFields) -> None:
    errors: dict[str, str] = {}
    if fields.start and fields.end and fields.end < fields.start:
        errors["end"] = _("The end date cannot be before the start.")
    if fields.origin == Origin.PRIORITY and fields.priority is None:
        errors["priority"] = _("Choose the strategic priority the initiative starts from.")
    if fields.origin == Origin.DECISION and fields.decision is None:
        errors["decision"] = _("An initiative from a council decision needs the decision.")
    if fields.status in (InitiativeStatus.RUNNING, InitiativeStatus.DONE) and not fields.start:
        errors["start"] = _("A running or finished initiative needs its start date.")
    if fields.status == InitiativeStatus.DONE and not fields.end:
        errors["end"] = _("A finished initiative needs its end date.")
    if fields.kind not in InitiativeKind.values:
        errors["kind"] = _("Choose a kind from the list.")
    if errors:
        raise ValidationError(errors)


def _save_actors(initiative: Initiative, fields: InitiativeFields) -> None:
    initiative.actors.set([a for a in fields.actors if a.pk != fields.owner.pk])


@transaction.atomic
def initiative_create(
    *, actor: ActingUser, fields: InitiativeFields, needs: Sequence[Need] = ()
) -> Initiative:
    require_unless_system(actor, "collaboration.create_initiative")
    _check_initiative(fields)
    values = _values(fields)
    values.pop("actors")
    initiative = Initiative.objects.create(**values, created_by=acting_user(actor))
    _save_actors(initiative, fields)
    if needs:
        initiative.needs.add(*needs)
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: ActingUser, initiative: Initiative, fields: InitiativeFields
) -> Initiative:
    require_unless_system(actor, "collaboration.manage_initiative", initiative)
    _check_initiative(fields)
    for name, value in _values(fields).items():
        if name != "actors":
            setattr(initiative, name, value)
    initiative.save()
    _save_actors(initiative, fields)
    return initiative


@transaction.atomic
def initiative_delete(*, actor: ActingUser, initiative: Initiative) -> None:
    """The needs, courses, projects and events it linked stay; only the links go."""
    require_unless_system(actor, "collaboration.manage_initiative", initiative)
    initiative.delete()


# what an initiative can link, by the name used in forms and addresses
OUTCOMES: dict[str, type[Course] | type[Project] | type[Event] | type[Need]] = {
    "course": Course,
    "project": Project,
    "event": Event,
    "need": Need,
}


def _relation(initiative: Initiative, kind: str) -> Any:
    return {
        "course": initiative.courses,
        "project": initiative.projects,
        "event": initiative.events,
        "need": initiative.needs,
    }[kind]


@transaction.atomic
def initiative_link(
    *, actor: ActingUser, initiative: Initiative, kind: str, target: Course | Project | Event | Need
) -> None:
    """Link what the initiative produced (a course, project or event) or a need behind it."""
    require_unless_system(actor, "collaboration.manage_initiative", initiative)
    if kind not in OUTCOMES or not isinstance(target, OUTCOMES[kind]):
        raise ValidationError(_("This cannot be linked to an initiative."))
    _relation(initiative, kind).add(target)


@transaction.atomic
def initiative_unlink(
    *, actor: ActingUser, initiative: Initiative, kind: str, target: Course | Project | Event | Need
) -> None:
    require_unless_system(actor, "collaboration.manage_initiative", initiative)
    if kind not in OUTCOMES:
        raise ValidationError(_("This cannot be linked to an initiative."))
    _relation(initiative, kind).remove(target)
