"""The sections participants adds to other apps' pages (common/panels.py): a company's
employees on courses, on the company's page."""

from django.http import HttpRequest

from kompetensnav.companies.models import Company

from .selectors import participants_of_company


def company_courses(request: HttpRequest, company: Company) -> dict:
    """Counts only, never names: the company page is shared across the network."""
    return {"course_participants": participants_of_company(company=company)}
