"""The sections participants adds to other apps' pages (common/panels.py): a company's
employees on courses, on the company's page; the button to sign up for a course, on the
course's pages of the catalogue; a course provider's day on the start page."""

from django.http import HttpRequest
from django.utils import timezone

from kompetensnav.accounts.acting import acting_role
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.companies.models import Company

from .selectors import (
    STAFF_ROLES,
    GenderFilters,
    gender_breakdown,
    participants_of_company,
    provider_day,
)


def home(request: HttpRequest, user) -> dict | None:
    """A course provider's (or an organisation admin's) start page: their organisation's
    courses and their state, this week's sessions, attendance to record."""
    if acting_role(request.user) not in STAFF_ROLES:
        return None
    day = provider_day(actor=request.user, now=timezone.now())
    if not day:
        return None
    counts = day["statuses"]
    day["statuses"] = [
        (status, label, counts.get(status, 0))
        for status, label in CourseStatus.choices
        if status != CourseStatus.ARCHIVED
    ]
    return day


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
