"""Actor pages: the list, an actor with its councils, initiatives and collaborations, the
actor map (SVG on the page and in a PDF) and the education coverage."""

import base64

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kompetensnav.common.http import download
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.reference.models import SniCode, Subregion

from .. import exporters
from ..forms.actors import ActorFilterForm, ActorForm, CoverageFilterForm, MapFilterForm
from ..maps import actor_map_svg, kind_labels
from ..models import Actor
from ..selectors import actors as selectors
from ..services import actors as services
from .common import collaboration_confirm, collaboration_form, found_or_404


def _actor(request: HttpRequest, pk: int) -> Actor:
    return found_or_404(selectors.actor_detail, request, pk)


@login_required
def actor_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    filters = ActorFilterForm(request.GET or None)
    return render(
        request,
        "collaboration/actor_list.html",
        {
            "filters": filters,
            "can_create": request.user.has_perm("collaboration.manage_actors"),
            **paginate(request, selectors.actor_list(actor=request.user, **filters.filters())),
        },
    )


@login_required
def actor_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.manage_actors")
    form = ActorForm(request.POST or None)
    return collaboration_form(
        request,
        form=form,
        title=_("New actor"),
        intro=_(
            "An actor is an organisation of the directory (a member or not) or a company, at the "
            "strategic level, the operative level or both."
        ),
        save=lambda data: services.actor_create(
            actor=request.user, fields=form.actor_fields(), **form.holder()
        ),
        success=_("The actor is saved."),
        redirect_to=lambda record: reverse("collaboration:actor_detail", args=[record.pk]),
        cancel_url=reverse("collaboration:actor_list"),
        back=(reverse("collaboration:actor_list"), _("Actors")),
    )


@login_required
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _actor(request, pk)
    return render(
        request,
        "collaboration/actor_detail.html",
        {
            "record": record,
            "councils": selectors.actor_councils(actor=request.user, record=record),
            "initiatives": selectors.actor_initiatives(actor=request.user, record=record),
            "collaborations": selectors.actor_collaborations(actor=request.user, record=record),
            "can_edit": request.user.has_perm("collaboration.edit_actor", record),
            "can_delete": request.user.has_perm("collaboration.manage_actors"),
        },
    )


@login_required
def actor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _actor(request, pk)
    require(request.user, "collaboration.edit_actor", record)
    form = ActorForm(request.POST or None, record=record)
    url = reverse("collaboration:actor_detail", args=[record.pk])
    return collaboration_form(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": record.name},
        save=lambda data: services.actor_update(
            actor=request.user, record=record, fields=form.actor_fields()
        ),
        success=_("The actor is saved."),
        redirect_to=url,
        cancel_url=url,
        back=(url, record.name),
    )


@login_required
def actor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _actor(request, pk)
    require(request.user, "collaboration.manage_actors")
    url = reverse("collaboration:actor_detail", args=[record.pk])
    blockers = services.delete_blockers(record=record)
    question = _(
        "%(name)s stops being an actor. The organisation or company itself stays in the "
        "directory. This cannot be undone."
    ) % {"name": record.name}
    if blockers:
        question = _("%(name)s cannot be deleted now: %(reasons)s.") % {
            "name": record.name,
            "reasons": ", ".join(blockers),
        }
    return collaboration_confirm(
        request,
        title=_("Delete the actor %(name)s") % {"name": record.name},
        question=question,
        action=lambda: services.actor_delete(actor=request.user, record=record),
        success=_("The actor is deleted."),
        redirect_to=reverse("collaboration:actor_list"),
        cancel_url=url,
        confirm_label=_("Yes, delete"),
    )


# --- the maps --------------------------------------------------------------------------------


def _map(request: HttpRequest) -> tuple[MapFilterForm, selectors.ActorMap, str, str]:
    filters = MapFilterForm(request.GET or None)
    chosen = filters.filters()
    found = selectors.actor_map(actor=request.user, **chosen)
    parts = []
    if chosen["industry"]:
        parts.append(str(SniCode.objects.get(pk=chosen["industry"])))
    if chosen["subregion"]:
        parts.append(Subregion.objects.get(pk=chosen["subregion"]).name)
    scope = ", ".join(parts) or _("the whole network")
    title = _("Actor map: %(scope)s") % {"scope": scope}
    return filters, found, title, actor_map_svg(found, title=title)


@login_required
def actor_map(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    filters, found, title, svg = _map(request)
    return render(
        request,
        "collaboration/actor_map.html",
        {
            "filters": filters,
            "map": found,
            "title": title,
            "svg_data": base64.b64encode(svg.encode()).decode("ascii"),
            "kinds": kind_labels(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def actor_map_pdf(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    _filters, found, title, svg = _map(request)
    return download(
        exporters.actor_map_pdf(found, title=title, svg=svg, kinds=kind_labels()),
        exporters.actor_map_filename(),
        content_type="application/pdf",
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    filters = CoverageFilterForm(request.GET or None)
    rows = selectors.coverage(actor=request.user, **filters.filters())
    return render(
        request,
        "collaboration/coverage.html",
        {"filters": filters, "gaps": sum(r.gap for r in rows), **paginate(request, rows)},
    )
