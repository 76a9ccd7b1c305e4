"""The sections reports adds to other apps' pages (common/panels.py): a viewer's key figures
of this year on the start page."""

from datetime import date

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone, translation

from kompetensnav.accounts.acting import acting_role
from kompetensnav.accounts.enums import Role
from kompetensnav.figures.registry import Period

from .forms import year_params
from .report import key_figures

# the start page's figures are computed at most this often (seconds): the figures page itself
# is always current
CACHE_SECONDS = 600


def home(request: HttpRequest, user) -> dict | None:
    if acting_role(request.user) != Role.VIEWER or not request.user.has_perm(
        "reports.view_figures"
    ):
        return None
    year = timezone.localdate().year
    key = f"home-figures:{year}:{translation.get_language()}"
    headlines = cache.get(key)
    if headlines is None:
        figures = key_figures(Period(date(year, 1, 1), date(year, 12, 31)))
        headlines = [(row.key, row.display, str(row.label)) for row in figures.headlines]
        cache.set(key, headlines, CACHE_SECONDS)
    return {
        "year": year,
        "headlines": headlines,
        "params": year_params(year),
        "annual": request.user.has_perm("reports.view_annual_report"),
        "competence": request.user.has_perm("reports.view_competence_analysis"),
    }
