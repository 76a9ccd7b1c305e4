"""Error answers that do not come from a view: the site's 404/500 handlers and the database
being down. Pages get the HTML error pages; the REST API under /api/ gets the same JSON
problem details (RFC 9457, application/problem+json) as its own errors, never HTML."""

import json
import logging
import sys
from typing import TypeGuard

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .views import page_not_found as site_page_not_found
from .views import server_error as site_server_error

logger = logging.getLogger(__name__)

API_PATH_PREFIX = "/api/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
# Seconds a client should wait before trying again while the database is unreachable.
RETRY_AFTER_UNAVAILABLE = "30"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PATH_PREFIX)


def problem_response(status: int, detail: str, **extra: object) -> HttpResponse:
    """An RFC 9457 problem: `detail` is a human text in the active language; the type is
    "about:blank" (left out, as the RFC allows), i.e. the HTTP status says what kind of
    problem it is. `extra` adds members, e.g. the 422's `errors`."""
    body = json.dumps({"detail": str(detail), **extra}, ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    response["Content-Language"] = translation.get_language() or "sv"
    return response


def is_database_unavailable(exc: BaseException | None) -> TypeGuard[BaseException]:
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, DatabaseError) and "connection" in str(exc).lower()
    )


def database_unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """503 with Retry-After: the API's problem, or the site's static page (it needs no
    database)."""
    logger.error("Database unavailable: %s", exc.__class__.__name__)
    if is_api_request(request):
        response = problem_response(
            503,
            _(
                "kompetensnav cannot reach its database right now. Nothing is lost: try "
                "again in a moment."
            ),
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_UNAVAILABLE
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an unknown API address is a problem, not the site's page."""
    if is_api_request(request):
        return problem_response(
            404,
            _("There is no such API address. The operations are listed at /api/docs."),
        )

    return site_page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it while handling the exception, so sys.exc_info() tells a
    database that is down (raised outside a view, where the middleware cannot see it) from a
    bug."""
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        return database_unavailable(request, exc)
    if is_api_request(request):
        return problem_response(
            500,
            _(
                "Something went wrong on our side. The error has been logged; try again "
                "later, and contact the network's coordinator if it persists."
            ),
        )

    return site_server_error(request)
