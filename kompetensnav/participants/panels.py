"""The sections participants adds to other apps' pages (common/panels.py): a company's
employees on courses, on the company's page; the button to sign up for a course, on the
course's pages of the catalogue."""

from django.http import HttpRequest

from kompetensnav.campus.models import Course
from kompetensnav.companies.models import Company

from .selectors import GenderFilters, gender_breakdown, participants_of_company


def company_courses(request: HttpRequest, company: Company) -> dict:
    """Counts only, never names: the company page is shared across the network."""
    return {"course_participants": participants_of_company(company=company)}


def course_signup(request: HttpRequest, course: Course) -> dict:
    """The public registration form of the course (the catalogue page shows the button only
    for a published course with upcoming sessions)."""
    return {"course": course}


def needs_dashboard(request: HttpRequest, filters: GenderFilters) -> dict | None:
    """Women and men among the participants, under the needs analysis."""
    if not request.user.has_perm("visits.view_dashboard"):
        return None
    return {"gender": gender_breakdown(actor=request.user, filters=filters)}
