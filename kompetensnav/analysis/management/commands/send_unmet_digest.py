"""manage.py send_unmet_digest: the daily e-mail of needs saved without an adequate course,
one per person (part of `manage.py daily`)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kompetensnav.analysis.services import unmet_digest_send


class Command(BaseCommand):
    help = "E-mail each person the needs without an adequate course since the last digest."

    def handle(self, *args, **options) -> None:
        sent = unmet_digest_send(base_url=settings.SITE_URL)
        self.stdout.write(f"{sent} digests queued")
