"""Registrations and attendance, for the course's provider (registrations) and the sites
that take attendance, through the same services as the course pages: token scopes
`write:registrations` and `write:attendance`. Participants appear by id only: their names
and addresses stay on the site, where reading them is logged."""

from types import SimpleNamespace
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.pagination import paginate

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.campus.selectors import visible_courses
from kompetensnav.common.links import site_url
from kompetensnav.common.permissions import require
from kompetensnav.participants import selectors, services
from kompetensnav.participants.models import Registration

from ..chain_schemas import (
    AttendanceIn,
    AttendanceOut,
    PublicRegistrationIn,
    ReceivedOut,
    RegistrationIn,
    RegistrationOut,
)
from ..pagination import ApiPagination
from ..params import MAX_ID, UpdatedSince, changed_since
from ..responses import with_errors
from ..writes import write

router = Router(tags=["participants"])

CourseId = Annotated[int, Path(ge=1, le=MAX_ID, description="The course's id.")]


def _managed_course(request: HttpRequest, pk: int) -> Course:
    require(request.user, "participants.view_participants")
    course = visible_courses(actor=request.user).filter(pk=pk).first()
    if course is None:
        raise Http404
    require(request.user, "participants.manage_course", course)
    return course


def _check_person(email: str, site: int | None, remote: bool) -> None:
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if remote == (site is not None):
        raise ValidationError(
            {"site": _("Give either the receiving site or remote: true, not both.")}
        )


@router.get(
    "/courses/{id}/registrations",
    response=with_errors(list[RegistrationOut], 403, 404),
    operation_id="registration_list",
    summary="The course's registrations",
    description="For its provider and coordinators; in order of registration. With "
    "`updated_since`, only registrations changed since (a cancellation, a place offered or "
    "taken, a new site).",
)
@paginate(ApiPagination)
def registration_list(request: HttpRequest, id: CourseId, updated_since: UpdatedSince = None):
    course = _managed_course(request, id)
    registrations = (
        selectors.registrations_visible(actor=request.user)
        .filter(course=course)
        .order_by("created", "pk")
    )
    return changed_since(registrations, updated_since)


@router.post(
    "/courses/{id}/registrations",
    response=with_errors({201: RegistrationOut, 200: RegistrationOut}, 403, 404),
    operation_id="registration_create",
    summary="Register a participant",
    description=(
        "Needs the scope `write:registrations` and the right to manage the course's "
        "participants (its provider, a coordinator). A seat at the place chosen in every "
        "session there, or its waitlist when full; the participant gets the confirmation "
        "e-mail. The same e-mail address registered again answers 200 with the registration "
        "it has. Send an `Idempotency-Key` to retry safely."
    ),
)
def registration_create(
    request: HttpRequest, id: CourseId, payload: RegistrationIn
) -> HttpResponse:
    course = _managed_course(request, id)
    created = True

    def run() -> Registration:
        nonlocal created
        _check_person(payload.email, payload.site, payload.remote)
        result = services.registration_create(
            actor=request.user,
            course=course,
            full_name=payload.full_name,
            email=payload.email,
            place=services.Place(site_id=payload.site, remote=payload.remote),
            gender=payload.gender,
            language=payload.language,
            base_url=site_url("/"),
        )
        created = result.created
        return result.registration

    answer = write(
        request,
        scope=TokenScope.REGISTRATIONS_WRITE,
        schema=RegistrationOut,
        run=run,
        status=201,
    )
    if not created and answer.status_code == 201:
        answer.status_code = 200
    return answer


