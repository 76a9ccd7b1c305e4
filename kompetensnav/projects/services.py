"""Writes of projects and mobilities (keyword-only, atomic)."""

import dataclasses
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.common.actor import Actor
from kompetensnav.common.mail import queue_email
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.common.templatetags.swedish import sek
from kompetensnav.network.models import Event, Organisation
from kompetensnav.reference.models import Country

from . import notices
from .cofinancing import cofinancing
from .enums import BudgetCategory
from .models import BudgetLine, IncomingGroup, Mobility, Project, ProjectPartner


@transaction.atomic
def project_upsert(
    *,
    actor: Actor,
    external_id: str,
    name: str,
    funder: str,
    start: date | None = None,
    end: date | None = None,
    budget_sek: Decimal | None = None,
    cofinancing_sek_per_hour: Decimal | None = None,
    granted_places_student: int | None = None,
    granted_places_staff: int | None = None,
    budget_student_sek: Decimal | None = None,
    budget_staff_sek: Decimal | None = None,
) -> tuple[Project, bool]:
    project, created = Project.objects.update_or_create(
        external_id=external_id,
        defaults={
            "name": name,
            "funder": funder,
            "start": start,
            "end": end,
            "budget_sek": budget_sek,
            "cofinancing_sek_per_hour": cofinancing_sek_per_hour,
            "granted_places_student": granted_places_student,
            "granted_places_staff": granted_places_staff,
            "budget_student_sek": budget_student_sek,
            "budget_staff_sek": budget_staff_sek,
        },
    )
    return project, created


@transaction.atomic
def mobility_upsert(
    *,
    actor: Actor,
    external_id: str,
    project: Project,
    kind: str,
    status: str,
    country_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
    grant_sek: Decimal | None = None,
) -> tuple[Mobility, bool]:
    mobility, created = Mobility.objects.update_or_create(
        external_id=external_id,
        defaults={
            "project": project,
            "kind": kind,
            "status": status,
            "country_id": country_id,
            "start": start,
            "end": end,
            "grant_sek": grant_sek,
        },
    )
    return mobility, created


class ProjectFields(TypedDict, total=False):
    """What the project form sets; a key left out keeps its value."""

    name: str
    funder: str
    start: date | None
    end: date | None
    description: str
    budget_sek: Decimal | None
    cofinancing_sek_per_hour: Decimal | None
    granted_places_student: int | None
    granted_places_staff: int | None
    budget_student_sek: Decimal | None
    budget_staff_sek: Decimal | None
    utilisation_target_pct: int
    requires_identity_numbers: bool
    events: Iterable[Event]


class MobilityFields(TypedDict, total=False):
    """What the mobility form sets; a key left out keeps its value."""

    kind: str
    status: str
    participant_reference: str
    sending_member: Organisation | None
    host_organisation: str
    country: Country | None
    start: date | None
    end: date | None
    grant_sek: Decimal | None


def _validated[M: models.Model](instance: M) -> M:
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def project_save(
    *, actor: Actor, project: Project | None = None, **fields: Unpack[ProjectFields]
) -> Project:
    """Create a project (coordinators) or update one (coordinators, the owner's admin)."""
    if project is None:
        require_unless_system(actor, "projects.create_project")
        project = Project()
    else:
        require_unless_system(actor, "projects.manage_project", project)
    events = fields.pop("events", None)
    for name, value in fields.items():
        setattr(project, name, value)
    _validated(project)
    if events is not None:
        project.events.set(events)
    return project


@transaction.atomic
def partner_add(
    *, actor: Actor, project: Project, organisation: Organisation, role: str
) -> ProjectPartner:
    require_unless_system(actor, "projects.manage_project", project)
    if project.partners.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("The organisation is already a partner.")})
    return _validated(ProjectPartner(project=project, organisation=organisation, role=role))


@transaction.atomic
def partner_remove(*, actor: Actor, partner: ProjectPartner) -> None:
    require_unless_system(actor, "projects.manage_project", partner.project)
    partner.delete()


def _save_part[P: BudgetLine | Mobility | IncomingGroup](
    actor: Actor, permission: str, project: Project, part: P, fields: dict[str, Any]
) -> P:
    """Create or change a part of a project (budget line, mobility, incoming group): the
    permission on the project, and never a part of another project."""
    require_unless_system(actor, permission, project)
    if part.pk is None:
        part.project = project
    elif part.project_id != project.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(part, name, value)
    return _validated(part)


