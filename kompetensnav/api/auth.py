"""Token authentication for integrations: `Authorization: Bearer knav_…`."""

import contextlib

from auditlog.context import auditlog_value
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from kompetensnav.accounts.enums import TokenScope
from kompetensnav.accounts.mfa import token_refusal
from kompetensnav.accounts.models import ApiToken

# Writing last_used on every request would turn each read into a write; once in a while is
# enough to show in the token list whether a token is still in use.
LAST_USED_RESOLUTION_SECONDS = 300


class TokenRefused(HttpError):
    """A real token that may no longer be used (expired, or its role requires two-factor
    authentication it lacks): a 401 whose detail says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message)


def _audit_as(user) -> None:
    """The audit log's entries of this request name the token's user (the middleware found
    no user: the token is read after it ran)."""
    with contextlib.suppress(LookupError):  # outside a request there is no audit context
        auditlog_value.get()["actor"] = user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.find(token)
        if found is None:
            return None
        user = found.affiliation.user
        if user.language in dict(settings.LANGUAGES):
            # As on the web pages: the account's language (Accept-Language is ignored).
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        refusal = token_refusal(found)
        if refusal is not None:
            raise TokenRefused(refusal)
        user.affiliation = found.affiliation
        request.user = user
        request.api_token = found  # the rate limit counts per token; writes check its scopes
        _audit_as(user)
        if request.method in ("GET", "HEAD") and not found.allows(TokenScope.READ):
            raise PermissionDenied(
                _("This token may not read: it lacks “read”. Create a token that may, under "
                  "Account → API tokens.")
            )  # fmt: skip
        now = timezone.now()
        if (
            found.last_used is None
            or (now - found.last_used).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        return user
