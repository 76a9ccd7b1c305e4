from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kompetensnav.common.pagination import paginate
from kompetensnav.reference.models import Subregion

from . import selectors
from .enums import OrganisationKind
from .models import Organisation


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("network.view_organisations"):
        raise PermissionDenied
    search = request.GET.get("q", "").strip()[:100]
    subregion = request.GET.get("subregion", "")
    kind = request.GET.get("kind", "")
    qs = selectors.organisation_list(
        actor=request.user, search=search, subregion=subregion, kind=kind
    )
    context = {
        "search": search,
        "subregion": subregion,
        "kind": kind,
        "subregions": Subregion.objects.all(),
        "kinds": OrganisationKind.choices,
        **paginate(request, qs),
    }
    template = (
        "network/partials/organisation_results.html"
        if request.htmx
        else "network/organisation_list.html"
    )
    return render(request, template, context)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("network.view_organisations"):
        raise PermissionDenied
    organisation = get_object_or_404(
        Organisation.objects.select_related(
            "municipality__subregion", "municipality__county", "country"
        ),
        pk=pk,
    )
    return render(request, "network/organisation_detail.html", {"organisation": organisation})
