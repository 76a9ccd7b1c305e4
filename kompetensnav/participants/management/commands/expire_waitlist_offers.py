"""manage.py expire_waitlist_offers [--dry-run]: places offered from the waitlist and not
accepted in time go to the next in line (participants/services/changes.py). Part of `daily`;
run it hourly as well (docs/deploy.md) so that a place waits no longer than its deadline."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompetensnav.common.links import site_url
from kompetensnav.participants import services


class Command(BaseCommand):
    help = _(
        "Lapse the places offered from the waitlist whose time to accept has run out and "
        "offer them to the next in line. --dry-run only lists them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List the lapsed offers; change nothing.")
        )

    def handle(self, *args, **options) -> None:
        result = services.offers_expire(base_url=site_url("/"), dry_run=options["dry_run"])
        for registration in result.lapsed:
            self.stdout.write(
                f"{registration.course_id}\t{registration.pk}\t{registration.offer_expires:%Y-%m-%d %H:%M}"
            )
        if options["dry_run"]:
            message = ngettext(
                "%(n)d offer would lapse (dry run).",
                "%(n)d offers would lapse (dry run).",
                len(result.lapsed),
            )
        else:
            message = (
                ngettext("%(n)d offer lapsed", "%(n)d offers lapsed", len(result.lapsed))
                + ", "
                + ngettext(
                    "%(m)d place offered to the next in line.",
                    "%(m)d places offered to the next in line.",
                    len(result.offered),
                )
                % {"m": len(result.offered)}
            )
        self.stdout.write(message % {"n": len(result.lapsed)})
