"""The strategic cycle's pages: the year's priorities, initiatives with their follow-up and
links, and the year's report of priorities, initiatives and outcomes (a page and a PDF)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.http import download
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from .. import exporters
from ..enums import InitiativeStatus
from ..followup import followup, followups, need_states
from ..forms.initiatives import (
    InitiativeFilterForm,
    InitiativeForm,
    InitiativeStartForm,
    LinkForm,
    LinkSearchForm,
    PriorityForm,
    YearForm,
)
from ..models import Decision, Initiative, Priority
from ..selectors import councils as council_selectors
from ..selectors import initiatives as selectors
from ..services import initiatives as services
from .common import collaboration_confirm, collaboration_form, found_or_404


def _priority(request: HttpRequest, pk: int) -> Priority:
    return found_or_404(selectors.priority_get, request, pk)


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    return found_or_404(selectors.initiative_get, request, pk)


def _priorities_url(year: int) -> str:
    return f"{reverse('collaboration:priority_list')}?year={year}"


# --- priorities ------------------------------------------------------------------------------


@login_required
def priority_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    year = YearForm(request.GET or None).chosen_year()
    priorities = list(selectors.priorities_of_year(actor=request.user, year=year))
    follow = followups([i.pk for p in priorities for i in p.initiatives.all()])
    return render(
        request,
        "collaboration/priority_list.html",
        {
            "year": year,
            "years": sorted({year, *selectors.priority_years(actor=request.user)}, reverse=True),
            "priorities": [
                (p, [(i, follow[i.pk]) for i in p.initiatives.all()]) for p in priorities
            ],
            "can_manage": request.user.has_perm("collaboration.manage_priorities"),
            "can_start": request.user.has_perm("collaboration.create_initiative"),
        },
    )


@login_required
def priority_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.manage_priorities")
    year = YearForm(request.GET or None).chosen_year()
    form = PriorityForm(request.POST or None, initial={"year": year, "rank": 1})
    return collaboration_form(
        request,
        form=form,
        title=_("New strategic priority"),
        intro=_(
            "The strategic level sets the year's priorities from the annual competence "
            "analysis; initiatives then carry them out."
        ),
        save=lambda data: services.priority_create(
            actor=request.user, fields=form.priority_fields()
        ),
        success=_("The priority is saved."),
        redirect_to=lambda priority: _priorities_url(priority.year),
        cancel_url=_priorities_url(year),
        back=(_priorities_url(year), _("Strategic priorities")),
    )


@login_required
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _priority(request, pk)
    require(request.user, "collaboration.manage_priorities")
    form = PriorityForm(request.POST or None, priority=priority)
    return collaboration_form(
        request,
        form=form,
        title=_("Edit the priority %(title)s") % {"title": priority.title},
        save=lambda data: services.priority_update(
            actor=request.user, priority=priority, fields=form.priority_fields()
        ),
        success=_("The priority is saved."),
        redirect_to=lambda saved: _priorities_url(saved.year),
        cancel_url=_priorities_url(priority.year),
        back=(_priorities_url(priority.year), _("Strategic priorities")),
    )


@login_required
def priority_delete(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _priority(request, pk)
    require(request.user, "collaboration.manage_priorities")
    return collaboration_confirm(
        request,
        title=_("Delete the priority %(title)s") % {"title": priority.title},
        question=_(
            "The priority is deleted. Initiatives that carry it out stay, without a priority. "
            "This cannot be undone."
        ),
        action=lambda: services.priority_delete(actor=request.user, priority=priority),
        success=_("The priority is deleted."),
        redirect_to=_priorities_url(priority.year),
        cancel_url=_priorities_url(priority.year),
        confirm_label=_("Yes, delete"),
    )


# --- initiatives -----------------------------------------------------------------------------


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    filters = InitiativeFilterForm(request.GET or None)
    initiatives = selectors.initiative_list(actor=request.user, **filters.filters())
    page = paginate(request, initiatives)
    follow = followups([i.pk for i in page["object_list"]])
    return render(
        request,
        "collaboration/initiative_list.html",
        {
            "filters": filters,
            "can_create": request.user.has_perm("collaboration.create_initiative"),
            **page,
            "rows": [(i, follow[i.pk]) for i in page["object_list"]],
        },
    )


def _decision(request: HttpRequest, pk: int | None) -> Decision | None:
    """The decision an initiative starts from, if the user sees its council (else 404)."""
    if pk is None:
        return None
    try:
        return council_selectors.decision_get(actor=request.user, pk=pk)
    except Decision.DoesNotExist:
        raise Http404 from None


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    """A new initiative; `?priority=`, `?decision=` or a group of the unmet-needs list
    (`?area=&subregion=&horizon=`) say what it starts from."""
    require(request.user, "collaboration.create_initiative")
    start = InitiativeStartForm(request.GET or None)
    origin = start.origin()
    decision = _decision(request, origin.get("decision"))
    if origin.get("priority") is not None:
        get_object_or_404(Priority, pk=origin["priority"])
    form = InitiativeForm(request.POST or None, initial=start.start_values(decision))
    intro = _(
        "An initiative turns a finding into action: needs from the analysis, a strategic "
        "priority or a council decision."
    )
    if decision is not None:
        intro = _("From the decision of %(council)s: “%(text)s”") % {
            "council": decision.meeting.council.name,
            "text": decision.text,
        }

    def save(data: dict) -> Initiative:
        return services.initiative_create(
            actor=request.user,
            fields=form.initiative_fields(decision=decision),
            needs=selectors.needs_of_groups(data.get("need_groups") or []),
        )

    return collaboration_form(
        request,
        form=form,
        title=_("New initiative"),
        intro=intro,
        save=save,
        success=_("The initiative is saved. Link what it produces on its page."),
        redirect_to=lambda initiative: initiative.get_absolute_url(),
        cancel_url=reverse("collaboration:initiative_list"),
        back=(reverse("collaboration:initiative_list"), _("Initiatives")),
    )


@login_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    return render(
        request,
        "collaboration/initiative_detail.html",
        {
            "initiative": initiative,
            "follow": followup(initiative),
            "needs": need_states(initiative)[:200],
            "courses": selectors.linked_courses(actor=request.user, initiative=initiative),
            "decision": selectors.visible_decision(actor=request.user, initiative=initiative),
            "can_manage": request.user.has_perm("collaboration.manage_initiative", initiative),
        },
    )


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    require(request.user, "collaboration.manage_initiative", initiative)
    form = InitiativeForm(request.POST or None, initiative=initiative)
    return collaboration_form(
        request,
        form=form,
        title=_("Edit %(title)s") % {"title": initiative.title},
        save=lambda data: services.initiative_update(
            actor=request.user,
            initiative=initiative,
            fields=form.initiative_fields(decision=initiative.decision),
        ),
        success=_("The initiative is saved."),
        redirect_to=initiative.get_absolute_url(),
        cancel_url=initiative.get_absolute_url(),
        back=(initiative.get_absolute_url(), initiative.title),
    )


@login_required
def initiative_delete(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    require(request.user, "collaboration.manage_initiative", initiative)
    return collaboration_confirm(
        request,
        title=_("Delete %(title)s") % {"title": initiative.title},
        question=_(
            "The initiative is deleted. The needs, courses, projects and events it links stay; "
            "only the links go. This cannot be undone."
        ),
        action=lambda: services.initiative_delete(actor=request.user, initiative=initiative),
        success=_("The initiative is deleted."),
        redirect_to=reverse("collaboration:initiative_list"),
        cancel_url=initiative.get_absolute_url(),
        confirm_label=_("Yes, delete"),
    )


@login_required
def initiative_links(request: HttpRequest, pk: int) -> HttpResponse:
    """Find a course, project or event (GET) and link it (POST)."""
    initiative = _initiative(request, pk)
    require(request.user, "collaboration.manage_initiative", initiative)
    search = LinkSearchForm(request.GET or None)
    kind, q = search.search()
    if request.method == "POST":
        form = LinkForm(request.POST, actor=request.user, initiative=initiative)
        target = form.chosen() if form.is_valid() else None
        if target is None:
            messages.error(request, _("What you chose is no longer there. Search again."))
        else:
            try:
                services.initiative_link(
                    actor=request.user,
                    initiative=initiative,
                    kind=form.chosen_kind(),
                    target=target,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("“%(name)s” is linked.") % {"name": str(target)})
        return redirect(request.get_full_path())
    return render(
        request,
        "collaboration/initiative_links.html",
        {
            "initiative": initiative,
            "search": search,
            "kind": kind,
            "results": selectors.link_candidates(
                actor=request.user, initiative=initiative, kind=kind, q=q
            ),
        },
    )


@login_required
@require_POST
def initiative_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    require(request.user, "collaboration.manage_initiative", initiative)
    form = LinkForm(request.POST, actor=request.user, initiative=initiative)
    target = form.chosen() if form.is_valid() else None
    if target is not None:
        services.initiative_unlink(
            actor=request.user, initiative=initiative, kind=form.chosen_kind(), target=target
        )
        messages.success(request, _("The link to “%(name)s” is removed.") % {"name": str(target)})
    return redirect(
        initiative.get_absolute_url() + ("#needs" if form.chosen_kind() == "need" else "#outcomes")
    )


# --- the strategic cycle: the year's report -------------------------------------------------


@login_required
def cycle(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    year = YearForm(request.GET or None).chosen_year()
    report = selectors.cycle(actor=request.user, year=year)
    return render(
        request,
        "collaboration/cycle.html",
        {
            "cycle": report,
            "status_items": [
                (label, report.status_counts[value]) for value, label in InitiativeStatus.choices
            ],
            "years": sorted({year, *selectors.priority_years(actor=request.user)}, reverse=True),
            "can_manage": request.user.has_perm("collaboration.manage_priorities"),
        },
    )


@login_required
def cycle_pdf(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    year = YearForm(request.GET or None).chosen_year()
    report = selectors.cycle(actor=request.user, year=year)
    return download(
        exporters.cycle_pdf(report),
        exporters.cycle_filename(year),
        content_type="application/pdf",
    )
