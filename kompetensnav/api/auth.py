"""Token authentication for integrations: `Authorization: Bearer knav_…`."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja.security import HttpBearer

from kompetensnav.accounts.models import ApiToken

# Writing last_used on every request would turn each read into a write; once in a while is
# enough to show in the token list whether a token is still in use.
LAST_USED_RESOLUTION_SECONDS = 300


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.find(token)
        if found is None:
            return None
        user = found.affiliation.user
        user.affiliation = found.affiliation
        request.user = user
        request.api_token = found  # the rate limit counts per token
        if user.language in dict(settings.LANGUAGES):
            # As on the web pages: the account's language (Accept-Language is ignored).
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        now = timezone.now()
        if (
            found.last_used is None
            or (now - found.last_used).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        return user
