"""manage.py send_notification_digest: the daily e-mail of each person's new notifications,
one per person who wants it (part of `manage.py daily`)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kompetensnav.notifications.services import digest_send


class Command(BaseCommand):
    help = _("E-mail each person who wants the daily digest their new notifications.")

    def handle(self, *args, **options) -> None:
        sent = digest_send()
        self.stdout.write(_("%(count)s digests queued") % {"count": sent})
