"""The sections accounts adds to other apps' pages (common/panels.py): on the start page,
whom the user acts for, with a switch when they have several affiliations."""

from django.http import HttpRequest

from .acting import affiliations_of


def home(request: HttpRequest, user) -> dict:
    return {"affiliations": affiliations_of(user)}
