"""Sections one app adds to another app's page, so that imports keep flowing one way: the page
(e.g. a visit, in visits) names a slot; an app above it (e.g. analysis) registers a panel for
that slot in its AppConfig.ready(). The page renders `{% panels "visit_detail" visit %}`.

A panel is a template and a function (request, object) → its context, or None when the panel
has nothing to show for this viewer (no permission, nothing found). A panel may also add
sheets to the page's spreadsheet download: `sheets(actor, object, notes)` → a list of
interchange.spreadsheet.Sheet, or None for this viewer; the page's exporter calls
`sheets_for(slot, ...)` and appends them after its own. And a panel may add a section to the
page's PDF, which is rendered without a request (e.g. by a background job): `document` is
(template, function (object) → its context or None); the PDF's template renders
`{% documents "annual_report" report %}`."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int = 100
    sheets: Callable[[Any, Any, Sequence[tuple[str, Any]]], list[Any] | None] | None = None
    document: tuple[str, Callable[[Any], dict[str, Any] | None]] | None = None


_panels: list[Panel] = []


def register(*panels: Panel) -> None:
    for panel in panels:
        if panel not in _panels:
            _panels.append(panel)


def panels_for(slot: str, request: HttpRequest, obj: object) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every panel of the slot that has something to show."""
    shown = []
    for panel in sorted((p for p in _panels if p.slot == slot), key=lambda p: p.order):
        context = panel.context(request, obj)
        if context is not None:
            shown.append((panel.template, context))
    return shown


def sheets_for(slot: str, actor: Any, obj: object, notes: Sequence[tuple[str, Any]]) -> list[Any]:
    """The spreadsheet sheets the slot's panels add for this viewer, in the panels' order."""
    sheets: list[Any] = []
    for panel in sorted((p for p in _panels if p.slot == slot), key=lambda p: p.order):
        if panel.sheets is not None:
            sheets += panel.sheets(actor, obj, notes) or []
    return sheets


def documents_for(slot: str, obj: object) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of the sections the slot's panels add to a PDF of the object."""
    shown = []
    for panel in sorted((p for p in _panels if p.slot == slot), key=lambda p: p.order):
        if panel.document is not None:
            template, context = panel.document
            found = context(obj)
            if found is not None:
                shown.append((template, found))
    return shown
