"""Writing notifications, marking them read, the e-mails and a person's preferences.

The apps that tell people something call `notify()` in their own services (campus when a
course is submitted, visits' daily check of follow-ups, …), after registering the kind in
their AppConfig.ready() (kinds.py)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from kompetensnav.accounts.acting import acting_person, affiliations_of
from kompetensnav.accounts.models import User
from kompetensnav.common.actor import Actor
from kompetensnav.common.links import site_url
from kompetensnav.common.mail import queue_email

from . import kinds
from .enums import Delivery
from .models import Notification, Preference

# The digest mails what is new and unread from this far back: a missed day is caught up, and
# a person who turns e-mail on is not sent their whole history.
DIGEST_WINDOW = timedelta(days=7)


def notify(
    *,
    recipients: Iterable[int],
    kind: str,
    key: str,
    params: dict[str, Any],
    url: str = "",
    emailed: bool = False,
) -> int:
    """Tell each recipient (user ids) once about the event `key` of `kind`: active people
    who have not turned the kind off get a notification, and those who want each one at once
    an e-mail after the commit. `emailed`: the caller has mailed them already (it goes into
    no digest). Returns the number of notifications written."""
    if kinds.get(kind) is None:
        raise ValueError(f"unregistered notification kind: {kind}")
    ids = set(recipients)
    if not ids:
        return 0
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=ids)}
    wanted = [
        user_id
        for user_id in User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
        if user_id not in preferences or kind not in preferences[user_id].muted
    ]
    told = set(
        Notification.objects.filter(kind=kind, key=key, recipient_id__in=wanted).values_list(
            "recipient_id", flat=True
        )
    )
    now = timezone.now()
    new = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            key=key,
            params=params,
            url=url,
            created=now,
            emailed_at=now if emailed else None,
        )
        for user_id in sorted(set(wanted) - told)
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    at_once = [
        n.recipient_id
        for n in new
        if not emailed
        and n.recipient_id in preferences
        and preferences[n.recipient_id].delivery == Delivery.IMMEDIATELY
    ]
    if at_once:
        _mail_now(kind=kind, key=key, recipient_ids=at_once, now=now)
    return len(new)


def _mail_now(*, kind: str, key: str, recipient_ids: list[int], now: datetime) -> None:
    pending = Notification.objects.filter(
        kind=kind, key=key, recipient_id__in=recipient_ids, emailed_at__isnull=True
    ).select_related("recipient")
    for notification in pending:
        _mail(notification.recipient, [notification])
    pending.update(emailed_at=now)


def _mail(user: User, notifications: list[Notification]) -> None:
    with translation.override(user.language or "sv"):
        lines = [(n.text, site_url(n.url) if n.url else "") for n in notifications]
        subject = ngettext(
            "kompetensnav: %(count)s new notification",
            "kompetensnav: %(count)s new notifications",
            len(notifications),
        ) % {"count": len(notifications)}
        body = render_to_string(
            "notifications/email/digest.txt",
            {
                "user": user,
                "lines": lines,
                "inbox": site_url(reverse("notifications:list")),
                "preferences": site_url(reverse("notifications:preferences")),
            },
        )
    queue_email(subject=subject, body=body, to=[user.email])


def digest_send(*, now: datetime | None = None) -> int:
    """One e-mail per person who wants the daily digest, with their unread notifications of
    the last DIGEST_WINDOW not mailed yet (never one mail per notification, never one twice).
    Returns the number of e-mails."""
    now = now or timezone.now()
    not_daily = Preference.objects.exclude(delivery=Delivery.DAILY).values("user_id")
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            created__gte=now - DIGEST_WINDOW,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .exclude(recipient_id__in=not_daily)
        .select_related("recipient")
        .order_by("recipient_id", "created", "pk")
    )
    by_recipient: dict[int, list[Notification]] = {}
    for notification in pending:
        by_recipient.setdefault(notification.recipient_id, []).append(notification)
    for notifications in by_recipient.values():
        with transaction.atomic():
            _mail(notifications[0].recipient, notifications)
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    return len(by_recipient)


def mark_read(*, actor: Actor, notification: Notification) -> None:
    """The reader opened it (their own only: the selector found it for them)."""
    if notification.recipient_id != acting_person(actor).pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, actor: Actor, kind: str = "") -> int:
    unread = Notification.objects.filter(recipient=acting_person(actor), read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    return unread.update(read_at=timezone.now())


def preference_save(*, actor: Actor, delivery: str, wanted: Iterable[str]) -> Preference:
    """The person's choice: e-mail `delivery`, and the kinds they want of those offered to
    them (the others of their kinds are turned off; kinds not offered keep their state)."""
    user = acting_person(actor)
    if delivery not in Delivery.values:
        raise ValueError(delivery)
    preference, _created = Preference.objects.get_or_create(user=user)
    offered = {kind.code for kind in kinds.for_roles(_roles(user))}
    kept = [code for code in preference.muted if code not in offered]
    preference.delivery = delivery
    preference.muted = sorted(kept + [code for code in offered if code not in set(wanted)])
    preference.save()
    return preference


def _roles(user: User) -> set[str]:
    return {affiliation.role for affiliation in affiliations_of(user)}
