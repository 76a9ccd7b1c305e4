"""The published course catalogue, as the public catalogue shows it; and, for providers,
the board and coordinators, courses through the board's review and their sessions (token
scope `write:courses`), through the same services as the course pages."""

from typing import Annotated

from django.db.models import DateTimeField, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Router
from ninja.pagination import paginate

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import TokenScope
from kompetensnav.campus import selectors, services
from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.campus.services import SiteInput
from kompetensnav.common.permissions import require
from kompetensnav.network.models import Organisation

from ..chain_schemas import CourseActionIn, CourseDetailOut, CourseIn, SessionIn, SessionOut
from ..pagination import ApiPagination
from ..params import MAX_ID, UpdatedSince, changed_since
from ..responses import with_errors
from ..schemas import CourseOut
from ..writes import body_of, json_answer, referenced, write

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
        "then id; with `updated_since`, only courses changed since."
    ),
)
@paginate(ApiPagination)
def course_list(request: HttpRequest, updated_since: UpdatedSince = None):
    # The catalogue's competence areas are not part of this answer: no query for them.
    courses = selectors.catalogue(sort="title").prefetch_related(None)
    return _with_session_span(changed_since(courses, updated_since))


# --- writes: courses through the board's review, and their sessions ---

CourseId = Annotated[int, Path(ge=1, le=MAX_ID, description="The course's id.")]


def _course(request: HttpRequest, pk: int) -> Course:
    require(request.user, "campus.view_courses")
    try:
        return _with_areas(selectors.visible_courses(actor=request.user)).get(pk=pk)
    except Course.DoesNotExist:
        raise Http404 from None


def _with_areas(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.select_related("provider").prefetch_related("areas")


def _course_answer(course: Course) -> Course:
    return _with_areas(Course.objects.all()).get(pk=course.pk)


def _organisation(pk: int | None, field: str) -> Organisation | None:
    return None if pk is None else referenced(Organisation, field, pk=pk)


@router.get(
    "/courses/{id}",
    response=with_errors(CourseDetailOut, 403, 404),
    operation_id="course_get",
    summary="One course, in any status the token may see",
    description=(
        "A published course for everyone; drafts and courses in review for their provider, "
        "the board and coordinators (404 otherwise)."
    ),
)
def course_get(request: HttpRequest, id: CourseId) -> HttpResponse:
    return json_answer(body_of(CourseDetailOut, _course(request, id)))


@router.post(
    "/courses",
    response=with_errors({201: CourseDetailOut}, 403),
    operation_id="course_create",
    summary="Create a draft course",
    description=(
        "Needs the scope `write:courses` and a role that creates courses (course provider, "
        "coordinator). The course starts as a draft of the token's organisation; submit it "
        "for the board's review with POST /courses/{id}/actions. Send an `Idempotency-Key` "
        "to retry safely."
    ),
)
def course_create(request: HttpRequest, payload: CourseIn) -> HttpResponse:
    def run() -> Course:
        require(request.user, "campus.add_course")
        provider = (
            _organisation(payload.provider, "provider")
            or acting_affiliation(request.user).organisation
        )
        course = services.course_create(
            actor=request.user,
            provider=provider,
            new_areas=payload.areas,
            title_sv=payload.title_sv,
            title_en=payload.title_en,
            description_sv=payload.description_sv,
            description_en=payload.description_en,
            seqf_level_id=payload.seqf_level,
            format=payload.format,
            target_group=payload.target_group,
            pilot=payload.pilot,
        )
        return _course_answer(course)

    return write(
        request,
        scope=TokenScope.COURSES_WRITE,
        schema=CourseDetailOut,
        run=run,
        status=201,
        location=lambda course: reverse("api:course_get", kwargs={"id": course.pk}),
    )


@router.post(
    "/courses/{id}/actions",
    response=with_errors(CourseDetailOut, 403, 404),
    operation_id="course_action",
    summary="Take a step in the course's review",
    description=(
        "Needs the scope `write:courses`. `submit` (provider: draft → submitted), `approve` "
        "or `send_back` with a comment (board: submitted → approved or back to draft), "
        "`publish` (provider: approved → published, in the catalogue) and `archive`. A step "
        "the course's status does not allow is a 422 saying why; one the role may not take "
        "a 403."
    ),
)
def course_action(request: HttpRequest, id: CourseId, payload: CourseActionIn) -> HttpResponse:
    course = _course(request, id)

    def run() -> Course:
        services.course_transition(
            actor=request.user, course=course, name=payload.action, comment=payload.comment
        )
        return _course_answer(course)

    return write(request, scope=TokenScope.COURSES_WRITE, schema=CourseDetailOut, run=run)


@router.get(
    "/courses/{id}/sessions",
    response=with_errors(list[SessionOut], 403, 404),
    operation_id="session_list",
    summary="The course's sessions",
    description="In order of start; with `updated_since`, only sessions changed since.",
)
@paginate(ApiPagination)
def session_list(request: HttpRequest, id: CourseId, updated_since: UpdatedSince = None):
    course = _course(request, id)
    return _sessions(changed_since(course.sessions.order_by("start", "pk"), updated_since))


def _sessions(qs: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with what SessionOut shows, in three queries however many."""
    return qs.select_related("teacher").prefetch_related(
        Prefetch("sites", queryset=SessionSite.objects.select_related("organisation"))
    )


@router.post(
    "/courses/{id}/sessions",
    response=with_errors({201: SessionOut}, 403, 404),
    operation_id="session_create",
    summary="Add a session to the course",
    description=(
        "Needs the scope `write:courses` and the right to plan the course's sessions (its "
        "provider, a coordinator). A start in the past is a 422 unless `already_took_place`. "
        "Send an `Idempotency-Key` to retry safely."
    ),
)
def session_create(request: HttpRequest, id: CourseId, payload: SessionIn) -> HttpResponse:
    course = _course(request, id)

    def run() -> Session:
        sites = [
            SiteInput(
                organisation=_organisation(site.organisation, "sites"),  # type: ignore[arg-type]
                room=site.room,
                capacity=site.capacity,
            )
            for site in payload.sites
        ]
        session = services.session_save(
            actor=request.user,
            course=course,
            start=payload.start,
            end=payload.end,
            hours=payload.hours,
            sending_site=_organisation(payload.sending_site, "sending_site"),
            remote_capacity=payload.remote_capacity,
            stream_link=payload.stream_link,
            sites=sites,
            past_confirmed=payload.already_took_place,
        )
        return _sessions(Session.objects.filter(pk=session.pk)).get()

    return write(
        request,
        scope=TokenScope.COURSES_WRITE,
        schema=SessionOut,
        run=run,
        status=201,
        location=lambda session: reverse("api:session_list", kwargs={"id": session.course_id}),
    )
