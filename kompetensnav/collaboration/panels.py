"""The sections the collaboration model adds to other apps' pages (common/panels.py): the
year's priorities, initiatives and outcomes on the annual report's page, and the way from the
unmet-needs list to an initiative."""

from typing import Any

from django.http import HttpRequest

from .selectors.initiatives import cycle, cycle_for_document


def annual_report(request: HttpRequest, report: Any) -> dict | None:
    if not request.user.has_perm("collaboration.view"):
        return None
    if report.filters:
        return None
    found = cycle(actor=request.user, year=report.year)
    if not found.rows and not found.others:
        return None
    return {"cycle": found, "links": True}


def annual_report_document(report: Any) -> dict | None:
    """The annual report's PDF: the year's cycle for the whole network (not in a report
    restricted to a project or an organisation, which the cycle is not)."""
    if report.filters:
        return None
    found = cycle_for_document(year=report.year)
    if not found.rows and not found.others:
        return None
    return {"cycle": found, "links": False}


def unmet_needs(request: HttpRequest, filters: Any) -> dict | None:
    if not request.user.has_perm("collaboration.create_initiative"):
        return None
    return {}
