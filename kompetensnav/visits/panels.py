"""The sections visits adds to other apps' pages (common/panels.py): a company's visits and
needs, and the button to log a visit, on the company's page; a broker's day on the start page."""

from django.http import HttpRequest
from django.utils import timezone

from kompetensnav.accounts.acting import acting_role
from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import Company

from .selectors import broker_day, company_history


def home(request: HttpRequest, user) -> dict | None:
    """A broker's start page: follow-ups due, logging a visit, this week's visits."""
    if acting_role(request.user) != Role.BROKER:
        return None
    today = timezone.localdate()
    return {"today": today, **broker_day(actor=request.user, today=today)}


def company_visits(request: HttpRequest, company: Company) -> dict:
    """Every visit of the company (the visits app decides which the viewer may read in full)
    and the needs recorded on them."""
    return {"company": company, "history": company_history(actor=request.user, company=company)}


def company_actions(request: HttpRequest, company: Company) -> dict | None:
    if not request.user.has_perm("visits.log_visit"):
        return None
    return {"company": company}
