"""The network's pages. Thin: check the permission, form → service → redirect or partial.
Organisations, contacts and events are shared across the network, so a page about another
organisation's object is found (never 404) and an edit without the right answers 403."""

import calendar
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page, form_page
from kompetensnav.interchange.tables import table_download

from . import selectors, services
from .forms import (
    CalendarFilterForm,
    CollaborationFilterForm,
    CollaborationForm,
    ContactFilterForm,
    ContactForm,
    DirectoryFilterForm,
    EventFilterForm,
    EventForm,
    MembershipForm,
    OrganisationCreateForm,
    ProfileForm,
)
from .models import Collaboration, Contact, Event, Membership, Organisation


def _next_or(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return fallback


# --- the member directory and profiles ----------------------------------------------------


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view_organisations")
    filters = DirectoryFilterForm(request.GET or None)
    qs = selectors.organisation_list(actor=request.user, with_tags=True, **filters.filters())
    context = {
        "filters": filters,
        "can_create": request.user.has_perm("network.create_organisation"),
        "fees": (
            selectors.fee_totals()
            if request.user.has_perm("network.manage_memberships") and not request.htmx
            else None
        ),
        **paginate(request, qs),
    }
    template = (
        "network/partials/organisation_results.html"
        if request.htmx
        else "network/organisation_list.html"
    )
    return render(request, template, context)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.create_organisation")
    return form_page(
        request,
        form=OrganisationCreateForm(request.POST or None),
        save=lambda data: services.organisation_create(actor=request.user, **data),
        success=_("The organisation has been created. Invite its people under People and roles."),
        redirect_to=lambda organisation: reverse(
            "network:organisation_detail", args=[organisation.pk]
        ),
        template="network/organisation_create.html",
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "network.view_organisations")
    try:
        organisation = selectors.organisation_profile(actor=request.user, pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    can_edit = request.user.has_perm("network.edit_organisation", organisation)
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": can_edit,
            "can_manage_memberships": request.user.has_perm("network.manage_memberships"),
        },
    )


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "network.edit_organisation", organisation)
    return form_page(
        request,
        form=ProfileForm(request.POST or None, initial=ProfileForm.initial_for(organisation)),
        save=lambda data: services.organisation_profile_update(
            actor=request.user, organisation=organisation, **data
        ),
        success=_("The profile has been saved."),
        redirect_to=reverse("network:organisation_detail", args=[organisation.pk]),
        template="network/organisation_edit.html",
        context={"organisation": organisation},
    )


# --- memberships --------------------------------------------------------------------------


def _membership_form_page(request, organisation: Organisation, membership: Membership | None):
    require(request.user, "network.manage_memberships")
    all_municipalities = request.GET.get("municipalities") == "all"
    selected = list(membership.municipalities.all()) if membership else []
    initial = (
        {
            "year": membership.year,
            "fee_paid": membership.fee_paid,
            "fee_sek": membership.fee_sek,
            "invoiced_on": membership.invoiced_on,
            "paid_on": membership.paid_on,
            "municipalities": selected,
        }
        if membership
        else {
            "year": timezone.localdate().year,
            "municipalities": [organisation.municipality] if organisation.municipality else [],
        }
    )
    form = MembershipForm(
        request.POST or None,
        initial=initial,
        all_municipalities=all_municipalities,
        selected=selected,
    )
    return form_page(
        request,
        form=form,
        save=lambda data: services.membership_save(
            actor=request.user, organisation=organisation, membership=membership, **data
        ),
        success=_("The membership has been saved."),
        redirect_to=reverse("network:organisation_detail", args=[organisation.pk]),
        template="network/membership_form.html",
        context={
            "organisation": organisation,
            "membership": membership,
            "all_municipalities": all_municipalities,
        },
    )


@login_required
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    return _membership_form_page(request, organisation, None)


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk)
    return _membership_form_page(request, membership.organisation, membership)


# --- contacts -----------------------------------------------------------------------------


def _export_allowed(user) -> bool:
    return user.has_perm("network.export_contacts")


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view_contacts")
    filters = ContactFilterForm(request.GET or None)
    qs = selectors.contact_list(actor=request.user, **filters.filters())
    affiliation = acting_affiliation(request.user)
    context = {
        "filters": filters,
        "edit_all": affiliation.role == Role.COORDINATOR,
        "edit_org_id": affiliation.organisation_id if affiliation.role == Role.ORG_ADMIN else None,
        "can_export": _export_allowed(request.user),
        "export_all": affiliation.role == Role.COORDINATOR,
        "today": timezone.localdate(),
        **paginate(request, qs),
    }
    template = (
        "network/partials/contact_results.html" if request.htmx else "network/contact_list.html"
    )
    return render(request, template, context)


