"""Women and men among the participants as a spreadsheet sheet: added to the needs analysis'
download (through its panel, common/panels.py) and to the competence analysis' workbook. A
hidden small count (figures/privacy.py) is written as its text, "< 5"."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.interchange.spreadsheet import Sheet

from .selectors import GenderFilters, gender_breakdown

CELLS = ("F", "M", "other", "total")


def gender_sheet(
    gender: dict[str, list[dict[str, Any]]], notes: Sequence[tuple[str, Any]]
) -> Sheet:
    return Sheet(
        title=_("Women and men"),
        columns=[
            _("Breakdown"),
            _("Item"),
            _("Registered: women"),
            _("Registered: men"),
            _("Registered: other or not stated"),
            _("Registered"),
            _("Attended: women"),
            _("Attended: men"),
            _("Attended: other or not stated"),
            _("Attended"),
        ],
        rows=[
            [
                str(title),
                row["label"],
                *[row["registered"][cell] for cell in CELLS],
                *[row["attended"][cell] for cell in CELLS],
            ]
            for title, key in (
                (_("Competence area"), "areas"),
                (_("Industry (SNI section)"), "industries"),
                (_("Course"), "courses"),
            )
            for row in gender[key]
        ],
        notes=notes,
    )


def needs_dashboard_sheets(
    actor: Actor | None, filters: GenderFilters, notes: Sequence[tuple[str, Any]]
) -> list[Sheet] | None:
    """The panel's sheet: for those who see the needs analysis (None as actor: a shared
    document, such as the competence analysis)."""
    if actor is not None and not actor.has_perm("visits.view_dashboard"):
        return None
    return [gender_sheet(gender_breakdown(actor=actor, filters=filters), notes)]
