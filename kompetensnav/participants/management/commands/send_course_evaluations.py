"""manage.py send_course_evaluations: invite the attendees of courses that have just ended
to evaluate them (run daily, like check_cofinancing)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kompetensnav.participants.evaluation import evaluations_send_due


class Command(BaseCommand):
    help = "Send the evaluation questionnaire to the attendees of courses that have ended."

    def handle(self, *args, **options) -> None:
        sent = evaluations_send_due(base_url=settings.SITE_URL)
        for evaluation in sent:
            self.stdout.write(f"{evaluation.course}: {evaluation.invited} invited")
        if not sent:
            self.stdout.write("no evaluations due")
