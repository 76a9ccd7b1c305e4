from django.http import HttpRequest

from .selectors import unread_count

_MEMO = "_kompetensnav_unread_notifications"


def unread(request: HttpRequest) -> dict:
    """The number of the signed-in person's unread notifications, for the page header;
    counted once per request (a page's panels are templates of their own, each rendered
    with the context processors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, _MEMO):
        setattr(request, _MEMO, unread_count(actor=user))
    return {"unread_notifications": getattr(request, _MEMO)}
