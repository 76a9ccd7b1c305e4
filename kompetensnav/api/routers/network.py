"""Organisations of the network: shared network-wide, like the web pages."""

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kompetensnav.common.permissions import require
from kompetensnav.network import selectors
from kompetensnav.network.enums import OrganisationKind
from kompetensnav.network.models import Organisation

from ..pagination import ApiPagination
from ..params import MAX_ID, SEARCH_MAX_LENGTH, SEARCH_PATTERN, SLUG_PATTERN
from ..responses import with_errors
from ..schemas import OrganisationOut, SingleLineText

router = Router(tags=["network"])


@router.get(
    "/organisations",
    response=with_errors(list[OrganisationOut], 403),
    operation_id="organisation_list",
    summary="Organisations of the network",
    description="Sorted by name.",
)
@paginate(ApiPagination)
def organisation_list(
    request: HttpRequest,
    q: Annotated[
        SingleLineText,
        Query(
            max_length=SEARCH_MAX_LENGTH,
            pattern=SEARCH_PATTERN,
            description="Search in name, organisation number and municipality name.",
        ),
    ] = "",
    subregion: Annotated[
        str | None,
        Query(
            max_length=40,
            pattern=SLUG_PATTERN,
            description="Only organisations in municipalities of this subregion (its identifier).",
        ),
    ] = None,
    kind: Annotated[
        OrganisationKind | None, Query(description="Only organisations of this kind.")
    ] = None,
):
    require(request.user, "network.view_organisations")
    return selectors.organisation_list(
        actor=request.user, search=q.strip(), subregion=subregion or "", kind=kind or ""
    )


@router.get(
    "/organisations/{id}",
    response=with_errors(OrganisationOut, 403, 404),
    operation_id="organisation_get",
    summary="One organisation",
)
def organisation_get(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID, description="The organisation's id.")],
):
    require(request.user, "network.view_organisations")
    try:
        return selectors.organisation_list(actor=request.user).get(pk=id)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
