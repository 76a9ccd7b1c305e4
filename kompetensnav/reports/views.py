from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from . import exporters
from .forms import PeriodForm, year_params
from .report import TITLE, key_figures, period_text


def _period_form(request: HttpRequest) -> PeriodForm:
    if not request.user.has_perm("reports.view_figures"):
        raise PermissionDenied
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
    if extension == "xlsx":
        body, content_type = exporters.figures_xlsx(result), exporters.XLSX_TYPE
    else:
        body, content_type = exporters.figures_pdf(result), exporters.PDF_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{exporters.filename(result, extension)}"'
    )
    return response


@login_required
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
def figures_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")
