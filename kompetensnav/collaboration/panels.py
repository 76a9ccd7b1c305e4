"""The sections the collaboration model adds to other apps' pages (common/panels.py): the
year's priorities, initiatives and outcomes on the annual report's page, and the way from the
unmet-needs list to an initiative."""

from typing import Any

from django.http import HttpRequest

from .selectors.initiatives import cycle


def annual_report(request: HttpRequest, report: Any) -> dict | None:
    if not request.user.has_perm("collaboration.view"):
        return None
    found = cycle(actor=request.user, year=report.year)
    if not found.rows and not found.others:
        return None
    return {"cycle": found, "links": True}


def unmet_needs(request: HttpRequest, filters: Any) -> dict | None:
    if not request.user.has_perm("collaboration.create_initiative"):
        return None
    return {}
