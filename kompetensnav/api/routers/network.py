"""Organisations of the network, their contact people, events and collaborations: shared
network-wide, like the web pages; written through the same services (scopes `write:network`
and `write:events`)."""

from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.common.permissions import require
from kompetensnav.network import selectors, services
from kompetensnav.network.enums import OrganisationKind
from kompetensnav.network.models import Collaboration, Contact, Event, Membership, Organisation
from kompetensnav.reference.models import Municipality

from ..pagination import ApiPagination
from ..params import (
    MAX_ID,
    SEARCH_MAX_LENGTH,
    SEARCH_PATTERN,
    SLUG_PATTERN,
    UpdatedSince,
    changed_since,
)
from ..responses import with_errors
from ..schemas import (
    CollaborationIn,
    CollaborationOut,
    ContactIn,
    ContactOut,
    ContactPatch,
    EventIn,
    EventOut,
    MembershipIn,
    MembershipOut,
    OrganisationIn,
    OrganisationOut,
    SingleLineText,
)
from ..writes import (
    all_referenced,
    body_of,
    check_if_match,
    referenced,
    require_scope,
    write,
)

router = Router(tags=["network"])


@router.get(
    "/organisations",
    response=with_errors(list[OrganisationOut], 403),
    operation_id="organisation_list",
    summary="Organisations of the network",
    description="Sorted by name; with `updated_since`, only organisations changed since.",
)
@paginate(ApiPagination)
def organisation_list(
    request: HttpRequest,
    updated_since: UpdatedSince = None,
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
    organisations = selectors.organisation_list(
        actor=request.user, search=q.strip(), subregion=subregion or "", kind=kind or ""
    )
    return changed_since(organisations, updated_since)


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


# --- writes: organisations (coordinators), their contact people (the organisation's admin,
# coordinators), the network's events and collaborations (coordinators) ---

OrganisationId = Annotated[int, Path(ge=1, le=MAX_ID, description="The organisation's id.")]
ContactId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contact person's id.")]


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    require(request.user, "network.view_organisations")
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _organisations(ids: list[int], field: str) -> list[Organisation]:
    return all_referenced(Organisation, field, "pk", ids)


@router.post(
    "/organisations",
    response=with_errors({201: OrganisationOut}, 403),
    operation_id="organisation_create",
    summary="Add an organisation to the network",
    description=(
        "Needs the scope `write:network` and a coordinator's role. Its admin fills in the "
        "profile on the site. A name already in the network is a 422."
    ),
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> HttpResponse:
    def run() -> Organisation:
        municipality = None
        if payload.municipality:
            municipality = referenced(Municipality, "municipality", code=payload.municipality)
        organisation = services.organisation_create(
            actor=request.user,
            name=payload.name,
            kind=payload.kind,
            org_number=payload.org_number,
            municipality=municipality,
        )
        return selectors.organisation_list(actor=request.user).get(pk=organisation.pk)

    return write(
        request,
        scope=TokenScope.NETWORK_WRITE,
        schema=OrganisationOut,
        run=run,
        status=201,
        location=lambda o: reverse("api:organisation_get", kwargs={"id": o.pk}),
    )


@router.get(
    "/contacts",
    response=with_errors(list[ContactOut], 403),
    operation_id="contact_list",
    summary="The network's contact people",
    description="By organisation, then name; shared network-wide, like the contacts page. "
    "With `updated_since`, only contacts changed since.",
)
@paginate(ApiPagination)
def contact_list(
    request: HttpRequest,
    updated_since: UpdatedSince = None,
    q: Annotated[
        SingleLineText,
        Query(
            max_length=SEARCH_MAX_LENGTH,
            pattern=SEARCH_PATTERN,
            description="Search in name, e-mail, role and organisation.",
        ),
    ] = "",
    organisation: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only this organisation's contacts.")
    ] = None,
):
    require(request.user, "network.view_contacts")
    contacts = selectors.contact_list(
        actor=request.user, search=q.strip(), organisation=organisation
    )
    return changed_since(contacts, updated_since)


@router.post(
    "/organisations/{id}/contacts",
    response=with_errors({201: ContactOut}, 403, 404),
    operation_id="contact_create",
    summary="Add a contact person to an organisation",
    description=(
        "Needs the scope `write:network` and the right to edit the organisation (its admin, a "
        "coordinator). Send an `Idempotency-Key` to retry safely."
    ),
)
def contact_create(request: HttpRequest, id: OrganisationId, payload: ContactIn) -> HttpResponse:
    organisation = _organisation(request, id)
    return write(
        request,
        scope=TokenScope.NETWORK_WRITE,
        schema=ContactOut,
        run=lambda: services.contact_upsert(
            actor=request.user, organisation=organisation, **payload.model_dump()
        )[0],
        status=201,
    )


def _contact(request: HttpRequest, pk: int) -> Contact:
    require(request.user, "network.view_contacts")
    found = Contact.objects.select_related("organisation").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@router.patch(
    "/contacts/{id}",
    response=with_errors(ContactOut, 403, 404, 412),
    operation_id="contact_update",
    summary="Change a contact person",
    description=(
        "Needs the scope `write:network` and the right to edit their organisation. Only the "
        "fields sent change. Send the ETag as If-Match to change nothing someone else changed."
    ),
)
def contact_update(request: HttpRequest, id: ContactId, payload: ContactPatch) -> HttpResponse:
    contact = _contact(request, id)

    def run() -> Contact:
        locked = (
            Contact.objects.select_for_update().select_related("organisation").get(pk=contact.pk)
        )
        check_if_match(request, body_of(ContactOut, locked))
        return services.contact_upsert(
            actor=request.user, contact=locked, **payload.model_dump(exclude_unset=True)
        )[0]

    return write(request, scope=TokenScope.NETWORK_WRITE, schema=ContactOut, run=run)


@router.delete(
    "/contacts/{id}",
    response=with_errors({204: None}, 403, 404),
    operation_id="contact_delete",
    summary="Remove a contact person",
    description="Needs the scope `write:network` and the right to edit their organisation.",
)
def contact_delete(request: HttpRequest, id: ContactId) -> HttpResponse:
    contact = _contact(request, id)
    require_scope(request, TokenScope.NETWORK_WRITE)
    services.contact_delete(actor=request.user, contact=contact)
    return HttpResponse(status=204)


@router.get(
    "/events",
    response=with_errors(list[EventOut], 403),
    operation_id="event_list",
    summary="The network's events",
    description="Newest first: network meetings, conferences, job shadowing and others. "
    "With `updated_since`, only events changed since.",
)
@paginate(ApiPagination)
def event_list(request: HttpRequest, updated_since: UpdatedSince = None):
    require(request.user, "network.view_organisations")
    return changed_since(selectors.event_list(actor=request.user), updated_since)


@router.post(
    "/events",
    response=with_errors({201: EventOut}, 403),
    operation_id="event_create",
    summary="Record an event of the network",
    description="Needs the scope `write:events` and a coordinator's role.",
)
def event_create(request: HttpRequest, payload: EventIn) -> HttpResponse:
    def run() -> Event:
        fields = payload.model_dump()
        organiser = fields.pop("organiser")
        fields["organiser"] = _organisations([organiser], "organiser")[0] if organiser else None
        return services.event_upsert(actor=request.user, **fields)[0]

    return write(request, scope=TokenScope.EVENTS_WRITE, schema=EventOut, run=run, status=201)


@router.get(
    "/collaborations",
    response=with_errors(list[CollaborationOut], 403),
    operation_id="collaboration_list",
    summary="Collaborations between the network's organisations",
    description="Newest first; with `updated_since`, only collaborations changed since.",
)
@paginate(ApiPagination)
def collaboration_list(request: HttpRequest, updated_since: UpdatedSince = None):
    require(request.user, "network.view_organisations")
    return changed_since(selectors.collaboration_list(actor=request.user), updated_since)


@router.post(
    "/collaborations",
    response=with_errors({201: CollaborationOut}, 403),
    operation_id="collaboration_create",
    summary="Record a collaboration between organisations",
    description="Needs the scope `write:events` and a coordinator's role; two parties or more.",
)
def collaboration_create(request: HttpRequest, payload: CollaborationIn) -> HttpResponse:
    def run() -> Collaboration:
        return services.collaboration_upsert(
            actor=request.user,
            parties=_organisations(payload.parties, "parties"),
            established=payload.established,
            title=payload.title,
        )[0]

    return write(
        request, scope=TokenScope.EVENTS_WRITE, schema=CollaborationOut, run=run, status=201
    )


@router.get(
    "/organisations/{id}/memberships",
    response=with_errors(list[MembershipOut], 403, 404),
    operation_id="membership_list",
    summary="The organisation's memberships of the network",
    description="The latest year first.",
)
def membership_list(request: HttpRequest, id: OrganisationId) -> list:
    organisation = _organisation(request, id)
    return list(organisation.memberships.prefetch_related("municipalities").order_by("-year"))


@router.post(
    "/organisations/{id}/memberships",
    response=with_errors({201: MembershipOut}, 403, 404),
    operation_id="membership_create",
    summary="Record a year's membership",
    description=(
        "Needs the scope `write:network` and a coordinator's role. One membership per "
        "organisation and year (a second is a 422)."
    ),
)
def membership_create(
    request: HttpRequest, id: OrganisationId, payload: MembershipIn
) -> HttpResponse:
    organisation = _organisation(request, id)

    def run() -> Membership:
        municipalities = all_referenced(
            Municipality, "municipalities", "code", payload.municipalities
        )
        return services.membership_save(
            actor=request.user,
            organisation=organisation,
            year=payload.year,
            fee_paid=payload.fee_paid,
            municipalities=municipalities,
        )

    return write(request, scope=TokenScope.NETWORK_WRITE, schema=MembershipOut, run=run, status=201)
