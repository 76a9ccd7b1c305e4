"""What the API keeps of its own: the answers to writes sent with an idempotency key, so that
a client retrying after a lost answer gets the same answer instead of a second record."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.models import ApiToken

# How long a key is remembered: a client retries within minutes, at most a day.
IDEMPOTENCY_KEY_HOURS = 24


class IdempotentRequestQuerySet(models.QuerySet["IdempotentRequest"]):
    def stale(self) -> "IdempotentRequestQuerySet":
        return self.filter(created__lt=timezone.now() - timedelta(hours=IDEMPOTENCY_KEY_HOURS))


class IdempotentRequest(models.Model):
    """A write done with an `Idempotency-Key`: the request's fingerprint (method, path and
    body) and the answer given. Saved in the same transaction as the write."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    location = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = IdempotentRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("idempotent API request")
        verbose_name_plural = _("idempotent API requests")
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return self.key


class WebhookEvent(models.TextChoices):
    """What a subscriber can be told of. The payload's `data` is the record as the API's
    matching operation answers with it."""

    REGISTRATION_CREATED = "registration.created", _("A participant registered for a course")
    REGISTRATION_CANCELLED = "registration.cancelled", _("A registration was cancelled")
    ATTENDANCE_SAVED = "attendance.saved", _("Attendance of a session was saved")
    COURSE_PUBLISHED = "course.published", _("A course was published in the catalogue")
    NEED_SAVED = "need.saved", _("A need was saved at a company visit")


class WebhookSubscription(models.Model):
    """Another system told of events by an HTTPS POST, signed with `secret` (HMAC-SHA256).
    It hears of its organisation's events (its courses' registrations and attendance, its
    visits' needs) and of every published course; one made by a coordinator hears of the
    whole network's."""

    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    whole_network = models.BooleanField(_("the whole network"), default=False)
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(max_length=64, editable=False)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        indexes = [models.Index(fields=["organisation", "is_active"], name="webhook_org_active")]

    def __str__(self) -> str:
        return self.name

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels[event]) for event in WebhookEvent.values if event in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed: no more attempts")


class WebhookDelivery(models.Model):
    """One event for one subscriber and how sending it went: the delivery log."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["subscription", "-created"], name="webhook_delivery_recent"),
            models.Index(fields=["created"], name="webhook_delivery_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="webhook_delivery_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"
