"""manage.py purge_api_requests: forget idempotency keys older than a day and webhook
deliveries older than 30 days (part of daily)."""

from django.core.management.base import BaseCommand

from kompetensnav.api.models import IdempotentRequest
from kompetensnav.api.webhooks import deliveries_purge


class Command(BaseCommand):
    help = "Forget the API's idempotency keys older than a day and webhook deliveries older than 30 days."

    def handle(self, *args: str, **options: object) -> None:
        keys, _ = IdempotentRequest.objects.stale().delete()
        deliveries = deliveries_purge()
        self.stdout.write(f"{keys} idempotency keys and {deliveries} webhook deliveries forgotten.")
