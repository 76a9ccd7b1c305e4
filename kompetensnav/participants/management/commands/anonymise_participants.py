"""manage.py anonymise_participants [--dry-run]: erase the names and e-mail addresses of the
participants whose retention period has ended (participants/retention.py). Part of `daily`."""

from django.core.management.base import BaseCommand

from kompetensnav.participants.retention import participants_anonymise


class Command(BaseCommand):
    help = (
        "Anonymise the participants whose every course has passed its retention period "
        "(a project's retention_years after its end; PARTICIPANT_RETENTION_YEARS after the last "
        "session of a course outside projects). --dry-run only counts them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who would be anonymised; change nothing."
        )

    def handle(self, *args, **options) -> None:
        run = participants_anonymise(dry_run=options["dry_run"])
        if run.dry_run:
            self.stdout.write(f"{len(run.anonymised)} participants would be anonymised (dry run).")
        else:
            self.stdout.write(
                f"Anonymised {len(run.anonymised)} participants past their retention period."
            )
