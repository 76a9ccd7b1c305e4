"""The shared company register: every affiliated user reads it, like the companies pages;
brokers and coordinators create and change companies (token scope `write:companies`)."""

from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.common.permissions import require
from kompetensnav.companies import selectors, services
from kompetensnav.companies.models import Company, CompanyContact

from ..pagination import ApiPagination
from ..params import MAX_ID, SEARCH_MAX_LENGTH, SEARCH_PATTERN, UpdatedSince, changed_since
from ..responses import with_errors
from ..schemas import (
    CompanyContactIn,
    CompanyContactOut,
    CompanyContactPatch,
    CompanyIn,
    CompanyOut,
    CompanyPatch,
    SingleLineText,
)
from ..writes import body_of, check_if_match, json_answer, require_scope, write

router = Router(tags=["companies"])

CompanyId = Annotated[int, Path(ge=1, le=MAX_ID, description="The company's id.")]


def _location(company: Company) -> str:
    return reverse("api:company_get", kwargs={"id": company.pk})


def _company(request: HttpRequest, pk: int) -> Company:
    require(request.user, "companies.view_companies")
    try:
        return selectors.company_detail(actor=request.user, pk=pk)
    except Company.DoesNotExist:
        raise Http404 from None


def _fields(data: dict) -> services.CompanyFields:
    renamed = {"country": "country_id", "municipality": "municipality_id", "sni": "sni_id"}
    optional = {"municipality", "sni"}  # empty means not known, as on the form
    return services.CompanyFields(
        **{
            renamed.get(key, key): None if key in optional and value == "" else value
            for key, value in data.items()
        }
    )


@router.get(
    "/companies",
    response=with_errors(list[CompanyOut], 403),
    operation_id="company_list",
    summary="Companies of the shared register",
    description="Sorted by name, then id; with `updated_since`, only companies changed since.",
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
    updated_since: UpdatedSince = None,
):
    require(request.user, "companies.view_companies")
    companies = selectors.company_list(actor=request.user, search=q.strip(), sort="name")
    return changed_since(companies, updated_since)


@router.get(
    "/companies/{id}",
    response=with_errors(CompanyOut, 403, 404),
    operation_id="company_get",
    summary="One company",
    description="With an ETag: send it as If-Match when you change the company.",
)
def company_get(request: HttpRequest, id: CompanyId) -> HttpResponse:
    return json_answer(body_of(CompanyOut, _company(request, id)))


@router.post(
    "/companies",
    response=with_errors({201: CompanyOut}, 403),
    operation_id="company_create",
    summary="Create a company",
    description=(
        "Needs the scope `write:companies` and a role that may add companies (broker, "
        "coordinator). A Swedish company needs its organisation number; a number already in "
        "the register is a 422 naming the company that has it. Send an `Idempotency-Key` to "
        "retry safely."
    ),
)
def company_create(request: HttpRequest, payload: CompanyIn) -> HttpResponse:
    return write(
        request,
        scope=TokenScope.COMPANIES_WRITE,
        schema=CompanyOut,
        run=lambda: services.company_create(
            actor=request.user, fields=_fields(payload.model_dump())
        ),
        status=201,
        location=_location,
    )


@router.patch(
    "/companies/{id}",
    response=with_errors(CompanyOut, 403, 404, 412),
    operation_id="company_update",
    summary="Change a company",
    description=(
        "Needs the scope `write:companies`. Only the fields sent change. Send the ETag of "
        "your copy as If-Match: if someone changed the company since, the answer is 412 and "
        "nothing changes."
    ),
)
def company_update(request: HttpRequest, id: CompanyId, payload: CompanyPatch) -> HttpResponse:
    company = _company(request, id)

    def run() -> Company:
        locked = Company.objects.select_for_update().get(pk=company.pk)
        check_if_match(request, body_of(CompanyOut, locked))
        current = {
            "name": locked.name,
            "org_number": locked.org_number,
            "country": locked.country_id,
            "municipality": locked.municipality_id,
            "sni": locked.sni_id,
            "employees": locked.employees,
        }
        fields = _fields({**current, **payload.model_dump(exclude_unset=True)})
        return services.company_update(actor=request.user, company=locked, fields=fields)

    return write(request, scope=TokenScope.COMPANIES_WRITE, schema=CompanyOut, run=run)


