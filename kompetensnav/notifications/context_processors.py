from django.http import HttpRequest

from .selectors import unread_count


def unread(request: HttpRequest) -> dict:
    """The number of the signed-in person's unread notifications, for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(actor=user)}