@dataclasses.dataclass(frozen=True)
class BudgetLineFields:
    """What the budget line form sets."""

    category: str
    budgeted_sek: Decimal
    actual_sek: Decimal = Decimal(0)
    note: str = ""


@dataclasses.dataclass(frozen=True)
class IncomingGroupFields:
    """What the incoming group form sets."""

    organisation_name: str
    country: Country
    host: Organisation | None
    start: date
    end: date
    participants: int


def _values(fields: BudgetLineFields | IncomingGroupFields) -> dict[str, Any]:
    # not dataclasses.asdict, which deep-copies the model instances
    return {f.name: getattr(fields, f.name) for f in dataclasses.fields(fields)}


@transaction.atomic
def budget_line_save(
    *, actor: Actor, project: Project, line: BudgetLine | None = None, fields: BudgetLineFields
) -> BudgetLine:
    """A budget line. The actual value of participants' time is not typed: the project page
    computes it from the attendance hours (cofinancing.py), so that it has one value."""
    if fields.category == BudgetCategory.PARTICIPANTS_TIME and fields.actual_sek:
        raise ValidationError(
            {
                "actual_sek": _(
                    "The actual value of participants' time is computed from the attendance "
                    "hours × the project's rate per hour; leave Actual at 0."
                )
            }
        )
    return _save_part(
        actor, "projects.manage_project", project, line or BudgetLine(), _values(fields)
    )


@transaction.atomic
def budget_line_delete(*, actor: Actor, line: BudgetLine) -> None:
    require_unless_system(actor, "projects.manage_project", line.project)
    line.delete()


@transaction.atomic
def mobility_save(
    *,
    actor: Actor,
    project: Project,
    mobility: Mobility | None = None,
    **fields: Unpack[MobilityFields],
) -> Mobility:
    return _save_part(
        actor, "projects.manage_mobilities", project, mobility or Mobility(), dict(fields)
    )


@transaction.atomic
def mobility_delete(*, actor: Actor, mobility: Mobility) -> None:
    require_unless_system(actor, "projects.manage_mobilities", mobility.project)
    mobility.delete()


@transaction.atomic
def incoming_group_save(
    *,
    actor: Actor,
    project: Project,
    group: IncomingGroup | None = None,
    fields: IncomingGroupFields,
) -> IncomingGroup:
    return _save_part(
        actor, "projects.manage_mobilities", project, group or IncomingGroup(), _values(fields)
    )


WARNING_INTERVAL_DAYS = 30


def cofinancing_warnings_send(
    *, today: date | None = None, project_ids: Iterable[int] | None = None
) -> list[Project]:
    """E-mail the network coordinators about running projects whose co-financing forecast
    falls short; at most once every WARNING_INTERVAL_DAYS per project. Returns the projects
    warned about. `project_ids` limits the check (after attendance in those projects)."""
    today = today or timezone.localdate()
    due = Project.objects.filter(cofinancing_sek_per_hour__isnull=False, end__gte=today).exclude(
        forecast_warned_on__gt=today - timedelta(days=WARNING_INTERVAL_DAYS)
    )
    if project_ids is not None:
        due = due.filter(pk__in=project_ids)
    short = [(p, r) for p in due if (r := cofinancing(p, today=today)).shortfall]
    if not short:
        return []
    coordinators = (
        Affiliation.objects.filter(role=Role.COORDINATOR, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    base = settings.SITE_URL.rstrip("/")
    with transaction.atomic():
        for affiliation in coordinators:
            user = affiliation.user
            with translation.override(user.language or "sv"):
                lines = [
                    _(
                        "%(project)s: forecast %(forecast)s of the budgeted %(target)s "
                        "(%(shortfall)s short). %(url)s"
                    )
                    % {
                        "project": project.name,
                        "forecast": sek(result.forecast),
                        "target": sek(result.target),
                        "shortfall": sek(result.shortfall),
                        "url": base + reverse("projects:project_detail", args=[project.pk]),
                    }
                    for project, result in short
                ]
                queue_email(
                    subject=_("Co-financing forecast falls short"),
                    body=_(
                        "At the pace so far, the value of participants' time will not reach "
                        "the budgeted co-financing in these projects:"
                    )
                    + "\n\n"
                    + "\n".join(lines)
                    + "\n",
                    to=[user.email],
                )
        for project, result in short:
            notices.shortfall_tell(
                recipients={a.user_id for a in coordinators},
                project=project,
                result=result,
                today=today,
            )
        Project.objects.filter(pk__in=[p.pk for p, _r in short]).update(forecast_warned_on=today)
    return [p for p, _r in short]
