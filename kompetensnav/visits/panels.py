"""The sections visits adds to other apps' pages (common/panels.py): a company's visits and
needs, and the button to log a visit, on the company's page."""

from django.http import HttpRequest

from kompetensnav.companies.models import Company

from .selectors import company_history


def company_visits(request: HttpRequest, company: Company) -> dict:
    """Every visit of the company (the visits app decides which the viewer may read in full)
    and the needs recorded on them."""
    return {"company": company, "history": company_history(actor=request.user, company=company)}


def company_actions(request: HttpRequest, company: Company) -> dict | None:
    if not request.user.has_perm("visits.log_visit"):
        return None
    return {"company": company}
