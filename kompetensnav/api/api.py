"""The REST API under /api/ (OpenAPI at /api/openapi.json). It calls the same selectors
and services as the web pages, so permissions are the same.

Every error is an RFC 9457 problem (`application/problem+json`) with a human `detail`; 422s
also list the invalid parameters in `errors`. Errors from outside the API's own handling (an
unknown /api/ address, a bug, the database down) get the same body from
kompetensnav.common.errors. Human texts (details, `*_label` fields) are in the token user's
language, as on the web pages; JSON keys and codes are never translated."""

import copy

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from kompetensnav.common.errors import PROBLEM_CONTENT_TYPE, problem_response

from .auth import TokenAuth, TokenRefused
from .responses import InvalidParameter
from .routers import (
    accounts,
    analysis,
    campus,
    companies,
    network,
    participants,
    projects,
    questionnaires,
    reference,
    reports,
    visits,
)
from .throttling import TokenRateThrottle
from .writes import IdempotencyKeyReused, PreconditionFailed


class KompetensnavAPI(NinjaAPI):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[str, dict] = {}

    def get_operation_url_name(self, operation, router) -> str:
        # URL name = operationId ("api:organisation_list"), so the site's route matrix can
        # tell API operations (tested in kompetensnav/api/tests) from pages.
        return operation.operation_id or operation.view_func.__name__

    def create_response(self, request: HttpRequest, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Human texts follow the token user's language, chosen after the middleware ran.
        response["Content-Language"] = translation.get_language()
        return response

    def get_openapi_schema(self, *args, **kwargs):
        """The schema, made once per process (it is the same for every request, and making
        it takes a good second): a copy each time, so that no caller changes the kept one."""
        key = repr((args, sorted(kwargs.items())))
        if key not in self._schemas:
            self._schemas[key] = self._make_openapi_schema(*args, **kwargs)
        return copy.deepcopy(self._schemas[key])

    def _make_openapi_schema(self, *args, **kwargs):
        """Error answers are documented as what they are: application/problem+json."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                if "requestBody" in operation:
                    # a body that is not JSON (_http_error); the schema's checks are 422s
                    operation["responses"].setdefault(
                        "400",
                        {
                            "description": "Bad Request",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ErrorOut"}
                                }
                            },
                        },
                    )
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        return schema


api = KompetensnavAPI(
    title="kompetensnav API",
    version="1.0.0",
    description=(
        "Regional competence supply. Authenticate with `Authorization: Bearer <token>`; "
        "create a token under Account → API tokens. Lists are paginated with `limit` "
        '(1–200, default 50) and `offset`, and answer `{"items": [...], "count": n}`. '
        "Errors are RFC 9457 problem details (`application/problem+json`): "
        '`{"detail": "..."}`. See docs/api.md.'
    ),
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)

api.add_router("/", accounts.router)
api.add_router("/", network.router)
api.add_router("/", companies.router)
api.add_router("/", visits.router)
api.add_router("/", campus.router)
api.add_router("/", participants.router)
api.add_router("/", analysis.router)
api.add_router("/", projects.router)
api.add_router("/", questionnaires.router)
api.add_router("/", reports.router)
api.add_router("/reference", reference.router)


def _error(request: HttpRequest, status: int, detail: str, **extra: object) -> HttpResponse:
    return problem_response(status, detail, **extra)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("You do not have permission to do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", field], "msg": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": ["body"], "msg": message} for message in exc.messages]
    return _error(request, 422, _("The request is not valid."), errors=errors)


@api.exception_handler(NinjaValidationError)
def _invalid_parameters(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return _error(request, 422, _("The request is not valid."), errors=errors)


@api.exception_handler(InvalidParameter)
def _invalid_parameter(request: HttpRequest, exc: InvalidParameter) -> HttpResponse:
    return _error(request, 422, exc.message, errors=[{"loc": exc.loc, "msg": exc.message}])


@api.exception_handler(PreconditionFailed)
def _precondition_failed(request: HttpRequest, exc: PreconditionFailed) -> HttpResponse:
    return _error(
        request,
        412,
        _(
            "The record has changed since you read it (If-Match names another version): "
            "read it again, apply your change to it and send it with its new ETag."
        ),
    )


@api.exception_handler(IdempotencyKeyReused)
def _key_reused(request: HttpRequest, exc: IdempotencyKeyReused) -> HttpResponse:
    message = _(
        "This Idempotency-Key was used for another request: send a new key with a new request."
    )
    return _error(
        request, 422, message, errors=[{"loc": ["header", "Idempotency-Key"], "msg": message}]
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, TokenRefused):
        # The token exists but may no longer be used: say why (RFC 6750's invalid_token).
        response = _error(request, 401, exc.message)
        response["WWW-Authenticate"] = 'Bearer realm="kompetensnav", error="invalid_token"'
        return response
    if isinstance(exc, AuthenticationError):
        response = _error(
            request,
            401,
            _("Authentication required: send a valid token as “Authorization: Bearer <token>”."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="kompetensnav"'
        return response
    if isinstance(exc, Throttled):
        return _error(request, 429, _("Too many requests: wait a moment and try again."))
    if exc.status_code == 400:  # ninja could not parse the body
        return _error(
            request,
            400,
            _("The request body is not valid JSON: send one JSON object, in UTF-8, with "
              "“Content-Type: application/json”."),
        )  # fmt: skip
    return _error(request, exc.status_code, str(exc))
