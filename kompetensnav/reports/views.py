from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.http import download
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page

from . import exporters, selectors, services
from .annual import PAGE_TITLE, annual_report
from .annual import TITLE as ANNUAL_TITLE
from .forms import AnnualReportForm, GenerateForm, PeriodForm, year_params
from .report import TITLE, key_figures, period_text


def _period_form(request: HttpRequest) -> PeriodForm:
    require(request.user, "reports.view_figures")
    return PeriodForm(request.GET)


@login_required
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
        params = urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})
        context.update(
            figures=key_figures(period),
            period_text=period_text(period.start, period.end),
            download_params=params,
        )
    return render(request, "reports/figures.html", context)


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
