"""The visits app's routes in the permission matrix (tests/test_permission_matrix.py).

A visit is private to the visiting organisation and the network's coordinators: another
organisation's visit answers 404 (coordinators see them all). The visit plan is private to
its organisation, coordinators included. Needs and the dashboard are shared."""

from datetime import date

from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import Company
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.visits.models import Need, PlanItem, Visit, VisitDraft
from tests.permissions import ALL_ROLES, Route

LOGGERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value, Role.BROKER.value}
COORDINATOR = {Role.COORDINATOR.value}


def _own_visit(w):
    return {"pk": w["own_visit"].pk}


def _foreign_visit(w):
    return {"pk": w["foreign_visit"].pk}


def _own_plan_item(w):
    # the coordinator acts for the network's own organisation, whose plan is theirs
    key = "network_plan_item" if w.get("role") == Role.COORDINATOR.value else "own_plan_item"
    return {"pk": w[key].pk}


def _own_draft(w):
    # each role's own draft; roles that cannot log visits get the broker's (and a 403)
    drafts = w["visit_drafts"]
    return {"pk": drafts.get(w.get("role"), drafts[Role.BROKER.value]).pk}


def _foreign_draft(w):
    """Somebody else's draft: nobody may open it, not even a coordinator (404)."""
    return {"pk": w["visit_drafts"]["other"].pk}


ROUTES: dict[str, Route] = {
    "visits:visit_list": Route(allowed=ALL_ROLES),
    "visits:visit_create": Route(allowed=LOGGERS),
    "visits:visit_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_own_visit,
        foreign_kwargs=_foreign_visit,
        foreign_allowed=COORDINATOR,
    ),
    "visits:visit_edit": Route(
        allowed=LOGGERS,
        kwargs=_own_visit,
        foreign_kwargs=_foreign_visit,
        foreign_allowed=COORDINATOR,
    ),
    "visits:visit_delete": Route(
        allowed=LOGGERS,
        kwargs=_own_visit,
        foreign_kwargs=_foreign_visit,
        foreign_allowed=COORDINATOR,
    ),
    "visits:draft_delete": Route(allowed=LOGGERS, kwargs=_own_draft, foreign_kwargs=_foreign_draft),
    "visits:followups": Route(allowed=LOGGERS),
    "visits:followup_done": Route(
        allowed=LOGGERS,
        method="post",
        ok=302,
        kwargs=_own_visit,
        foreign_kwargs=_foreign_visit,
        foreign_allowed=COORDINATOR,
    ),
    "visits:followup_reschedule": Route(
        allowed=LOGGERS,
        method="post",
        ok=302,
        kwargs=_own_visit,
        foreign_kwargs=_foreign_visit,
        foreign_allowed=COORDINATOR,
        data={"on": "2030-01-15"},
    ),
    "visits:plan_list": Route(allowed=LOGGERS),
    "visits:plan_create": Route(allowed=LOGGERS),
    "visits:plan_edit": Route(
        allowed=LOGGERS,
        kwargs=_own_plan_item,
        foreign_kwargs=lambda w: {"pk": w["foreign_plan_item"].pk},
    ),
    "visits:dashboard": Route(allowed=ALL_ROLES),
    "visits:need_list": Route(allowed=ALL_ROLES),
    "visits:dashboard_export": Route(allowed=ALL_ROLES, kwargs=lambda w: {"fmt": "csv"}),
}


def extend_world(world: dict) -> None:
    own, foreign = world["own_org"], world["foreign_org"]
    company = Company.objects.create(
        name="Skaraborgs Svets AB", org_number="556677-8899", municipality_id="1496"
    )
    area = CompetenceArea.objects.create(name="Svetsning")
    world["own_visit"] = Visit.objects.create(
        company=company, organisation=own, date=date(2026, 3, 2), notes="Egen anteckning"
    )
    world["foreign_visit"] = Visit.objects.create(
        company=company, organisation=foreign, date=date(2026, 3, 3), notes="Annans anteckning"
    )
    Need.objects.create(visit=world["own_visit"], area=area, horizon="now")
    Need.objects.create(visit=world["foreign_visit"], area=area, horizon="1-3y")
    world["own_plan_item"] = PlanItem.objects.create(organisation=own, company=company)
    network = world["users"][Role.COORDINATOR.value].affiliations.first().organisation
    world["network_plan_item"] = PlanItem.objects.create(organisation=network, company=company)
    world["foreign_plan_item"] = PlanItem.objects.create(organisation=foreign, company=company)
    users = world["users"]
    world["visit_drafts"] = {
        role: VisitDraft.objects.create(
            author=users[role],
            organisation=users[role].affiliations.first().organisation,
            data={"notes": ["Halvfärdigt"]},
        )
        for role in LOGGERS
    }
    world["visit_drafts"]["other"] = VisitDraft.objects.create(
        author=users[Role.VIEWER.value], organisation=own, data={}
    )
