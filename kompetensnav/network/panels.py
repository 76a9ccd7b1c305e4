"""The sections network adds to other apps' pages (common/panels.py): the network in
figures on the start page."""

from django.http import HttpRequest

from .selectors import network_summary


def home(request: HttpRequest, user) -> dict:
    return {"summary": network_summary()}
