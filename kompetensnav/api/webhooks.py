"""Webhooks: other systems told of the chain's events by a signed HTTPS POST, sent by the
task worker and retried, with a delivery log (docs/api.md, "Webhooks").

An event is recorded as one WebhookDelivery per subscriber in the transaction of the write
that caused it (so a write rolled back tells no one), and sent once that transaction has
committed. A subscriber that does not answer 2xx within TIMEOUT_SECONDS is tried again after
each of RETRY_DELAYS; then the delivery is marked failed and can be sent again from the
webhook's page.

Each request carries:
- `X-Kompetensnav-Event`: the event, e.g. `registration.created`;
- `X-Kompetensnav-Delivery`: the delivery's id (the same on every attempt);
- `X-Kompetensnav-Signature: t=<unix time>,v1=<hex>`: HMAC-SHA256 with the webhook's secret
  of `<unix time>.<body>`. The subscriber recomputes it and refuses a signature that differs
  or a time more than five minutes old.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_affiliation, acting_user
from kompetensnav.accounts.enums import Role
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require

from .models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT_SECONDS = 10
KEEP_DELIVERIES = timedelta(days=30)
SIGNATURE_HEADER = "X-Kompetensnav-Signature"
USER_AGENT = "kompetensnav-webhooks/1"


# --- subscriptions ---


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("Enter the full address, starting with https://.")}
        ) from None
    if urlsplit(url).scheme != "https" and not settings.WEBHOOK_ALLOW_HTTP:
        raise ValidationError(
            {"url": _("Use an https:// address: events carry personal data and are signed.")}
        )
    return url


def _check_events(events: Iterable[str]) -> list[str]:
    chosen = [event for event in WebhookEvent.values if event in set(events)]
    if not chosen or set(events) - set(WebhookEvent.values):
        raise ValidationError({"events": _("Choose at least one of the listed events.")})
    return chosen


@transaction.atomic
def subscription_create(
    *, actor: Actor, name: str, url: str, events: Iterable[str]
) -> tuple[WebhookSubscription, str]:
    """A webhook of the actor's organisation (of the whole network for a coordinator); returns
    it and its secret, which the page shows once."""
    require(actor, "api.manage_webhooks")
    affiliation = acting_affiliation(actor)
    assert affiliation is not None  # the permission needs one
    secret = secrets.token_urlsafe(32)
    subscription = WebhookSubscription.objects.create(
        organisation_id=affiliation.organisation_id,
        whole_network=affiliation.role == Role.COORDINATOR,
        name=name.strip(),
        url=_check_url(url),
        secret=secret,
        events=_check_events(events),
        created_by=acting_user(actor),
    )
    return subscription, secret


def _own(actor: Actor, subscription: WebhookSubscription) -> WebhookSubscription:
    require(actor, "api.manage_webhooks")
    affiliation = acting_affiliation(actor)
    if affiliation is None or subscription.organisation_id != affiliation.organisation_id:
        raise PermissionDenied
    return subscription


@transaction.atomic
def subscription_update(
    *,
    actor: Actor,
    subscription: WebhookSubscription,
    name: str,
    url: str,
    events: Iterable[str],
    is_active: bool,
) -> WebhookSubscription:
    _own(actor, subscription)
    subscription.name = name.strip()
    subscription.url = _check_url(url)
    subscription.events = _check_events(events)
    subscription.is_active = is_active
    subscription.save(update_fields=["name", "url", "events", "is_active"])
    return subscription


@transaction.atomic
def subscription_delete(*, actor: Actor, subscription: WebhookSubscription) -> None:
    _own(actor, subscription).delete()


# --- events ---


def emit(
    event: WebhookEvent,
    *,
    organisation_ids: Callable[[], set[int]] | None,
    data: Callable[[], dict[str, Any]],
) -> int:
    """Record the event for every active subscriber that asked for it and may hear of it (its
    organisation is among `organisation_ids()`, or it is network-wide; None: every
    subscriber), and send it once the current transaction commits. `organisation_ids` and
    `data` are called only when someone listens: one query when no one does. Returns how
    many deliveries."""
    listening = [
        subscription
        for subscription in WebhookSubscription.objects.filter(is_active=True).only(
            "pk", "organisation_id", "whole_network", "events"
        )
        if event in subscription.events
    ]
    if not listening:
        return 0
    concerned = organisation_ids() if organisation_ids is not None else None
    subscribers = [
        subscription
        for subscription in listening
        if concerned is None
        or subscription.whole_network
        or subscription.organisation_id in concerned
    ]
    if not subscribers:
        return 0
    payload = {
        "event": event.value,
        "event_id": str(uuid.uuid4()),
        "occurred": timezone.now().isoformat(),
        "data": data(),
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=subscription, event=event, payload=payload)
        for subscription in subscribers
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def _enqueue(ids: list[int], *, after: timedelta | None = None) -> None:
    queued = deliver_webhook_task
    if after is not None:
        queued = queued.using(run_after=timezone.now() + after)
    for pk in ids:
        queued.enqueue(delivery_id=pk)


# --- sending ---


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address to post to (it could lead inside)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _refused_address(url: str) -> str:
    """Why the address may not be posted to (a host inside the network), or ""."""
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return ""
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError:
        return _("The address's host name could not be found.")
    for *_rest, sockaddr in found:
        if not ipaddress.ip_address(sockaddr[0]).is_global:
            return _("The address leads to a private or local network.")
    return ""


def _post(subscription: WebhookSubscription, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """(HTTP status or None, error text) of one attempt."""
    refused = _refused_address(subscription.url)
    if refused:
        return None, refused
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked (_check_url)
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Kompetensnav-Event": delivery.event,
            "X-Kompetensnav-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: signature(subscription.secret, int(time.time()), body),
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, _("The subscriber answered %(status)s.") % {"status": exc.code}
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, (_("No answer: %(reason)s") % {"reason": reason})[:300]


def deliver(delivery_id: int) -> str:
    """One attempt to send a pending delivery; on failure the next is scheduled, or after the
    last the delivery is marked failed. Run by the task worker."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return "skipped"
    subscription = delivery.subscription
    if not subscription.is_active:
        return "paused"
    status, error = _post(subscription, delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt, delivery.response_status = now, status
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered, delivery.error = DeliveryStatus.DELIVERED, now, ""
        delivery.next_attempt = None
    else:
        delivery.error = error or _("The subscriber answered %(status)s.") % {"status": status}
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt = DeliveryStatus.FAILED, None
        else:
            wait = RETRY_DELAYS[delivery.attempts - 1]
            delivery.next_attempt = now + wait
            transaction.on_commit(lambda: _enqueue([delivery.pk], after=wait))
    delivery.save()
    return delivery.status


@transaction.atomic
def delivery_retry(*, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery again (its attempts start over)."""
    _own(actor, delivery.subscription)
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Only a failed delivery can be sent again."))
    delivery.status, delivery.attempts, delivery.next_attempt = DeliveryStatus.PENDING, 0, None
    delivery.save(update_fields=["status", "attempts", "next_attempt"])
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def deliveries_purge() -> int:
    """Forget deliveries older than KEEP_DELIVERIES (in `daily`)."""
    deleted, _kinds = WebhookDelivery.objects.filter(
        created__lt=timezone.now() - KEEP_DELIVERIES
    ).delete()
    return deleted


@task(queue_name="default")
def deliver_webhook_task(*, delivery_id: int) -> str:
    return deliver(delivery_id)
