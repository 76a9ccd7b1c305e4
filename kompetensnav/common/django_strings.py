"""Strings of Django itself that its Swedish catalogue lacks. Naming them here (never used
at run time) puts them in our catalogue, locale/sv, which Django reads before its own."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    # django.db.models.fields.BLANK_CHOICE_LABEL (Django 6.1): a required select's empty choice
    gettext_noop("- Select an option -"),
]
