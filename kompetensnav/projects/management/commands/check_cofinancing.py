"""manage.py check_cofinancing: warn coordinators by e-mail about co-financing shortfalls.
Run it daily (cron or a scheduler); each project is warned about at most once a month."""

from django.core.management.base import BaseCommand

from kompetensnav.projects.services import cofinancing_warnings_send


class Command(BaseCommand):
    help = "E-mail the coordinators about projects whose co-financing forecast falls short."

    def handle(self, *args, **options) -> None:
        warned = cofinancing_warnings_send()
        for project in warned:
            self.stdout.write(f"warned about: {project.name}")
        if not warned:
            self.stdout.write("no new shortfalls")
