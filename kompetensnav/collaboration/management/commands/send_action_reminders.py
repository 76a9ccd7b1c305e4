"""manage.py send_action_reminders: e-mail the owners of industry councils' action items that
are due soon or overdue, each once per due date (part of `manage.py daily`)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kompetensnav.collaboration.services.councils import action_reminders_send


class Command(BaseCommand):
    help = "Remind the owners of council action items due within three days, and of overdue ones."

    def handle(self, *args, **options) -> None:
        soon, overdue = action_reminders_send(base_url=settings.SITE_URL)
        self.stdout.write(
            f"{soon} reminders before the due date, {overdue} of overdue actions queued"
        )
