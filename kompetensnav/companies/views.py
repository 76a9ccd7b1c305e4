"""Company pages. Thin: check the permission, form → service → redirect or partial.
Companies are shared across the network, so every affiliated user finds every company;
creating and editing is for the people who meet companies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kompetensnav.common.forms import apply_errors
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from . import selectors, services
from .forms import CompanyFilterForm, CompanyForm, CompanySearchForm
from .models import Company

SEARCH_LIMIT = 8


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