@router.post(
    "/courses/{id}/public-registrations",
    response=with_errors({202: ReceivedOut}, 404),
    operation_id="public_registration_create",
    summary="Pass on a registration from the public (e.g. your own web site)",
    description=(
        "Needs the scope `write:registrations`; any role. The same as the public "
        "registration form: the course must be published with a session ahead, a new "
        "address is registered (or waitlisted) at once, and an address we already know gets "
        "a link to confirm instead. Either way the person is told by e-mail, and the answer "
        "is the same 202, so that it never tells whether an address is known. Send an "
        "`Idempotency-Key` to retry safely."
    ),
)
def public_registration_create(
    request: HttpRequest, id: CourseId, payload: PublicRegistrationIn
) -> HttpResponse:
    course = Course.objects.filter(pk=id, status=CourseStatus.PUBLISHED).first()
    if course is None:
        raise Http404

    def run() -> SimpleNamespace:
        _check_person(payload.email, payload.site, payload.remote)
        services.registration_request(
            course=course,
            full_name=payload.full_name,
            email=payload.email,
            place=services.Place(site_id=payload.site, remote=payload.remote),
            gender=payload.gender,
            employer_org_number=payload.employer_org_number,
            employer_name=payload.employer_name,
            language=payload.language,
            base_url=site_url("/"),
        )
        return SimpleNamespace(
            detail=_("Received: the person gets an e-mail saying what happens next.")
        )

    return write(
        request,
        scope=TokenScope.REGISTRATIONS_WRITE,
        schema=ReceivedOut,
        run=run,
        status=202,
        etag=False,
    )


@router.post(
    "/registrations/{id}/cancel",
    response=with_errors(RegistrationOut, 403, 404),
    operation_id="registration_cancel",
    summary="Cancel a registration",
    description=(
        "Needs the scope `write:registrations` and the right to manage the course's "
        "participants. The seats are freed and given to the first on the waitlist at the same "
        "place, who is told by e-mail. Cancelling a cancelled registration changes nothing."
    ),
)
def registration_cancel(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID, description="The registration's id.")],
) -> HttpResponse:
    require(request.user, "participants.view_participants")
    registration = selectors.registration_for(actor=request.user, pk=id)
    require(request.user, "participants.manage_course", registration.course)

    def run() -> Registration:
        return services.registration_cancel(
            actor=request.user, registration=registration, base_url=site_url("/")
        ).registration

    return write(request, scope=TokenScope.REGISTRATIONS_WRITE, schema=RegistrationOut, run=run)


@router.put(
    "/sessions/{id}/attendance",
    response=with_errors(AttendanceOut, 403, 404),
    operation_id="attendance_save",
    summary="Record a session's attendance",
    description=(
        "Needs the scope `write:attendance` and the right to take attendance (the provider, "
        "or a receiving site for its own participants). Present or absent and hours per "
        "participant; everyone must be registered for the course, and the session must have "
        "begun. All marks are saved, or none (422 naming each participant refused)."
    ),
)
def attendance_save(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID, description="The session's id.")],
    payload: AttendanceIn,
) -> HttpResponse:
    require(request.user, "participants.view_participants")
    session = selectors.session_for_attendance(actor=request.user, pk=id)

    def run() -> SimpleNamespace:
        marks = [
            services.AttendanceMark(
                participant_id=mark.participant, present=mark.present, hours=mark.hours
            )
            for mark in payload.marks
        ]
        if len({mark.participant_id for mark in marks}) != len(marks):
            raise ValidationError({"marks": _("Each participant may be marked once.")})
        try:
            services.attendance_save(actor=request.user, session=session, marks=marks)
        except services.AttendanceErrors as exc:
            raise ValidationError(
                {
                    "marks": [
                        _("Participant %(id)s: %(message)s") % {"id": pk, "message": message}
                        for pk, message in sorted(exc.by_participant.items())
                    ]
                }
            ) from None
        saved = (
            selectors.attendance_visible(actor=request.user)
            .filter(session=session)
            .order_by("participant_id")
        )
        return SimpleNamespace(session=session.pk, marks=list(saved))

    return write(request, scope=TokenScope.ATTENDANCE_WRITE, schema=AttendanceOut, run=run)
