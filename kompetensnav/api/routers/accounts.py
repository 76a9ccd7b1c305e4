"""The token's own user, and the people (affiliations) the acting user may manage."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kompetensnav.accounts import selectors
from kompetensnav.accounts.enums import Role

from ..pagination import ApiPagination
from ..params import MAX_ID, SEARCH_MAX_LENGTH, SEARCH_PATTERN
from ..responses import with_errors
from ..schemas import MeOut, PersonOut, SingleLineText

router = Router(tags=["accounts"])


@router.get(
    "/me",
    response=with_errors(MeOut),
    operation_id="me",
    summary="The token's user and the organisation and role it acts for",
)
def me(request: HttpRequest):
    return request.user


@router.get(
    "/people",
    response=with_errors(list[PersonOut], 403),
    operation_id="person_list",
    summary="People the token may manage",
    description=(
        "The people (a person's role in an organisation) the acting user may manage: a "
        "network coordinator sees everyone, an organisation admin their own organisation's "
        "people. Other roles get 403."
    ),
)
@paginate(ApiPagination)
def person_list(
    request: HttpRequest,
    q: Annotated[
        SingleLineText,
        Query(
            max_length=SEARCH_MAX_LENGTH,
            pattern=SEARCH_PATTERN,
            description="Search in e-mail address, name and organisation name.",
        ),
    ] = "",
    role: Annotated[Role | None, Query(description="Only people with this role.")] = None,
):
    return selectors.affiliation_list(actor=request.user, search=q.strip(), role=role or "")


@router.get(
    "/people/{id}",
    response=with_errors(PersonOut, 403, 404),
    operation_id="person_get",
    summary="One person the token may manage",
    description="404 if the person is not one the acting user may manage.",
)
def person_get(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID, description="The person's (affiliation's) id.")],
):
    return selectors.affiliation_get(actor=request.user, pk=id)
