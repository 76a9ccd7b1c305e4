from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.datacache import remember
from kompetensnav.common.forms import Form
from kompetensnav.common.http import download
from kompetensnav.common.keptpages import kept_page
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page, form_page
from kompetensnav.figures.registry import Period

from . import exporters, selectors, services
from .annual import PAGE_TITLE, annual_report
from .annual import TITLE as ANNUAL_TITLE
from .competence import TITLE as COMPETENCE_TITLE
from .competence import compare, competence_title
from .forms import (
    AnnualReportForm,
    CompareForm,
    CompetenceReportForm,
    CompetenceTextsForm,
    GenerateForm,
    PeriodForm,
    year_params,
)
from .models import CompetenceReport
from .report import TITLE, key_figures, period_text


def _period_form(request: HttpRequest) -> PeriodForm:
    require(request.user, "reports.view_figures")
    return PeriodForm(request.GET)


@login_required
@kept_page()
def figures(request: HttpRequest) -> HttpResponse:
    form = _period_form(request)
    period = form.period()
    year = timezone.localdate().year
    context = {
        "form": form,
        "title": TITLE,
        "this_year": urlencode(year_params(year)),
        "last_year": urlencode(year_params(year - 1)),
        "figures": None,
    }
    if period is not None:
        context["period_text"] = period_text(period.start, period.end)
    context["body"] = _figures_body(period)
    return render(request, "reports/figures.html", context)


def _figures_body(period: Period | None) -> str:
    """The figures of the page, drawn once per period and language and kept until the data
    changes (the figures are the same for everyone who may see them)."""

    def body() -> str:
        context: dict = {"figures": None}
        if period is not None:
            params = urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})
            context.update(figures=key_figures(period), download_params=params)
        return render_to_string("reports/partials/figures_body.html", context)

    if period is None:
        return body()
    key = (
        period.start,
        period.end,
        getattr(period.project, "pk", None),
        getattr(period.organisation, "pk", None),
        translation.get_language(),
    )
    return mark_safe(remember("figures_page", key, body))  # noqa: S308 - our own template's output


def _download(request: HttpRequest, extension: str) -> HttpResponse:
    form = _period_form(request)
    period = form.period()
    if period is None:
        # the page shows what is wrong with the period, with the input kept
        return redirect(f"{reverse('reports:figures')}?{request.GET.urlencode()}")
    result = key_figures(period)
    body = exporters.figures_xlsx(result) if extension == "xlsx" else exporters.figures_pdf(result)
    return download(body, exporters.filename(result, extension))


@login_required
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
def figures_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


# --- the annual report -----------------------------------------------------------------------


@login_required
def annual(request: HttpRequest) -> HttpResponse:
    """The annual report of a year on the page, and the form that has it made as files."""
    require(request.user, "reports.view_annual_report")
    form = AnnualReportForm(request.GET or None)
    choices = form.choices()
    context = {
        "form": form,
        "title": PAGE_TITLE,
        "report": None,
        "can_create": request.user.has_perm("reports.create_annual_report"),
        # older ones are deleted as new ones are made (services.KEEP_JOBS): no paging needed
        "jobs": selectors.report_job_list(actor=request.user)[: services.KEEP_JOBS],
    }
    if choices is not None:
        context["report"] = annual_report(
            choices["year"], project=choices["project"], organisation=choices["organisation"]
        )
        context["choices"] = choices
        context["generate_form"] = GenerateForm(language=translation.get_language())
    return render(request, "reports/annual.html", context)