@login_required
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    require(request.user, "network.export_contacts")
    filters = ContactFilterForm(request.GET or None)
    contacts = selectors.contact_export_list(actor=request.user, **filters.filters())
    header = [
        _("Organisation"),
        _("Name"),
        _("Role"),
        _("E-mail address"),
        _("Phone"),
        _("Last confirmed"),
        _("Needs confirming"),
    ]
    rows = (
        [
            c.organisation.name,
            c.name,
            c.role,
            c.email,
            c.phone,
            c.last_confirmed,
            _("yes") if c.is_stale else _("no"),
        ]
        for c in contacts.iterator()
    )
    filename = f"contacts-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return table_download(
        filename, header, rows, title=_("Contacts"), notes=[(_("Created"), timezone.localdate())]
    )


def _contact_form_page(request, organisation: Organisation, contact: Contact | None):
    require(request.user, "network.edit_organisation", organisation)
    form = ContactForm(request.POST or None, instance=contact)
    return form_page(
        request,
        form=form,
        save=lambda data: services.contact_upsert(
            actor=request.user,
            contact=contact,
            organisation=organisation,
            **{f: data[f] for f in form.Meta.fields},
        ),
        success=_("The contact has been saved."),
        redirect_to=_next_or(
            request, reverse("network:organisation_detail", args=[organisation.pk])
        ),
        template="network/contact_form.html",
        context={"organisation": organisation, "contact": contact, "next": _next_or(request, "")},
    )


@login_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    return _contact_form_page(request, organisation, None)


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)
    # a contact built from the POST must not change organisation: the form has no such field
    return _contact_form_page(request, contact.organisation, contact)


@login_required
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)
    require(request.user, "network.edit_organisation", contact.organisation)
    return confirm_page(
        request,
        action=lambda: services.contact_delete(actor=request.user, contact=contact),
        success=_("%(name)s has been removed.") % {"name": contact.name},
        redirect_to=reverse("network:organisation_detail", args=[contact.organisation_id]),
        template="network/contact_delete.html",
        context={"contact": contact},
    )


@login_required
@require_POST
def contact_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)
    require(request.user, "network.edit_organisation", contact.organisation)
    services.contact_confirm(actor=request.user, contact=contact, on=timezone.localdate())
    messages.success(
        request, _("The details of %(name)s are confirmed as correct.") % {"name": contact.name}
    )
    return redirect(_next_or(request, reverse("network:contact_list")))


# --- events and collaborations ------------------------------------------------------------


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view_organisations")
    filters = EventFilterForm(request.GET or None, years=selectors.event_years())
    qs = selectors.event_list(actor=request.user, **filters.filters())
    return render(
        request,
        "network/event_list.html",
        {
            "filters": filters,
            "can_manage": request.user.has_perm("network.manage_events"),
            **paginate(request, qs),
        },
    )


@login_required
def event_calendar(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view_organisations")
    first_day = CalendarFilterForm(request.GET or None).first_day()
    previous_month = (first_day.replace(day=1) - timedelta(days=1)).replace(day=1)
    days_in_month = calendar.monthrange(first_day.year, first_day.month)[1]
    next_month = first_day.replace(day=days_in_month) + timedelta(days=1)
    events = list(selectors.events_in_month(actor=request.user, first_day=first_day))
    return render(
        request,
        "network/event_calendar.html",
        {
            "month": first_day,
            "previous_month": previous_month,
            "next_month": next_month,
            "events": events,
            "can_manage": request.user.has_perm("network.manage_events"),
        },
    )


def _event_form_page(request, event: Event | None):
    require(request.user, "network.manage_events")
    form = EventForm(request.POST or None, instance=event)
    return form_page(
        request,
        form=form,
        save=lambda data: services.event_upsert(
            actor=request.user, event=event, **{f: data[f] for f in form.Meta.fields}
        ),
        success=_("The event has been saved."),
        redirect_to=reverse("network:event_list"),
        template="network/event_form.html",
        context={"event": event},
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form_page(request, None)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_form_page(request, get_object_or_404(Event, pk=pk))


@login_required
def collaboration_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view_organisations")
    years = sorted(
        {d.year for d in Collaboration.objects.dates("established", "year")}, reverse=True
    )
    year = CollaborationFilterForm(request.GET or None).filters()["year"]
    qs = selectors.collaboration_list(actor=request.user, year=year)
    return render(
        request,
        "network/collaboration_list.html",
        {
            "years": years,
            "year": year,
            "can_manage": request.user.has_perm("network.manage_events"),
            **paginate(request, qs),
        },
    )


def _collaboration_form_page(request, collaboration: Collaboration | None):
    require(request.user, "network.manage_events")

    def save(data: dict):
        data = dict(data)
        parties = list(data.pop("parties"))
        return services.collaboration_upsert(
            actor=request.user, collaboration=collaboration, parties=parties, **data
        )

    return form_page(
        request,
        form=CollaborationForm(request.POST or None, instance=collaboration),
        save=save,
        success=_("The collaboration has been saved."),
        redirect_to=reverse("network:collaboration_list"),
        template="network/collaboration_form.html",
        context={"collaboration": collaboration},
    )


@login_required
def collaboration_create(request: HttpRequest) -> HttpResponse:
    return _collaboration_form_page(request, None)


@login_required
def collaboration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _collaboration_form_page(request, get_object_or_404(Collaboration, pk=pk))
