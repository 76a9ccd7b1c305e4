from django.core.management.base import BaseCommand

from kompetensnav.questionnaires.services import responses_purge


class Command(BaseCommand):
    help = "Delete questionnaire responses older than their questionnaire's retention period."

    def handle(self, *args, **options) -> None:
        deleted = responses_purge()
        self.stdout.write(f"Deleted {deleted} responses past their retention period.")
