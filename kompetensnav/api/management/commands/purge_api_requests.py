"""manage.py purge_api_requests: forget idempotency keys older than a day (part of daily)."""

from django.core.management.base import BaseCommand

from kompetensnav.api.models import IdempotentRequest


class Command(BaseCommand):
    help = "Forget the API's idempotency keys older than a day."

    def handle(self, *args: str, **options: object) -> None:
        deleted, _ = IdempotentRequest.objects.stale().delete()
        self.stdout.write(f"{deleted} idempotency keys forgotten.")
