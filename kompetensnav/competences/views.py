"""The vocabulary's pages: every member reads it; the network's coordinators curate it
(labels, synonyms, links to the classifications, merging two areas after a confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.forms import apply_errors
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from . import selectors, services
from .forms import AreaFilterForm, AreaForm, MergeForm, SynonymForm
from .models import AreaSynonym, CompetenceArea


def _area(pk: int) -> CompetenceArea:
    try:
        return selectors.area_detail(pk=pk)
    except CompetenceArea.DoesNotExist:
        raise Http404 from None


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "competences.view_areas")
    filters = AreaFilterForm(request.GET or None)
    qs = selectors.area_list(**filters.filters())
    usages = selectors.usage_names()
    page = paginate(request, qs)
    for area in page["object_list"]:
        area.usage_counts = [(label, getattr(area, f"uses_{name}")) for name, label in usages]
    return render(
        request,
        "competences/area_list.html",
        {
            "filters": filters,
            "usages": usages,
            "can_curate": request.user.has_perm("competences.curate_areas"),
            **page,
        },
    )


@login_required
def area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "competences.view_areas")
    area = _area(pk)
    return render(
        request,
        "competences/area_detail.html",
        {
            "area": area,
            "usage": selectors.area_usage(area=area),
            "can_curate": request.user.has_perm("competences.curate_areas"),
            "synonym_form": SynonymForm(),
        },
    )


def _save(request: HttpRequest, area: CompetenceArea | None) -> HttpResponse:
    require(request.user, "competences.curate_areas")
    initial = AreaForm.initial_for(area) if area else None
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.area_save(
                actor=request.user, area=area, fields=form.fields_for_service()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The competence area is saved."))
            return redirect("competences:area_detail", pk=saved.pk)
    return render(request, "competences/area_form.html", {"form": form, "area": area})


@login_required
def area_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "competences.curate_areas")
    return _save(request, _area(pk))


@login_required
def synonym_add(request: HttpRequest, pk: int) -> HttpResponse:
    """POST adds a synonym; a GET (the address left in the browser after an error, or a
    language switch) goes back to the area's page."""
    require(request.user, "competences.curate_areas")
    area = _area(pk)
    if request.method != "POST":
        return redirect("competences:area_detail", pk=area.pk)
    form = SynonymForm(request.POST)
    if form.is_valid():
        try:
            services.synonym_add(actor=request.user, area=area, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("“%(text)s” is added.") % {"text": form.cleaned_data["text"]}
            )
            return redirect("competences:area_detail", pk=area.pk)
    return render(
        request,
        "competences/area_detail.html",
        {
            "area": area,
            "usage": selectors.area_usage(area=area),
            "can_curate": True,
            "synonym_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def synonym_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "competences.curate_areas")
    synonym = get_object_or_404(AreaSynonym.objects.select_related("area"), pk=pk)
    services.synonym_remove(actor=request.user, synonym=synonym)
    messages.success(request, _("“%(text)s” is removed.") % {"text": synonym.text})
    return redirect("competences:area_detail", pk=synonym.area_id)


@login_required
def area_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Two steps: choose the area to merge into, then confirm after seeing what moves."""
    require(request.user, "competences.curate_areas")
    source = _area(pk)
    form = MergeForm(request.POST or request.GET or None, source=source)
    target = form.cleaned_data["target"] if form.is_bound and form.is_valid() else None
    if request.method == "POST" and target is not None and "confirm" in request.POST:
        try:
            result = services.area_merge(actor=request.user, source=source, target=target)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(source)s” is merged into “%(target)s”.")
                % {"source": source.name, "target": result.target.name},
            )
            return redirect("competences:area_detail", pk=result.target.pk)
    return render(
        request,
        "competences/area_merge.html",
        {
            "area": source,
            "form": form,
            "target": target,
            "usage": selectors.area_usage(area=source),
            "target_usage": selectors.area_usage(area=target) if target else [],
        },
    )
