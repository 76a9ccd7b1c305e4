"""Token authentication for integrations: `Authorization: Bearer knav_…`."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from kompetensnav.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.find(token)
        if found is None:
            return None
        user = found.affiliation.user
        user.affiliation = found.affiliation
        request.user = user
        now = timezone.now()
        if found.last_used is None or (now - found.last_used).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        return user
