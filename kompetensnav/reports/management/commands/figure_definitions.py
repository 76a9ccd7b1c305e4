"""manage.py figure_definitions: the tables of the key figures' definitions in
docs/interchange.md, printed from the figures' declarations (figures.registry.figure): first
the interchange contract's keys, then this product's additions. A test makes sure the document
holds them as printed, so the document follows the declarations."""

from django.core.management.base import BaseCommand, no_translations

from kompetensnav.figures.registry import definitions_markdown


class Command(BaseCommand):
    help = "Print the key figures' definition tables of docs/interchange.md."

    @no_translations  # the contract's definitions are English
    def handle(self, *args, **options) -> None:
        self.stdout.write(definitions_markdown(contract=True))
        self.stdout.write("")
        self.stdout.write(definitions_markdown(contract=False))
