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
