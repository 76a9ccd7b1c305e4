"""Questionnaires and their responses, as the results pages show them (without who
answered: respondents are named on the site only, to coordinators); responses submitted by
another system (token scope `write:responses`) through the same service as the forms."""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.pagination import paginate

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import TokenScope
from kompetensnav.companies.models import Company
from kompetensnav.questionnaires import selectors, services
from kompetensnav.questionnaires.enums import Channel, VersionStatus
from kompetensnav.questionnaires.models import Answer, Questionnaire, Response

from ..chain_schemas import QuestionnaireOut, ResponseIn, ResponseOut
from ..pagination import ApiPagination
from ..params import MAX_ID, UpdatedSince, aware
from ..responses import with_errors
from ..writes import referenced, write

router = Router(tags=["questionnaires"])

QuestionnaireId = Annotated[int, Path(ge=1, le=MAX_ID, description="The questionnaire's id.")]


def _questionnaire(request: HttpRequest, pk: int, permission: str) -> Questionnaire:
    try:
        return selectors.questionnaire_get(actor=request.user, pk=pk, permission=permission)
    except Questionnaire.DoesNotExist:
        raise Http404 from None


def _with_answers(qs):
    return qs.select_related("version").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question").order_by("pk"))
    )


@router.get(
    "/questionnaires",
    response=with_errors(list[QuestionnaireOut], 403),
    operation_id="questionnaire_list",
    summary="The network's questionnaires",
    description="By Swedish title. For the roles that see their results.",
)
@paginate(ApiPagination)
def questionnaire_list(request: HttpRequest):
    return selectors.questionnaire_list(actor=request.user)


@router.get(
    "/questionnaires/{id}/responses",
    response=with_errors(list[ResponseOut], 403, 404),
    operation_id="response_list",
    summary="A questionnaire's responses",
    description="Newest first, every version, without who answered. With `updated_since`, "
    "only responses changed since, or answered on or after its day (an anonymous response "
    "keeps only the day it was answered).",
)
@paginate(ApiPagination)
def response_list(request: HttpRequest, id: QuestionnaireId, updated_since: UpdatedSince = None):
    questionnaire = _questionnaire(request, id, "questionnaires.view_results")
    responses = selectors.response_list(actor=request.user, questionnaire=questionnaire)
    if updated_since is not None:
        since = aware(updated_since)
        try:
            day = timezone.localdate(since)
        except OverflowError:  # the last moment of the calendar
            day = since.date()
        responses = responses.filter(Q(updated_at__gte=since) | Q(submitted_on__gte=day))
    return _with_answers(responses.order_by("-submitted_on", "-pk"))


@router.post(
    "/questionnaires/{id}/responses",
    response=with_errors({201: ResponseOut}, 403, 404),
    operation_id="response_create",
    summary="Submit a response",
    description=(
        "Needs the scope `write:responses` and a role that answers questionnaires (broker, "
        "organisation admin, coordinator). Answers are checked as on the form: each invalid "
        "one is a 422 naming its question. The response is the token's organisation's and "
        "user's. Send an `Idempotency-Key` to retry safely."
    ),
)
def response_create(request: HttpRequest, id: QuestionnaireId, payload: ResponseIn) -> HttpResponse:
    questionnaire = _questionnaire(request, id, "questionnaires.answer")

    def run() -> Response:
        versions = questionnaire.versions.filter(status=VersionStatus.PUBLISHED)
        if payload.version is not None:
            versions = versions.filter(number=payload.version)
        version = versions.order_by("-number").first()
        if version is None:
            raise ValidationError(
                {"version": _("The questionnaire has no such published version.")}
            )
        company = None
        if payload.company is not None:
            company = referenced(Company, "company", pk=payload.company)
        response = services.response_submit(
            version=version,
            answers=payload.answers,
            channel=Channel.API,
            company=company,
            organisation=acting_affiliation(request.user).organisation,
            submitted_by=request.user,
            submitted_on=payload.submitted_on,
        )
        return _with_answers(Response.objects.all()).get(pk=response.pk)

    return write(request, scope=TokenScope.RESPONSES_WRITE, schema=ResponseOut, run=run, status=201)
