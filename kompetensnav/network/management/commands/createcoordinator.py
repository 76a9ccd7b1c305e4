"""`manage.py createcoordinator --email E --organisation NAME [--municipality CODE]`: the
first coordinator of a new installation (docs/deploy.md). Coordinators then create the
network's organisations, invite people and give roles in the web interface."""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kompetensnav.accounts.models import User
from kompetensnav.network.services import first_coordinator_create
from kompetensnav.reference.models import Municipality

PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"  # as Django's createsuperuser reads it


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class Command(BaseCommand):
    help = (
        "Create the network's first coordinator and their organisation (the network's "
        "office). With --no-input the password is read from DJANGO_SUPERUSER_PASSWORD; "
        "without it, the coordinator sets one with 'Forgot your password?'."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="The coordinator's e-mail address.")
        parser.add_argument(
            "--organisation",
            required=True,
            help="The organisation they work for (created unless one of that name exists).",
        )
        parser.add_argument(
            "--municipality", default="", help="Its municipality, by SCB code (e.g. 1480)."
        )
        parser.add_argument("--name", default="", help="The coordinator's full name.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing; the password comes from {PASSWORD_VARIABLE}, if set.",
        )

    def handle(self, *args, **options) -> None:
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    f"No municipality has the code {options['municipality']!r}: give the "
                    "four-digit SCB code (Göteborg is 1480)."
                )
        email = options["email"].strip()
        new_user = not User.objects.filter(email__iexact=email).exists()
        password = self._password(email, options["interactive"]) if new_user else None
        try:
            affiliation = first_coordinator_create(
                email=email,
                organisation_name=options["organisation"],
                municipality=municipality,
                full_name=options["name"],
                password=password,
            )
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{affiliation.user.email} is a network coordinator in {affiliation.organisation}."
            )
        )
        if new_user and not password:
            self.stdout.write(
                "No password was set: sign in with 'Forgot your password?' on the login page "
                "(the e-mail needs EMAIL_URL, docs/deploy.md)."
            )
        self.stdout.write(
            "Coordinators turn on two-factor authentication at their first sign-in; then "
            "create the organisations and invite people under Network and People."
        )

    def _password(self, email: str, interactive: bool) -> str | None:
        probe = User(email=email)
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE) or None
            if password:
                try:
                    validate_password(password, probe)
                except ValidationError as error:
                    raise CommandError(f"{PASSWORD_VARIABLE}: {_messages(error)}") from None
            return password
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ. Try again.")
                continue
            try:
                validate_password(password, probe)
            except ValidationError as error:
                self.stderr.write(_messages(error))
                continue
            return password
