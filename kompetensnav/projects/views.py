"""Project pages. Thin: permission → form → service → redirect. Projects are shared across
the network, so another organisation's project is found and a forbidden edit answers 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompetensnav.common.forms import apply_errors
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page, form_page
from kompetensnav.interchange.tables import table_download

from . import reporting, selectors, services
from .charts import cofinancing_chart
from .cofinancing import cofinancing as cofinancing_of
from .forms import (
    BudgetLineForm,
    IdentityNumberForm,
    IncomingGroupForm,
    MobilityFilterForm,
    MobilityForm,
    PartnerForm,
    ProjectFilterForm,
    ProjectForm,
)
from .models import BudgetLine, Mobility, Project, ProjectPartner


def _form_page(request, *, form, title: str, cancel_url: str, save, success: str, project=None):
    """The project pages' form (projects/form.html); a valid POST returns to what was saved
    (a project) or to `cancel_url`."""
    return form_page(
        request,
        form=form,
        save=save,
        success=success,
        redirect_to=lambda saved: getattr(saved, "get_absolute_url", lambda: cancel_url)(),
        template="projects/form.html",
        context={"title": title, "cancel_url": cancel_url, "project": project},
    )


def _confirm_page(request, *, title: str, question: str, cancel_url: str, delete, success: str):
    return confirm_page(
        request,
        action=delete,
        success=success,
        redirect_to=cancel_url,
        template="projects/confirm_delete.html",
        context={"title": title, "question": question, "cancel_url": cancel_url},
    )


def _project(pk: int) -> Project:
    return get_object_or_404(Project, pk=pk)


# --- projects -----------------------------------------------------------------------------


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "projects.view_projects")
    filters = ProjectFilterForm(request.GET or None)
    projects = selectors.project_list(actor=request.user, **filters.filters())
    return render(
        request,
        "projects/project_list.html",
        {
            "filters": filters,
            "can_create": request.user.has_perm("projects.create_project"),
            **paginate(request, projects),
        },
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        project = selectors.project_detail(actor=request.user, pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    user = request.user
    cofinancing = cofinancing_of(project)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "cofinancing": cofinancing,
            "cofinancing_chart": cofinancing_chart(cofinancing),
            "can_report": user.has_perm("projects.report_participants", project),
            "utilisation": selectors.utilisation(projects=[project])[project.pk]
            if project.is_erasmus
            else None,
            "courses": project.courses.select_related("provider").order_by("title_sv"),
            "visit_count": project.visits.count(),
            "visits": project.visits.select_related("company", "organisation").order_by(
                "-date", "-pk"
            )[:10],
            "can_manage": user.has_perm("projects.manage_project", project),
            "can_manage_mobilities": user.has_perm("projects.manage_mobilities", project),
            "today": timezone.localdate(),
        },
    )


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "projects.create_project")
    form = ProjectForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("New project"),
        cancel_url=reverse("projects:project_list"),
        save=lambda data: services.project_save(actor=request.user, **data),
        success=_("The project has been created."),
    )


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    require(request.user, "projects.manage_project", project)
    form = ProjectForm(request.POST or None, instance=project)
    return _form_page(
        request,
        form=form,
        title=_("Edit project"),
        cancel_url=project.get_absolute_url(),
        save=lambda data: services.project_save(actor=request.user, project=project, **data),
        success=_("The project has been saved."),
        project=project,
    )


# --- partners and budget lines ------------------------------------------------------------


@login_required
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    require(request.user, "projects.manage_project", project)
    return _form_page(
        request,
        form=PartnerForm(request.POST or None),
        title=_("Add a partner"),
        cancel_url=project.get_absolute_url(),
        save=lambda data: services.partner_add(actor=request.user, project=project, **data),
        success=_("The partner has been added."),
        project=project,
    )


@login_required
def partner_remove(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(
        ProjectPartner.objects.select_related("project", "organisation"), pk=pk
    )
    require(request.user, "projects.manage_project", partner.project)
    return _confirm_page(
        request,
        title=_("Remove a partner"),
        question=_("Remove %(organisation)s from %(project)s?")
        % {"organisation": partner.organisation, "project": partner.project},
        cancel_url=partner.project.get_absolute_url(),
        delete=lambda: services.partner_remove(actor=request.user, partner=partner),
        success=_("The partner has been removed."),
    )


@login_required
def budget_line_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    require(request.user, "projects.manage_project", project)
    return _form_page(
        request,
        form=BudgetLineForm(request.POST or None),
        title=_("Add a budget line"),
        cancel_url=project.get_absolute_url(),
        save=lambda data: services.budget_line_save(
            actor=request.user, project=project, fields=services.BudgetLineFields(**data)
        ),
        success=_("The budget line has been saved."),
        project=project,
    )


@login_required
def budget_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("project"), pk=pk)
    require(request.user, "projects.manage_project", line.project)
    return _form_page(
        request,
        form=BudgetLineForm(request.POST or None, instance=line),
        title=_("Edit budget line"),
        cancel_url=line.project.get_absolute_url(),
        save=lambda data: services.budget_line_save(
            actor=request.user,
            project=line.project,
            line=line,
            fields=services.BudgetLineFields(**data),
        ),
        success=_("The budget line has been saved."),
        project=line.project,
    )


@login_required
def budget_line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("project"), pk=pk)
    require(request.user, "projects.manage_project", line.project)
    return _confirm_page(
        request,
        title=_("Delete budget line"),
        question=_("Delete the budget line “%(line)s”?") % {"line": line},
        cancel_url=line.project.get_absolute_url(),
        delete=lambda: services.budget_line_delete(actor=request.user, line=line),
        success=_("The budget line has been deleted."),
    )


# --- Erasmus+ -----------------------------------------------------------------------------


@login_required
def erasmus_overview(request: HttpRequest) -> HttpResponse:
    projects = list(selectors.erasmus_projects(actor=request.user))
    found = selectors.utilisation(projects=projects)
    force_majeure = (
        Mobility.objects.filter(project__in=projects, status="force_majeure")
        .select_related("project", "country", "sending_member")
        .order_by("-start")
    )
    return render(
        request,
        "projects/erasmus.html",
        {
            "rows": [(project, found[project.pk]) for project in projects],
            "force_majeure": force_majeure,
        },
    )


@login_required
def mobility_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    filters = MobilityFilterForm(request.GET or None)
    mobilities = selectors.mobility_list(actor=request.user, project=project, **filters.filters())
    return render(
        request,
        "projects/mobility_list.html",
        {
            "project": project,
            "filters": filters,
            "can_manage": request.user.has_perm("projects.manage_mobilities", project),
            **paginate(request, mobilities),
        },
    )


@login_required
def mobility_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    require(request.user, "projects.manage_mobilities", project)
    return _form_page(
        request,
        form=MobilityForm(request.POST or None),
        title=_("Add a mobility"),
        cancel_url=reverse("projects:mobility_list", args=[project.pk]),
        save=lambda data: services.mobility_save(actor=request.user, project=project, **data),
        success=_("The mobility has been saved."),
        project=project,
    )


@login_required
def mobility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = get_object_or_404(Mobility.objects.select_related("project"), pk=pk)
    require(request.user, "projects.manage_mobilities", mobility.project)
    return _form_page(
        request,
        form=MobilityForm(request.POST or None, instance=mobility),
        title=_("Edit mobility"),
        cancel_url=reverse("projects:mobility_list", args=[mobility.project_id]),
        save=lambda data: services.mobility_save(
            actor=request.user, project=mobility.project, mobility=mobility, **data
        ),
        success=_("The mobility has been saved."),
        project=mobility.project,
    )


@login_required
def mobility_delete(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = get_object_or_404(Mobility.objects.select_related("project"), pk=pk)
    require(request.user, "projects.manage_mobilities", mobility.project)
    return _confirm_page(
        request,
        title=_("Delete mobility"),
        question=_("Delete the mobility “%(mobility)s”?") % {"mobility": mobility},
        cancel_url=reverse("projects:mobility_list", args=[mobility.project_id]),
        delete=lambda: services.mobility_delete(actor=request.user, mobility=mobility),
        success=_("The mobility has been deleted."),
    )


@login_required
def incoming_group_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    require(request.user, "projects.manage_mobilities", project)
    return _form_page(
        request,
        form=IncomingGroupForm(request.POST or None),
        title=_("Add an incoming group"),
        cancel_url=project.get_absolute_url(),
        save=lambda data: services.incoming_group_save(
            actor=request.user, project=project, fields=services.IncomingGroupFields(**data)
        ),
        success=_("The incoming group has been saved."),
        project=project,
    )


# --- participant reporting ----------------------------------------------------------------


@login_required
def participant_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    project = _project(pk)
    require(request.user, "projects.report_participants", project)
    header, rows = reporting.participant_report(actor=request.user, project=project)
    filename = f"deltagartimmar-{slugify(project.name)}.{fmt}"
    return table_download(
        filename,
        header,
        rows,
        cache_control="no-store",
        title=_("Participant hours"),
        notes=[
            (_("Project"), project.name),
            *([(_("From"), project.start)] if project.start else []),
            *([(_("To"), project.end)] if project.end else []),
            (_("Created"), timezone.localdate()),
        ],
    )


@login_required
def identity_numbers(request: HttpRequest, pk: int) -> HttpResponse:
    """Record personal identity numbers (POST only: a number never appears in a URL)."""
    project = _project(pk)
    require(request.user, "projects.report_participants", project)
    if not project.requires_identity_numbers:
        raise Http404
    participants = reporting.project_participants(project)
    form = IdentityNumberForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        try:
            reporting.identity_number_set(
                actor=request.user,
                project=project,
                participant=form.cleaned_data["participant"],
                number=form.cleaned_data["number"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The personal identity number has been saved."))
            return redirect("projects:identity_numbers", pk=project.pk)
    return render(
        request,
        "projects/identity_numbers.html",
        {"project": project, "form": form, **paginate(request, participants)},
    )
