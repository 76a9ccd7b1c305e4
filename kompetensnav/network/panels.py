"""The sections network adds to other apps' pages (common/panels.py): the network in
figures on the start page."""

from django.http import HttpRequest

from kompetensnav.accounts.acting import acting_role
from kompetensnav.accounts.enums import Role

from .selectors import network_summary


def home(request: HttpRequest, user) -> dict | None:
    """For the coordinators, who run the network (the other roles' start pages show their
    own work)."""
    if acting_role(request.user) != Role.COORDINATOR:
        return None
    return {"summary": network_summary()}
