"""The matching of needs and courses, as the need and course pages show it: a need's
suggested published courses, and the current needs a course answers. Needs and published
courses are shared network-wide; the company behind a need is named only to those who may
read its visit."""

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Router
from ninja.pagination import paginate

from kompetensnav.analysis import selectors
from kompetensnav.campus.models import Course
from kompetensnav.campus.selectors import visible_courses
from kompetensnav.common.permissions import require
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.visits.models import Need

from ..chain_schemas import CourseNeedOut, NeedMatchOut
from ..pagination import ApiPagination
from ..params import MAX_ID
from ..responses import with_errors

router = Router(tags=["matching"])


@router.get(
    "/needs/{id}/matches",
    response=with_errors(list[NeedMatchOut], 403, 404),
    operation_id="need_matches",
    summary="The published courses that answer a need, best first",
    description=(
        "The matcher's suggestions for the need (updated by the task worker when needs or "
        "courses change), with the shared competence areas and words behind each, and the "
        "course's next session."
    ),
)
def need_matches(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID, description="The need's id.")],
) -> list:
    require(request.user, "visits.view_needs")
    need = Need.objects.filter(pk=id).first()
    if need is None:
        raise Http404
    matches = selectors.need_suggestions(need=need)
    # the shared areas are stored as ids: their names in one query
    ids = {pk for match in matches for pk in match.areas}
    names = dict(CompetenceArea.objects.filter(pk__in=ids).values_list("pk", "name"))
    for match in matches:
        match.area_names = sorted(names[pk] for pk in match.areas if pk in names)
    return matches


@router.get(
    "/courses/{id}/needs",
    response=with_errors(list[CourseNeedOut], 403, 404),
    operation_id="course_needs",
    summary="The current needs a course answers, best match first",
    description=(
        "Needs of the last years' visits that the course matches. `company` and `visit` are "
        "given only when the token may read the visit (its organisation's, or a "
        "coordinator's); otherwise null."
    ),
)
@paginate(ApiPagination)
def course_needs(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID, description="The course's id.")],
):
    require(request.user, "campus.view_courses")
    course = visible_courses(actor=request.user).filter(pk=id).first()
    if course is None:
        raise Http404
    try:
        return selectors.course_needs(actor=request.user, course=course)
    except Course.DoesNotExist:
        raise Http404 from None
