"""Company visits and the needs named at them: read as on the visit pages (the token's
organisation's visits and those routed to it; all for a coordinator), logged by brokers and
coordinators with the token scope `write:visits`, through the same service as the visit
form."""

from typing import Annotated

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Router
from ninja.pagination import paginate

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.common.permissions import require
from kompetensnav.companies.models import Company
from kompetensnav.visits import selectors, services
from kompetensnav.visits.models import Need, Visit

from ..chain_schemas import VisitIn, VisitOut
from ..pagination import ApiPagination
from ..params import MAX_ID, UpdatedSince, changed_since
from ..responses import with_errors
from ..writes import body_of, json_answer, referenced, write

router = Router(tags=["visits"])


def _with_needs(qs: QuerySet[Visit]) -> QuerySet[Visit]:
    return qs.select_related("company", "organisation").prefetch_related(
        Prefetch("needs", queryset=Need.objects.select_related("area").order_by("pk"))
    )


def _visit(request: HttpRequest, pk: int) -> Visit:
    require(request.user, "visits.view_visits")
    try:
        return _with_needs(selectors.visible_visits(actor=request.user)).get(pk=pk)
    except Visit.DoesNotExist:
        raise Http404 from None


@router.get(
    "/visits",
    response=with_errors(list[VisitOut], 403),
    operation_id="visit_list",
    summary="Visits the token's organisation may read",
    description="Newest first; with `updated_since`, only visits changed since.",
)
@paginate(ApiPagination)
def visit_list(
    request: HttpRequest,
    updated_since: UpdatedSince = None,
):
    require(request.user, "visits.view_visits")
    visits = _with_needs(selectors.visible_visits(actor=request.user)).order_by("-date", "-pk")
    return changed_since(visits, updated_since)


@router.get(
    "/visits/{id}",
    response=with_errors(VisitOut, 403, 404),
    operation_id="visit_get",
    summary="One visit with its needs",
)
def visit_get(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID, description="The visit's id.")],
) -> HttpResponse:
    return json_answer(body_of(VisitOut, _visit(request, id)))


@router.post(
    "/visits",
    response=with_errors({201: VisitOut}, 403),
    operation_id="visit_create",
    summary="Log a visit with its needs",
    description=(
        "Needs the scope `write:visits` and a role that logs visits (broker, coordinator). "
        "The visit is the token's organisation's, made by the token's user. A date in the "
        "future, an unknown company or a second visit by the same broker to the same company "
        "the same day (unless `duplicate_confirmed`) is a 422. Send an `Idempotency-Key` to "
        "retry safely."
    ),
)
def visit_create(request: HttpRequest, payload: VisitIn) -> HttpResponse:
    def run() -> Visit:
        visit = services.visit_log(
            actor=request.user,
            company=referenced(Company, "company", pk=payload.company),
            date=payload.date,
            also_present=payload.also_present,
            notes=payload.notes,
            advice=payload.advice,
            follow_up_date=payload.follow_up_date,
            needs=[
                services.NeedData(
                    area=need.area,
                    description=need.description,
                    horizon=need.horizon or "",
                    employees_affected=need.employees_affected,
                    seqf_level=need.seqf_level,
                    gap_area=need.gap_area or "",
                )
                for need in payload.needs
            ],
            duplicate_confirmed=payload.duplicate_confirmed,
        )
        return _with_needs(Visit.objects.all()).get(pk=visit.pk)

    return write(
        request,
        scope=TokenScope.VISITS_WRITE,
        schema=VisitOut,
        run=run,
        status=201,
        location=lambda visit: reverse("api:visit_get", kwargs={"id": visit.pk}),
    )
