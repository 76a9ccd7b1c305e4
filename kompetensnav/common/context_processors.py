from django.http import HttpRequest

from .navigation import visible_items

_MEMO = "_kompetensnav_nav_items"


def navigation(request: HttpRequest) -> dict:
    """The menu the user may see, worked out once per request (a page's panels are
    templates of their own, each rendered with the context processors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if not hasattr(request, _MEMO):
        setattr(request, _MEMO, visible_items(user, request.path))
    return {"nav_items": getattr(request, _MEMO)}
