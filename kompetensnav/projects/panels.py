"""The sections projects adds to other apps' pages (common/panels.py): a coordinator's
co-financing and Erasmus+ warnings on the start page."""

from django.http import HttpRequest
from django.utils import timezone

from kompetensnav.accounts.acting import acting_role
from kompetensnav.accounts.enums import Role

from .selectors import coordinator_warnings


def home(request: HttpRequest, user) -> dict | None:
    if acting_role(request.user) != Role.COORDINATOR:
        return None
    return coordinator_warnings(actor=request.user, today=timezone.localdate())
