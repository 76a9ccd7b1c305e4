"""Projects (ESF, Interreg, regional, Erasmus+) with their budget lines and mobilities, as
the project pages show them to every member; created by coordinators and kept by the
project owner's admin (token scope `write:projects`), through the same services."""

from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Router
from ninja.pagination import paginate

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.network.models import Organisation
from kompetensnav.projects import selectors, services
from kompetensnav.projects.models import Mobility, Project
from kompetensnav.reference.models import Country

from ..chain_schemas import (
    BudgetLineIn,
    BudgetLineOut,
    MobilityIn,
    MobilityOut,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
)
from ..pagination import ApiPagination
from ..params import MAX_ID, UpdatedSince, changed_since
from ..responses import with_errors
from ..writes import body_of, check_if_match, json_answer, referenced, write

router = Router(tags=["projects"])

ProjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="The project's id.")]


def _project(request: HttpRequest, pk: int) -> Project:
    try:
        return selectors.project_detail(actor=request.user, pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None


@router.get(
    "/projects",
    response=with_errors(list[ProjectOut], 403),
    operation_id="project_list",
    summary="The network's projects",
    description="The latest start first, then by name; with `updated_since`, only projects "
    "changed since.",
)
@paginate(ApiPagination)
def project_list(request: HttpRequest, updated_since: UpdatedSince = None):
    projects = selectors.project_list(actor=request.user).order_by("-start", "name", "pk")
    return changed_since(projects, updated_since)


@router.get(
    "/projects/{id}",
    response=with_errors(ProjectOut, 403, 404),
    operation_id="project_get",
    summary="One project",
    description="With an ETag: send it as If-Match when you change the project.",
)
def project_get(request: HttpRequest, id: ProjectId) -> HttpResponse:
    return json_answer(body_of(ProjectOut, _project(request, id)))


@router.post(
    "/projects",
    response=with_errors({201: ProjectOut}, 403),
    operation_id="project_create",
    summary="Create a project",
    description="Needs the scope `write:projects` and a coordinator's role.",
)
def project_create(request: HttpRequest, payload: ProjectIn) -> HttpResponse:
    return write(
        request,
        scope=TokenScope.PROJECTS_WRITE,
        schema=ProjectOut,
        run=lambda: services.project_save(actor=request.user, **payload.model_dump()),
        status=201,
        location=lambda project: reverse("api:project_get", kwargs={"id": project.pk}),
    )


@router.patch(
    "/projects/{id}",
    response=with_errors(ProjectOut, 403, 404, 412),
    operation_id="project_update",
    summary="Change a project",
    description=(
        "Needs the scope `write:projects` and the right to manage the project (a "
        "coordinator, the project owner's admin). Only the fields sent change."
    ),
)
def project_update(request: HttpRequest, id: ProjectId, payload: ProjectPatch) -> HttpResponse:
    project = _project(request, id)

    def run() -> Project:
        locked = Project.objects.select_for_update().get(pk=project.pk)
        check_if_match(request, body_of(ProjectOut, locked))
        return services.project_save(
            actor=request.user, project=locked, **payload.model_dump(exclude_unset=True)
        )

    return write(request, scope=TokenScope.PROJECTS_WRITE, schema=ProjectOut, run=run)


@router.get(
    "/projects/{id}/budget-lines",
    response=with_errors(list[BudgetLineOut], 403, 404),
    operation_id="budget_line_list",
    summary="The project's budget lines",
)
def budget_line_list(request: HttpRequest, id: ProjectId) -> list:
    return list(_project(request, id).budget_lines.order_by("pk"))


@router.post(
    "/projects/{id}/budget-lines",
    response=with_errors({201: BudgetLineOut}, 403, 404),
    operation_id="budget_line_create",
    summary="Add a budget line",
    description=(
        "Needs the scope `write:projects` and the right to manage the project. The actual "
        "value of participants' time is computed from attendance: send 0 for it."
    ),
)
def budget_line_create(request: HttpRequest, id: ProjectId, payload: BudgetLineIn) -> HttpResponse:
    project = _project(request, id)
    return write(
        request,
        scope=TokenScope.PROJECTS_WRITE,
        schema=BudgetLineOut,
        run=lambda: services.budget_line_save(
            actor=request.user,
            project=project,
            fields=services.BudgetLineFields(**payload.model_dump()),
        ),
        status=201,
    )


@router.get(
    "/projects/{id}/mobilities",
    response=with_errors(list[MobilityOut], 403, 404),
    operation_id="mobility_list",
    summary="The project's mobilities",
    description="The latest start first.",
)
@paginate(ApiPagination)
def mobility_list(request: HttpRequest, id: ProjectId):
    return selectors.mobility_list(actor=request.user, project=_project(request, id))


@router.post(
    "/projects/{id}/mobilities",
    response=with_errors({201: MobilityOut}, 403, 404),
    operation_id="mobility_create",
    summary="Add a mobility (Erasmus+)",
    description=(
        "Needs the scope `write:projects` and the right to manage the project's mobilities "
        "(a coordinator, a partner's admin)."
    ),
)
def mobility_create(request: HttpRequest, id: ProjectId, payload: MobilityIn) -> HttpResponse:
    project = _project(request, id)

    def run() -> Mobility:
        fields = payload.model_dump()
        if fields["sending_member"] is not None:
            fields["sending_member"] = referenced(
                Organisation, "sending_member", pk=fields["sending_member"]
            )
        if fields["country"] is not None:
            fields["country"] = referenced(Country, "country", code=fields["country"].upper())
        return services.mobility_save(actor=request.user, project=project, **fields)

    return write(request, scope=TokenScope.PROJECTS_WRITE, schema=MobilityOut, run=run, status=201)
