from django.db.models import QuerySet

from kompetensnav.accounts.acting import acting_person, affiliations_of
from kompetensnav.common.actor import Actor

from . import kinds
from .enums import Delivery
from .models import Notification, Preference


def inbox(*, actor: Actor, kind: str = "", unread: bool = False) -> QuerySet[Notification]:
    """The person's own notifications, newest first."""
    qs = Notification.objects.filter(recipient=acting_person(actor))
    if kind:
        qs = qs.filter(kind=kind)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_for(*, actor: Actor, pk: int) -> Notification:
    """One of the person's own notifications. Raises Notification.DoesNotExist."""
    return inbox(actor=actor).get(pk=pk)


def unread_count(*, actor: Actor) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return inbox(actor=actor, unread=True).count()


def preference_of(*, actor: Actor) -> Preference:
    """The person's preference (the defaults while they have saved none)."""
    user = acting_person(actor)
    found = Preference.objects.filter(user=user).first()
    return found or Preference(user=user, delivery=Delivery.DAILY, muted=[])


def kinds_offered(*, actor: Actor) -> list[kinds.Kind]:
    """The kinds of notification the person's roles receive."""
    return kinds.for_roles({a.role for a in affiliations_of(acting_person(actor))})
