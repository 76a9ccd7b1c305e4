"""The sections analysis adds to other apps' pages (common/panels.py): the courses to offer on
a visit's page, the needs a course answers on the course's page, and on the start page a
broker's courses to offer and a coordinator's needs without an offer."""

from django.http import HttpRequest
from django.utils import timezone

from kompetensnav.accounts.acting import acting_role
from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Course
from kompetensnav.visits.models import Visit
from kompetensnav.visits.selectors import NeedFilters

from . import selectors
from .models import CourseProposal, CourseTip, NeedMatch


def visit(request: HttpRequest, visit: Visit) -> dict | None:
    needs = list(visit.needs.all())
    if not needs or not request.user.has_perm("analysis.view_matches"):
        return None
    suggestions = selectors.suggestions_for_needs(needs=needs)
    matched = selectors.matched_need_ids(needs=needs)
    can_tell = request.user.has_perm("analysis.tell_company") and request.user.has_perm(
        "visits.edit_visit", visit
    )
    return {
        "rows": [
            {"need": n, "suggestions": suggestions[n.pk], "matched": n.pk in matched} for n in needs
        ],
        "tell_visit": visit if can_tell else None,
        "tips": list(
            CourseTip.objects.filter(visit=visit).select_related("course", "sent_by")[:20]
        ),
    }


def course(request: HttpRequest, course: Course) -> dict | None:
    if not request.user.has_perm("analysis.view_matches"):
        return None
    proposal = (
        CourseProposal.objects.filter(course=course)
        .prefetch_related("needs__area", "needs__visit__company")
        .first()
    )
    answered = NeedMatch.objects.filter(course=course).count()
    if proposal is None and not answered and course.status != "published":
        return None
    return {
        "course": course,
        "proposal_needs": list(proposal.needs.all()) if proposal else [],
        "answered": answered,
    }


def needs_dashboard(request: HttpRequest, filters: NeedFilters) -> dict | None:
    """Offer against demand under the needs analysis, with its filters."""
    if not request.user.has_perm("analysis.view_matches"):
        return None
    offer = selectors.offer_against_demand(actor=request.user, filters=filters)
    return {
        "offer": offer,
        "filters": filters,
        "can_see_unmet": request.user.has_perm("analysis.view_unmet_needs"),
    }


def home(request: HttpRequest, user) -> dict | None:
    """The start page: a broker's courses to offer the companies they visited; a
    coordinator's needs without an offer."""
    role = acting_role(request.user)
    if role == Role.BROKER and request.user.has_perm("analysis.view_matches"):
        return {
            "offers": selectors.offers_for_broker(actor=request.user, today=timezone.localdate()),
            "can_tell": request.user.has_perm("analysis.tell_company"),
        }
    if role == Role.COORDINATOR and request.user.has_perm("analysis.view_unmet_needs"):
        return {"unmet": selectors.unmet_needs().count(), "waiting": selectors.waiting_count()}
    return None
