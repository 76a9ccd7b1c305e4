"""manage.py person_data --email E [--pdf FILE] [--erase]: a participant's own data (GDPR):
everything held about them as JSON on standard output (or a PDF to hand over), and erasure
on request. The same as the participant's page offers coordinators (participants/privacy.py)."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kompetensnav.participants.models import Participant
from kompetensnav.participants.privacy import (
    participant_data,
    participant_data_pdf,
    participant_erase,
)


class Command(BaseCommand):
    help = (
        "Export everything held about a participant (JSON on standard output, or --pdf FILE), "
        "or erase their personal data (--erase: name, e-mail, identity number; figures stay)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="The participant's e-mail address.")
        parser.add_argument("--pdf", type=Path, help="Write the export as a PDF to this file.")
        parser.add_argument(
            "--erase", action="store_true", help="Erase the participant's personal data."
        )

    def handle(self, *args, **options) -> None:
        email = options["email"].strip()
        participant = Participant.objects.filter(email__iexact=email).first() if email else None
        if participant is None:
            raise CommandError(f"No participant has the e-mail address {email!r}.")
        if options["erase"]:
            try:
                participant_erase(actor=None, participant=participant)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stderr.write(f"The personal data of participant #{participant.pk} is erased.")
            return
        data = participant_data(actor=None, participant=participant)
        if options["pdf"]:
            options["pdf"].write_bytes(participant_data_pdf(data=data))
            self.stderr.write(f"Wrote {options['pdf']}.")
        else:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
