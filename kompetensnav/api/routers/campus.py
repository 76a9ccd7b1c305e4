"""The published course catalogue, as the public catalogue shows it."""

from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from kompetensnav.campus import selectors
from kompetensnav.campus.models import Session

from ..pagination import ApiPagination
from ..responses import with_errors
from ..schemas import CourseOut

router = Router(tags=["campus"])


def _session_start(order: str) -> Subquery:
    return Subquery(
        Session.objects.filter(course=OuterRef("pk")).order_by(order).values("start")[:1],
        output_field=DateTimeField(),
    )


def _with_session_span(qs: QuerySet) -> QuerySet:
    """The first and the last session's start, in the same query as the courses."""
    return qs.annotate(
        first_session_start=_session_start("start"),
        last_session_start=_session_start("-start"),
    )


@router.get(
    "/courses",
    response=with_errors(list[CourseOut]),
    operation_id="course_list",
    summary="Published courses of the catalogue",
    description=(
        "The courses of the public catalogue (published ones only), sorted by Swedish title, "
        "then id."
    ),
)
@paginate(ApiPagination)
def course_list(request: HttpRequest):
    # The catalogue's competence areas are not part of this answer: no query for them.
    courses = selectors.catalogue(sort="title").prefetch_related(None)
    return _with_session_span(courses)
