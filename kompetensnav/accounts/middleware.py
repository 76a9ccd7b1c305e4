import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .acting import SESSION_KEY, affiliations_of, resolve_affiliation

Handler = Callable[[HttpRequest], HttpResponse]
LAST_SEEN_KEY = "last_seen"
STARTED_KEY = "session_started"


class SessionTimeoutMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request, and absolutely
    SESSION_COOKIE_AGE seconds after it began, however active it was."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            started = request.session.setdefault(STARTED_KEY, now)
            idle = last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS
            if idle or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("You were logged out after a period of inactivity."))
                return redirect(settings.LOGIN_URL)
            # write at most once a minute, so the session is not saved on every request
            if last_seen is None or now - last_seen > 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """Swedish unless the user chose otherwise: the account's language when logged in, else the
    language cookie set by the switch. The browser's Accept-Language is deliberately ignored,
    so a Swedish service stays Swedish on an English-language computer."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        language = user.language if user.is_authenticated else None
        if language not in self.supported:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class ActingAffiliationMiddleware:
    """Set request.user.affiliation: the organisation and role the user acts for."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not hasattr(user, "affiliation"):
            wanted = request.session.get(SESSION_KEY)
            user.affiliation = resolve_affiliation(user, wanted)
        return self.get_response(request)


class RequireMfaMiddleware:
    """Users in a role of KOMPETENSNAV_MFA_REQUIRED_ROLES must turn on two-factor
    authentication before they can use anything but the account pages."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        required = settings.KOMPETENSNAV_MFA_REQUIRED_ROLES
        user = request.user
        if (
            required
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            roles = {a.role for a in affiliations_of(user)}  # read once per request already
            if roles & set(required) and not is_mfa_enabled(user):
                messages.warning(
                    request,
                    _("Your role requires two-factor authentication. Turn it on to continue."),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
