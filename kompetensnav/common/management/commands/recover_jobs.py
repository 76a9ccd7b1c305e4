"""manage.py recover_jobs: background jobs whose worker was lost (killed, restarted) and that
nobody has looked at since are retried or marked failed (common.jobs.recover). Pages do the
same for the jobs they show; this catches the rest. Run by `manage.py daily`."""

from django.core.management.base import BaseCommand

from kompetensnav.common.jobs import leased_job_models, recover


class Command(BaseCommand):
    help = "Retry, or mark failed, the background jobs whose worker was lost."

    def handle(self, *args: str, **options: object) -> None:
        for model in leased_job_models():
            changed = recover(model)
            self.stdout.write(
                f"{model._meta.label}: {changed} job(s) whose worker was lost retried or failed"
            )
