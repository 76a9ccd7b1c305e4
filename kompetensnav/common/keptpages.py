"""Whole pages of signed-in people, kept until their data changes (common.datacache).

A page such as the needs analysis or the key figures already keeps what it computes; what is
left of each request is drawing the page around it: the menu the person may see, whom they
act for, their unread notifications. `kept_page` keeps the whole HTML of a GET for the page's
address, the person, the affiliation they act for (and the others they may switch to), the
language, the day and their CSRF cookie (the log-out form's token stays valid), until the
data of the page's apps or any notification changes. A request with messages to show or
without a CSRF cookie, an htmx request and any answer but 200 are drawn as usual and not
kept."""

import functools
from collections.abc import Callable, Iterable

from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .datacache import DATA_APPS, remember

View = Callable[..., HttpResponse]


def _has_messages(request: HttpRequest) -> bool:
    """Messages waiting to be shown. FallbackStorage keeps them in the cookie, and reads the
    session only when the cookie says more are there: the cookie tells."""
    return bool(request.COOKIES.get(CookieStorage.cookie_name))


def _whom(request: HttpRequest) -> tuple:
    user = request.user
    acting = getattr(user, "affiliation", None)
    others = tuple(
        (a.pk, a.role, a.organisation_id, a.organisation.name)
        for a in getattr(user, "_affiliations", None) or ()
    )
    return (
        user.pk,
        str(user),
        getattr(user, "full_name", ""),
        getattr(acting, "pk", None),
        getattr(acting, "role", None),
        others,
    )


def kept_page(*, apps: Iterable[str] = DATA_APPS) -> Callable[[View], View]:
    sources = frozenset(apps) | {"notifications"}

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if (
                request.method != "GET"
                or not request.user.is_authenticated
                or request.headers.get("HX-Request")
                or _has_messages(request)
                # without a CSRF cookie yet, the page's token is for the one it will set
                or not request.META.get("CSRF_COOKIE")
            ):
                return view(request, *args, **kwargs)
            key = (
                view.__module__,
                view.__qualname__,
                request.get_full_path(),
                translation.get_language(),
                _whom(request),
                request.META.get("CSRF_COOKIE"),
                timezone.localdate(),
            )

            drawn: list[HttpResponse] = []

            def draw() -> tuple[str, bytes] | None:
                response = view(request, *args, **kwargs)
                drawn.append(response)
                storage = getattr(request, "_messages", None)
                if (
                    response.status_code != 200
                    or response.streaming
                    or response.cookies
                    or getattr(storage, "_queued_messages", None)
                ):
                    return None  # drawn for this request only
                return (response["Content-Type"], response.content)

            found = remember("page", key, draw, apps=sources, keep=lambda value: value is not None)
            if drawn:
                return drawn[0]
            assert found is not None
            content_type, content = found
            return HttpResponse(content, content_type=content_type)

        return wrapper

    return decorate
