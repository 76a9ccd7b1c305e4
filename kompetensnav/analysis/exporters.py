"""Offer against demand as a spreadsheet sheet: added to the needs analysis' download (through
its panel, common/panels.py) and to the competence analysis' workbook."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.interchange.spreadsheet import Column, Sheet

from . import selectors


def offer_sheet(offer: dict[str, Any], notes: Sequence[tuple[str, Any]]) -> Sheet:
    return Sheet(
        title=_("Offer against demand"),
        columns=[
            _("Competence area"),
            Column(_("Needs"), total=True),
            Column(_("Companies"), total=True),
            Column(_("Without an offer"), total=True),
            _("Courses"),
            _("Places"),
            _("Providers"),
        ],
        rows=[
            [r["area"], r["needs"], r["companies"], r["unmet"], r["courses"], r["places"],
             r["providers"]]
            for r in offer["rows"]
        ],
        notes=notes,
    )  # fmt: skip


def needs_dashboard_sheets(
    actor: Actor | None, filters: Any, notes: Sequence[tuple[str, Any]]
) -> list[Sheet] | None:
    """The panel's sheet (None: the viewer may not see matches; None as actor: a shared
    document, such as the competence analysis, which holds aggregates only)."""
    if actor is not None and not actor.has_perm("analysis.view_matches"):
        return None
    return [offer_sheet(selectors.offer_against_demand(actor=actor, filters=filters), notes)]
