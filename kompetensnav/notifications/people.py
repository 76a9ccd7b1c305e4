"""Notifications' part of a person's data (common/people.py): what the person was notified of,
and their settings. Erasing deletes both."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.models import User
from kompetensnav.common.people import Source

from . import kinds
from .enums import Delivery
from .models import Notification, Preference


def _find(email: str) -> list[User]:
    return list(User.objects.filter(email__iexact=email, notifications__isnull=False).distinct())


def _export(user: User) -> dict[str, Any]:
    preference = Preference.objects.filter(user=user).first()
    return {
        "delivery": preference.delivery if preference else "daily",
        "turned_off": preference.muted if preference else [],
        "notifications": [
            {
                "text": n.text,
                "created": n.created.isoformat(),
                "read": n.read_at.isoformat() if n.read_at else None,
                "emailed": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("created", "pk")
        ],
    }


def _erase(user: User) -> None:
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()


def _rows(user: User) -> list[tuple[str, str]]:
    preference = Preference.objects.filter(user=user).first()
    delivery = Delivery(preference.delivery if preference else Delivery.DAILY)
    rows = [(gettext("By e-mail"), str(delivery.label))]
    for code in preference.muted if preference else []:
        kind = kinds.get(code)
        rows.append((gettext("Turned off"), str(kind.label) if kind else code))
    for n in Notification.objects.filter(recipient=user).order_by("created", "pk"):
        rows.append((n.created.date().isoformat(), n.text))
    return rows


SOURCE = Source("notifications", _("Notifications"), _find, _export, _erase, _rows)
