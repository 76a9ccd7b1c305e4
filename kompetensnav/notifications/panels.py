"""The sections notifications adds to other apps' pages (common/panels.py): the newest
unread notifications on the start page."""

from django.http import HttpRequest

from . import selectors

SHOWN = 5


def home(request: HttpRequest, user) -> dict | None:
    unread = selectors.inbox(actor=request.user, unread=True)
    latest = list(unread[:SHOWN])
    if not latest:
        return None
    return {"latest": latest, "unread": unread.count() if len(latest) == SHOWN else len(latest)}
