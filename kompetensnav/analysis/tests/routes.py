"""The matching's routes in the permission matrix. Needs, their suggestions and published
courses are shared; a foreign draft course is not found; telling a company about a course is
for the visiting organisation (and coordinators): another organisation's visit is not found."""

import numpy as np
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.analysis.models import NeedVector
from kompetensnav.campus.models import Course
from kompetensnav.common.demodata import luhn_complete
from kompetensnav.companies.models import Company
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.visits.models import Need, Visit
from tests.permissions import ALL_ROLES, Route

PROVIDERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value, Role.COURSE_PROVIDER.value}
TELLERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value, Role.BROKER.value}
SEE_DRAFTS = {Role.COORDINATOR.value, Role.BOARD.value}
COORDINATOR = {Role.COORDINATOR.value}


def _group(w) -> dict:
    company = w["analysis_own_visit"].company
    return {
        "area": w["analysis_area"].pk,
        "subregion": company.municipality.subregion_id,
        "horizon": "now",
    }


ROUTES: dict[str, Route] = {
    "analysis:unmet_needs": Route(allowed=PROVIDERS),
    "analysis:course_propose": Route(allowed=PROVIDERS, data=_group),
    "analysis:need_detail": Route(
        allowed=ALL_ROLES,
        kwargs=lambda w: {"pk": w["analysis_own_need"].pk},
        foreign_kwargs=lambda w: {"pk": w["analysis_foreign_need"].pk},
        foreign_allowed=ALL_ROLES,
    ),
    "analysis:course_needs": Route(
        allowed=ALL_ROLES,
        kwargs=lambda w: {"pk": w["analysis_course"].pk},
        foreign_kwargs=lambda w: {"pk": w["analysis_foreign_draft"].pk},
        foreign_allowed=SEE_DRAFTS,
    ),
    "analysis:course_tip": Route(
        allowed=TELLERS,
        kwargs=lambda w: {"visit": w["analysis_own_visit"].pk, "course": w["analysis_course"].pk},
        foreign_kwargs=lambda w: {
            "visit": w["analysis_foreign_visit"].pk,
            "course": w["analysis_course"].pk,
        },
        foreign_allowed=COORDINATOR,
    ),
}


def extend_world(world: dict) -> None:
    own, foreign = world["own_org"], world["foreign_org"]
    company = Company.objects.create(
        name="Lidköpings Svets AB",
        org_number=luhn_complete("559912377"),
        municipality_id="1494",
    )
    area = CompetenceArea.objects.create(name="Svetsning i rostfritt")
    world["analysis_area"] = area
    world["analysis_own_visit"] = Visit.objects.create(
        company=company, organisation=own, date=timezone.localdate()
    )
    world["analysis_foreign_visit"] = Visit.objects.create(
        company=company, organisation=foreign, date=timezone.localdate()
    )
    world["analysis_own_need"] = Need.objects.create(
        visit=world["analysis_own_visit"], area=area, horizon="now"
    )
    world["analysis_foreign_need"] = Need.objects.create(
        visit=world["analysis_foreign_visit"], area=area, horizon="now"
    )
    blank = np.zeros(384, dtype="<f4").tobytes()
    for need in (world["analysis_own_need"], world["analysis_foreign_need"]):
        NeedVector.objects.create(
            need=need, vector=blank, text_hash="x", matched_at=need.visit.created
        )
    world["analysis_course"] = Course.objects.create(
        provider=own, title_sv="Svetsning TIG", status="published"
    )
    world["analysis_foreign_draft"] = Course.objects.create(
        provider=foreign, title_sv="Utkast", status="draft"
    )
