"""The one check every view, selector and service makes before it acts: PermissionDenied
(a 403 page, or the API's 403 answer) unless the user has the permission.

The permissions themselves are declared in each app's `rules.py`. Services that the system
also calls (the command line, the importer, the demo, the public registration form, or
another app's service that has checked its own permission) take `actor=None` for the
system, which may do anything: they use `require_unless_system`. Everything that acts only
for a person (views, selectors, the API) uses `require`, so a missing user is an error and
never a pass."""

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from .actor import Actor


def require(user: Actor, permission: str, obj: Model | None = None) -> None:
    """PermissionDenied unless the user has the permission (on the object); no user (None)
    has none."""
    if user is None or not user.has_perm(permission, obj):
        raise PermissionDenied


def require_unless_system(actor: Actor, permission: str, obj: Model | None = None) -> None:
    """As `require`, except that actor None (the system) may do anything."""
    if actor is not None:
        require(actor, permission, obj)
