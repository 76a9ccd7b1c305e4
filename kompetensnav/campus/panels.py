"""The sections campus adds to other apps' pages (common/panels.py): the board's review queue
on the start page."""

from django.http import HttpRequest

from . import selectors


def home(request: HttpRequest, user) -> dict | None:
    if not request.user.has_perm("campus.review_courses"):
        return None
    return {
        "submitted": selectors.review_queue(actor=request.user).count(),
        "changes": selectors.pending_revisions(actor=request.user).count(),
    }
