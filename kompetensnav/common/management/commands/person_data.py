"""manage.py person_data --email E [--pdf FILE] [--erase]: everything the product holds about
a person (GDPR): as a participant, a company's or an organisation's contact, a user, with
their notifications (common/people.py gathers what each app holds). JSON on standard
output, or a PDF to hand over (a register extract); --erase erases or anonymises all of it
on the person's request, keeping what the figures count."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kompetensnav.common.people import holds, person_data, person_erase, person_pdf, sources


class Command(BaseCommand):
    help = _(
        "Export everything held about a person, found by e-mail address (JSON on standard "
        "output, or --pdf FILE), or erase it (--erase; the figures keep their values)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help=_("The person's e-mail address."))
        parser.add_argument("--pdf", type=Path, help=_("Write the export as a PDF to this file."))
        parser.add_argument(
            "--erase", action="store_true", help=_("Erase the person's personal data.")
        )

    def handle(self, *args: str, **options: Any) -> None:
        email = options["email"].strip()
        if not holds(email):
            raise CommandError(
                _("Nothing is held about the e-mail address %(email)s.") % {"email": repr(email)}
            )
        if options["erase"]:
            try:
                erased = person_erase(email)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            labels = {source.key: source.label for source in sources()}
            for key, count in erased.items():
                self.stderr.write(f"{labels[key]}: {count}")
            self.stderr.write(_("The personal data of %(email)s is erased.") % {"email": email})
            return
        if options["pdf"]:
            options["pdf"].write_bytes(person_pdf(email))
            self.stderr.write(_("Wrote %(file)s.") % {"file": options["pdf"]})
        else:
            self.stdout.write(json.dumps(person_data(email), ensure_ascii=False, indent=2))