# --- the company's contact people (personal data: brokers, org admins, course providers and
# coordinators, as on the company page) ---

ContactId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contact person's id.")]


def _contacts_company(request: HttpRequest, pk: int) -> Company:
    company = _company(request, pk)
    require(request.user, "companies.view_contacts", company)
    return company


def _contact(request: HttpRequest, pk: int, contact_pk: int) -> CompanyContact:
    company = _contacts_company(request, pk)
    found = company.contacts.filter(pk=contact_pk).first()
    if found is None:
        raise Http404
    return found


def _contact_fields(data: dict) -> services.ContactFields:
    return services.ContactFields(**data)


@router.get(
    "/companies/{id}/contacts",
    response=with_errors(list[CompanyContactOut], 403, 404),
    operation_id="company_contact_list",
    summary="The company's contact people",
    description="By name. For the roles that see them on the company page.",
)
@paginate(ApiPagination)
def company_contact_list(request: HttpRequest, id: CompanyId):
    return _contacts_company(request, id).contacts.order_by("name", "pk")


@router.post(
    "/companies/{id}/contacts",
    response=with_errors({201: CompanyContactOut}, 403, 404),
    operation_id="company_contact_create",
    summary="Add a contact person to the company",
    description="Needs the scope `write:companies`. Send an `Idempotency-Key` to retry safely.",
)
def company_contact_create(
    request: HttpRequest, id: CompanyId, payload: CompanyContactIn
) -> HttpResponse:
    company = _contacts_company(request, id)
    return write(
        request,
        scope=TokenScope.COMPANIES_WRITE,
        schema=CompanyContactOut,
        run=lambda: services.company_contact_save(
            actor=request.user, company=company, fields=_contact_fields(payload.model_dump())
        ),
        status=201,
    )


@router.patch(
    "/companies/{id}/contacts/{contact_id}",
    response=with_errors(CompanyContactOut, 403, 404, 412),
    operation_id="company_contact_update",
    summary="Change a contact person",
    description=(
        "Needs the scope `write:companies`. Only the fields sent change; withdrawn consent "
        "forgets its date. Send the ETag as If-Match to change nothing someone else changed."
    ),
)
def company_contact_update(
    request: HttpRequest, id: CompanyId, contact_id: ContactId, payload: CompanyContactPatch
) -> HttpResponse:
    contact = _contact(request, id, contact_id)

    def run() -> CompanyContact:
        locked = CompanyContact.objects.select_for_update().get(pk=contact.pk)
        check_if_match(request, body_of(CompanyContactOut, locked))
        current = {
            "name": locked.name,
            "role": locked.role,
            "email": locked.email,
            "phone": locked.phone,
            "consent": locked.consent,
            "consent_date": locked.consent_date,
        }
        fields = _contact_fields({**current, **payload.model_dump(exclude_unset=True)})
        return services.company_contact_save(
            actor=request.user, company=contact.company, contact=locked, fields=fields
        )

    return write(request, scope=TokenScope.COMPANIES_WRITE, schema=CompanyContactOut, run=run)


@router.delete(
    "/companies/{id}/contacts/{contact_id}",
    response=with_errors({204: None}, 403, 404),
    operation_id="company_contact_delete",
    summary="Remove a contact person and their details",
    description="Needs the scope `write:companies`. The audit log keeps that it happened.",
)
def company_contact_delete(
    request: HttpRequest, id: CompanyId, contact_id: ContactId
) -> HttpResponse:
    contact = _contact(request, id, contact_id)
    require_scope(request, TokenScope.COMPANIES_WRITE)
    services.company_contact_delete(actor=request.user, contact=contact)
    return HttpResponse(status=204)
