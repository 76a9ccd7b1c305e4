"""Company pages. Thin: check the permission, form → service → redirect or partial.
Companies are shared across the network, so every affiliated user finds every company;
creating and editing is for the people who meet companies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kompetensnav.common.forms import apply_errors
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page, form_page

from . import merge, selectors, services, timeline
from .forms import (
    CompanyFilterForm,
    CompanyForm,
    CompanyMergeForm,
    CompanySearchForm,
    ContactForm,
)
from .models import Company, CompanyContact

SEARCH_LIMIT = 8
TIMELINE_PAGE = 20


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "companies.view_companies")
    filters = CompanyFilterForm(request.GET or None)
    qs = selectors.company_list(actor=request.user, **filters.filters())
    context = {
        "filters": filters,
        "can_edit": request.user.has_perm("companies.edit_companies"),
        **paginate(request, qs),
    }
    template = (
        "companies/partials/company_results.html" if request.htmx else "companies/company_list.html"
    )
    return render(request, template, context)


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "companies.view_companies")
    try:
        company = selectors.company_detail(actor=request.user, pk=pk)
    except Company.DoesNotExist:
        raise Http404 from None
    # The apps above add their sections (visits, needs, employees on courses) as panels.
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "can_edit": request.user.has_perm("companies.edit_companies", company),
            "can_merge": request.user.has_perm("companies.merge", company),
            "contacts": (
                selectors.company_contacts(company=company)
                if request.user.has_perm("companies.view_contacts", company)
                else None
            ),
            # what happened with the company, newest first, from the apps above
            "timeline": paginate(
                request, timeline.entries(actor=request.user, company=company), TIMELINE_PAGE
            ),
        },
    )


def _form_page(request: HttpRequest, company: Company | None) -> HttpResponse:
    require(request.user, "companies.edit_companies", company)
    initial = CompanyForm.initial_for(company) if company else {"country": "SE"}
    if company is None:
        # ?name= from a search that found nothing: the new company's name, typed already
        name = CompanySearchForm(request.GET or None).filters()["name"]
        if name:
            initial["name"] = name
    form = CompanyForm(request.POST or None, initial=initial)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            if company is None:
                saved = services.company_create(actor=request.user, fields=form.service_fields())
            else:
                saved = services.company_update(
                    actor=request.user, company=company, fields=form.service_fields()
                )
        except services.DuplicateCompany as exc:
            duplicate = exc.existing
            apply_errors(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": saved.name})
            return redirect("companies:company_detail", pk=saved.pk)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "company": company, "duplicate": duplicate},
    )


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@login_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(Company, pk=pk))


@login_required
def company_search(request: HttpRequest) -> HttpResponse:
    """Search as you type: a short list of matches. `pick=<field name>` renders them as radio
    buttons of that name (for a form that picks a company); otherwise as links. Without
    htmx the same results come as a page of their own."""
    require(request.user, "companies.view_companies")
    search = CompanySearchForm(request.GET or None).filters()
    query, pick = search["query"], search["pick"]
    results, total = selectors.company_matches(query=query, limit=SEARCH_LIMIT)
    context = {
        "query": query,
        "results": results,
        "total": total,
        "pick": pick,
        "can_edit": request.user.has_perm("companies.edit_companies"),
    }
    template = "companies/partials/search_results.html" if request.htmx else "companies/search.html"
    return render(request, template, context)


# --- contact people ----------------------------------------------------------------------


def _contact_form_page(
    request: HttpRequest, company: Company, contact: CompanyContact | None
) -> HttpResponse:
    require(request.user, "companies.edit_companies", company)
    form = ContactForm(request.POST or None, instance=contact)
    return form_page(
        request,
        form=form,
        save=lambda data: services.company_contact_save(
            actor=request.user, company=company, contact=contact, fields=form.fields_value()
        ),
        success=_("The contact person has been saved."),
        redirect_to=reverse("companies:company_detail", args=[company.pk]) + "#contacts",
        template="companies/contact_form.html",
        context={"company": company, "contact": contact},
    )


@login_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _contact_form_page(request, get_object_or_404(Company, pk=pk), None)


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(CompanyContact.objects.select_related("company"), pk=pk)
    return _contact_form_page(request, contact.company, contact)


@login_required
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(CompanyContact.objects.select_related("company"), pk=pk)
    require(request.user, "companies.edit_companies", contact.company)
    return confirm_page(
        request,
        action=lambda: services.company_contact_delete(actor=request.user, contact=contact),
        success=_("%(name)s has been removed.") % {"name": contact.name},
        redirect_to=reverse("companies:company_detail", args=[contact.company_id]) + "#contacts",
        template="companies/contact_delete.html",
        context={"contact": contact},
    )


# --- merging two records of one company --------------------------------------------------


@login_required
def company_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the other record (?q=), preview what merging it into this one moves (?other=),
    and merge on POST."""
    keep = get_object_or_404(Company, pk=pk)
    require(request.user, "companies.merge", keep)
    chosen = CompanyMergeForm(request.POST if request.method == "POST" else request.GET or None)
    params = chosen.filters()
    other = Company.objects.filter(pk=params["other"]).first() if params["other"] else None
    if params["other"] and other is None:
        raise Http404
    context: dict = {"company": keep, "form": chosen, "other": other, "error": ""}
    if other is not None:
        try:
            if request.method == "POST":
                merge.company_merge(actor=request.user, keep=keep, drop=other)
                messages.success(
                    request,
                    _("%(other)s has been merged into %(name)s.")
                    % {"other": other.name, "name": keep.name},
                )
                return redirect("companies:company_detail", pk=keep.pk)
            context["preview"] = merge.merge_preview(actor=request.user, keep=keep, drop=other)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    elif params["query"]:
        results, total = selectors.company_matches(query=params["query"], limit=SEARCH_LIMIT + 1)
        context["results"] = [c for c in results if c.pk != keep.pk][:SEARCH_LIMIT]
        context["total"] = total
    return render(request, "companies/company_merge.html", context)
