"""manage.py purge_visit_drafts: delete the visit drafts nobody has touched for DRAFT_DAYS
days (a draft may name people at a company; it is not a record). Part of `daily`."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompetensnav.visits.services import DRAFT_DAYS, visit_drafts_purge


class Command(BaseCommand):
    help = _("Delete the visit drafts untouched for %(days)d days.") % {"days": DRAFT_DAYS}

    def handle(self, *args, **options) -> None:
        deleted = visit_drafts_purge()
        self.stdout.write(
            ngettext(
                "%(n)d visit draft older than %(days)d days deleted.",
                "%(n)d visit drafts older than %(days)d days deleted.",
                deleted,
            )
            % {"n": deleted, "days": DRAFT_DAYS}
        )
