"""manage.py tell_followups_due: notify brokers of the follow-ups of their visits that fall
due (part of `manage.py daily`, before the digest)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kompetensnav.visits.notices import followups_due_tell


class Command(BaseCommand):
    help = _("Notify the brokers of the follow-ups of their visits that fall due.")

    def handle(self, *args, **options) -> None:
        told = followups_due_tell()
        self.stdout.write(_("%(count)s notifications of follow-ups due") % {"count": told})
