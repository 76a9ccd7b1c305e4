"""Notifications in the permission matrix: everybody signed in has their own list and
settings; opening another person's notification answers 404, whatever the role."""

from kompetensnav.notifications.models import Notification
from tests.permissions import ALL_ROLES, Route

ROUTES: dict[str, Route] = {
    "notifications:list": Route(allowed=ALL_ROLES),
    "notifications:open": Route(
        allowed=ALL_ROLES,
        ok=302,
        kwargs=lambda w: {"pk": w["notification"][w["role"]].pk},
        foreign_kwargs=lambda w: {"pk": w["foreign_notification"].pk},
    ),
    "notifications:preferences": Route(allowed=ALL_ROLES),
}


def extend_world(world: dict) -> None:
    world["notification"] = {
        role: Notification.objects.create(
            recipient=user, kind="course_submitted", key=f"matrix:{role}", url="/"
        )
        for role, user in world["users"].items()
    }
    world["foreign_notification"] = Notification.objects.create(
        recipient=world["foreign_affiliation"].user, kind="course_submitted", key="matrix", url="/"
    )
