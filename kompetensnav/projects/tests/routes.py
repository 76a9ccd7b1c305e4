"""The projects app's routes in the permission matrix (tests/test_permission_matrix.py).

Projects are shared across the network: everyone affiliated reads them, and another
organisation's project is found. Coordinators manage every project; the lead partner's
organisation admin manages its own (the world makes own_org the lead of `project`)."""

from datetime import date
from decimal import Decimal

from kompetensnav.accounts.enums import Role
from kompetensnav.projects.models import BudgetLine, Mobility, Project, ProjectPartner
from tests.permissions import ALL_ROLES, Route

MANAGERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value}
COORDINATOR = {Role.COORDINATOR.value}


def _project(w):
    return {"pk": w["project"].pk}


ROUTES: dict[str, Route] = {
    "projects:project_list": Route(allowed=ALL_ROLES),
    "projects:erasmus": Route(allowed=ALL_ROLES),
    "projects:project_create": Route(allowed=COORDINATOR),
    "projects:project_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_project,
        foreign_kwargs=lambda w: {"pk": w["foreign_project"].pk},
        foreign_allowed=ALL_ROLES,
    ),
    "projects:project_edit": Route(allowed=MANAGERS, kwargs=_project),
    "projects:partner_add": Route(allowed=MANAGERS, kwargs=_project),
    "projects:partner_remove": Route(
        allowed=MANAGERS, kwargs=lambda w: {"pk": w["project_partner"].pk}
    ),
    "projects:budget_line_create": Route(allowed=MANAGERS, kwargs=_project),
    "projects:budget_line_edit": Route(
        allowed=MANAGERS, kwargs=lambda w: {"pk": w["budget_line"].pk}
    ),
    "projects:budget_line_delete": Route(
        allowed=MANAGERS, kwargs=lambda w: {"pk": w["budget_line"].pk}
    ),
    "projects:mobility_list": Route(allowed=ALL_ROLES, kwargs=_project),
    "projects:mobility_create": Route(allowed=MANAGERS, kwargs=_project),
    "projects:mobility_edit": Route(allowed=MANAGERS, kwargs=lambda w: {"pk": w["mobility"].pk}),
    "projects:mobility_delete": Route(allowed=MANAGERS, kwargs=lambda w: {"pk": w["mobility"].pk}),
    "projects:incoming_group_create": Route(allowed=MANAGERS, kwargs=_project),
    "projects:participant_report": Route(
        allowed=MANAGERS, kwargs=lambda w: {"pk": w["project"].pk, "fmt": "csv"}
    ),
    "projects:identity_numbers": Route(allowed=MANAGERS, kwargs=_project),
}


def extend_world(world: dict) -> None:
    project = Project.objects.create(
        name="Erasmus+ Väst",
        funder="erasmus_plus",
        start=date(2025, 6, 1),
        end=date(2027, 5, 31),
        granted_places_student=10,
        budget_student_sek=Decimal(100000),
        requires_identity_numbers=True,
    )
    world["project"] = project
    world["project_partner"] = ProjectPartner.objects.create(
        project=project, organisation=world["own_org"], role="lead"
    )
    world["budget_line"] = BudgetLine.objects.create(
        project=project, category="staff", budgeted_sek=Decimal(500000)
    )
    world["mobility"] = Mobility.objects.create(
        project=project, kind="student", status="completed", start=date(2026, 3, 1)
    )
    foreign = Project.objects.create(name="Annat projekt", funder="esf")
    ProjectPartner.objects.create(project=foreign, organisation=world["foreign_org"], role="lead")
    world["foreign_project"] = foreign