@login_required
@require_POST
def annual_generate(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.create_annual_report")
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The report could not be started: check the choices."))
        return redirect("reports:annual")
    job = services.report_job_create(
        actor=request.user,
        year=form.cleaned_data["year"],
        language=form.cleaned_data["language"],
        project=form.cleaned_data["project"],
        organisation=form.cleaned_data["organisation"],
    )
    return redirect("reports:annual_job", pk=job.pk)


@login_required
def annual_job(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.view_annual_report")
    job = selectors.report_job_get(actor=request.user, pk=pk)
    if request.htmx and request.GET.get("part") == "progress":
        if not job.is_in_progress:
            # the whole page shows the outcome: the files or what went wrong
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("reports:annual_job", args=[job.pk])
            return response
        return render(request, "reports/partials/annual_progress.html", {"job": job})
    return render(
        request,
        "reports/annual_job.html",
        {
            "job": job,
            "title": PAGE_TITLE,
            "can_create": request.user.has_perm("reports.create_annual_report"),
            "can_delete": request.user.has_perm("reports.delete_annual_report"),
            "refresh_seconds": 3,
        },
    )


@login_required
def annual_job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a report that is waiting or being made, after a confirmation. Cancelling is for
    those who may delete it (coordinators): readers who only download may not."""
    require(request.user, "reports.delete_annual_report")
    job = selectors.report_job_get(actor=request.user, pk=pk)
    if not job.is_in_progress:
        messages.info(request, _("This report has already finished; nothing was cancelled."))
        return redirect("reports:annual_job", pk=job.pk)
    if request.method == "POST":
        try:
            services.report_job_cancel(actor=request.user, job=job)
        except services.ReportJobStateError as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(request, _("The report was cancelled; nothing was saved."))
        return redirect("reports:annual_job", pk=job.pk)
    return render(request, "reports/annual_job_cancel.html", {"job": job})


def _job_file(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    require(request.user, "reports.view_annual_report")
    job = selectors.report_job_get(actor=request.user, pk=pk, with_files=True)
    body = bytes(job.pdf if extension == "pdf" else job.xlsx)
    if not job.is_done or not body:
        raise Http404
    with translation.override(job.language):
        name = f"{slugify(str(ANNUAL_TITLE))}-{job.year}.{extension}"
    return download(body, name)


@login_required
def annual_job_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _job_file(request, pk, "pdf")


@login_required
def annual_job_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _job_file(request, pk, "xlsx")


@login_required
def annual_job_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.delete_annual_report")
    job = selectors.report_job_get(actor=request.user, pk=pk)
    return confirm_page(
        request,
        action=lambda: services.report_job_delete(actor=request.user, job=job),
        success=_("The report was deleted."),
        redirect_to=reverse("reports:annual"),
        template="reports/annual_job_delete.html",
        context={"job": job},
    )


# --- the competence analysis -----------------------------------------------------------------


@login_required
def competence(request: HttpRequest) -> HttpResponse:
    """The competence analyses, drafts and published, newest period first."""
    reports = selectors.competence_report_list(actor=request.user)
    return render(
        request,
        "reports/competence_list.html",
        {
            "title": COMPETENCE_TITLE,
            "can_create": request.user.has_perm("reports.create_competence_analysis"),
            **paginate(request, reports),
        },
    )


@login_required
def competence_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.create_competence_analysis")
    form = CompetenceReportForm(request.POST or None, language=translation.get_language())
    return form_page(
        request,
        form=form,
        save=lambda data: services.competence_report_create(
            actor=request.user,
            date_from=data["date_from"],
            date_to=data["date_to"],
            region=data["region"],
            language=data["language"],
        ),
        success=_(
            "The competence analysis was created. Write its introduction and "
            "conclusions, then preview it."
        ),  # fmt: skip
        redirect_to=lambda report: reverse("reports:competence_texts", args=[report.pk]),
        template="reports/competence_create.html",
    )


def _needs_url(report: CompetenceReport) -> str:
    """The needs analysis page of the report's period and region."""
    params = {"date_from": report.date_from.isoformat(), "date_to": report.date_to.isoformat()}
    if report.region_key:
        params[report.region_kind] = report.region_key
    return f"{reverse('visits:dashboard')}?{urlencode(params)}"


@login_required
def competence_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.competence_report_get(actor=request.user, pk=pk)
    versions = selectors.competence_versions(actor=request.user, report=report)
    return render(
        request,
        "reports/competence_report.html",
        {
            "report": report,
            "title": competence_title(report),
            "versions": versions,
            "published": [v for v in versions if v.is_published],
            "can_create": request.user.has_perm("reports.create_competence_analysis"),
            "can_publish": request.user.has_perm("reports.publish_competence_analysis"),
            "can_delete": request.user.has_perm("reports.delete_competence_analysis"),
            "needs_url": _needs_url(report),
        },
    )


@login_required
def competence_texts(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.create_competence_analysis")
    report = selectors.competence_report_get(actor=request.user, pk=pk)
    form = CompetenceTextsForm(
        request.POST or None,
        initial={"introduction": report.introduction, "conclusions": report.conclusions},
    )
    return form_page(
        request,
        form=form,
        save=lambda data: services.competence_report_update(
            actor=request.user, report=report, **data
        ),  # fmt: skip
        success=_("The texts were saved. Preview the report to read them in place."),
        redirect_to=reverse("reports:competence_report", args=[report.pk]),
        template="reports/competence_texts.html",
        context={"report": report, "title": competence_title(report)},
    )


@login_required
@require_POST
def competence_preview(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.create_competence_analysis")
    report = selectors.competence_report_get(actor=request.user, pk=pk)
    version = services.competence_version_create(actor=request.user, report=report, publish=False)
    return redirect("reports:competence_version", pk=version.pk)


@login_required
def competence_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then publish: the worker makes the files, which are kept for good."""
    require(request.user, "reports.publish_competence_analysis")
    report = selectors.competence_report_get(actor=request.user, pk=pk)
    return form_page(
        request,
        form=Form(request.POST if request.method == "POST" else None),
        save=lambda _data: services.competence_version_create(
            actor=request.user, report=report, publish=True
        ),
        success=_("The competence analysis is being published."),
        redirect_to=lambda version: reverse("reports:competence_version", args=[version.pk]),
        template="reports/competence_publish.html",
        context={
            "report": report,
            "title": competence_title(report),
            "previewed": selectors.competence_previewed(actor=request.user, report=report),
        },
    )


@login_required
def competence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.delete_competence_analysis")
    report = selectors.competence_report_get(actor=request.user, pk=pk)
    return confirm_page(
        request,
        action=lambda: services.competence_report_delete(actor=request.user, report=report),
        success=_("The competence analysis was deleted."),
        redirect_to=reverse("reports:competence"),
        template="reports/competence_delete.html",
        context={"report": report, "title": competence_title(report)},
    )


@login_required
def competence_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.competence_version_get(actor=request.user, pk=pk)
    if request.htmx and request.GET.get("part") == "progress":
        if not version.is_in_progress:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("reports:competence_version", args=[version.pk])
            return response
        return render(request, "reports/partials/competence_progress.html", {"job": version})
    report = version.report
    context = {
        "job": version,
        "version": version,
        "report": report,
        "title": competence_title(report),
        "can_create": request.user.has_perm("reports.create_competence_analysis"),
        "refresh_seconds": 3,
    }
    if version.is_done and version.figures:
        compare_form = CompareForm(
            request.GET,
            versions=selectors.published_versions(
                actor=request.user,
                region_kind=report.region_kind,
                region_key=report.region_key,
                exclude=version.pk,
            ),
        )
        earlier = compare_form.chosen()
        context.update(
            compare_form=compare_form,
            earlier=earlier,
            comparison=compare(version.figures, earlier.figures) if earlier else None,
        )
    return render(request, "reports/competence_version.html", context)


@login_required
def competence_version_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "reports.create_competence_analysis")
    version = selectors.competence_version_get(actor=request.user, pk=pk)
    if not version.is_in_progress:
        messages.info(request, _("This version has already finished; nothing was cancelled."))
        return redirect("reports:competence_version", pk=version.pk)
    if request.method == "POST":
        try:
            services.competence_version_cancel(actor=request.user, version=version)
        except services.ReportJobStateError as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(request, _("It was cancelled; nothing was saved."))
        return redirect("reports:competence_report", pk=version.report_id)
    return render(
        request,
        "reports/competence_version_cancel.html",
        {"job": version, "report": version.report, "title": competence_title(version.report)},
    )


def _version_file(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    version = selectors.competence_version_get(actor=request.user, pk=pk, with_files=True)
    body = bytes(version.pdf if extension == "pdf" else version.xlsx)
    if not version.is_done or not body:
        raise Http404
    report = version.report
    with translation.override(report.language):
        name = exporters.competence_filename(
            date_from=report.date_from,
            date_to=report.date_to,
            region_name=report.region_name if report.region_key else "",
            extension=extension,
        )
    return download(body, name)


@login_required
def competence_version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_file(request, pk, "pdf")


@login_required
def competence_version_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_file(request, pk, "xlsx")
