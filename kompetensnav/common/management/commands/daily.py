"""manage.py daily: the day's scheduled work in one command, for one cron line or systemd
timer. Each job is idempotent, so running it twice a day, or after a missed day, is safe."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# by name, so that common imports none of the apps that own them
JOBS = (
    "check_cofinancing",
    "send_course_evaluations",
    "questionnaires_purge",
    "anonymise_participants",
    "expire_waitlist_offers",
    "recover_jobs",
    "send_action_reminders",
    "tell_followups_due",
    "purge_visit_drafts",
    "purge_api_requests",
    "send_notification_digest",  # last: the day's notifications of the jobs above
)


class Command(BaseCommand):
    help = (
        "Run the daily jobs: co-financing warnings, course evaluations, retention purge of "
        "questionnaire responses and of participants' personal data, places offered from the "
        "waitlist and not accepted in time, "
        "background jobs whose worker was lost, reminders of council action items, follow-ups due, "
        "visit drafts left untouched, the API's idempotency keys older than a day and webhook deliveries older than 30 days, the digest of each person's notifications."
    )

    def handle(self, *args: str, **options: object) -> None:
        failed = []
        for job in JOBS:
            self.stdout.write(f"== {job}")
            try:
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:  # one failing job must not stop the others
                failed.append(job)
                self.stderr.write(f"{job} failed: {exc}")
        if failed:
            raise CommandError("failed: " + ", ".join(failed))
