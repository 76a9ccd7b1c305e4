"""The shared company register: every affiliated user reads it, like the companies pages."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from kompetensnav.common.permissions import require
from kompetensnav.companies import selectors

from ..pagination import ApiPagination
from ..params import SEARCH_MAX_LENGTH, SEARCH_PATTERN
from ..responses import with_errors
from ..schemas import CompanyOut, SingleLineText

router = Router(tags=["companies"])


@router.get(
    "/companies",
    response=with_errors(list[CompanyOut], 403),
    operation_id="company_list",
    summary="Companies of the shared register",
    description="Sorted by name, then id.",
)
@paginate(ApiPagination)
def company_list(
    request: HttpRequest,
    q: Annotated[
        SingleLineText,
        Query(
            max_length=SEARCH_MAX_LENGTH,
            pattern=SEARCH_PATTERN,
            description="Search in the name, or the beginning of the organisation number "
            "(at least four digits).",
        ),
    ] = "",
):
    require(request.user, "companies.view_companies")
    return selectors.company_list(actor=request.user, search=q.strip(), sort="name")
