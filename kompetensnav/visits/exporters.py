"""The needs analysis as a workbook: the summary the CSV holds too, and a sheet for each part
of the page (focus areas, every breakdown, the trend, the gap analysis, the countries, and
the panels' offer against demand and women and men), each with the period and the filters at
the top (interchange.spreadsheet)."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.common import panels
from kompetensnav.common.actor import Actor
from kompetensnav.interchange.spreadsheet import Chart, Column, Sheet, workbook_bytes

from . import selectors
from .selectors import NeedFilters


def summary_rows(summary: dict) -> list[list]:
    rows = [
        [_("Totals"), _("Visits"), summary["totals"]["visits"]],
        [_("Totals"), _("Companies visited"), summary["totals"]["companies"]],
        [_("Totals"), _("Needs"), summary["totals"]["needs"]],
    ]
    rows += [[_("Competence area"), a["area__name"], a["count"]] for a in summary["areas"]]
    rows += [[_("Time horizon"), str(r["label"]), r["count"]] for r in summary["horizons"]]
    rows += [[_("Gap area"), str(r["label"]), r["count"]] for r in summary["gap_areas"]]
    rows += [[_("SEQF level"), str(r["label"]), r["count"]] for r in summary["seqf_levels"]]
    rows += [[_("Subregion"), str(r["label"]), r["count"]] for r in summary["subregions"]]
    return rows


SUMMARY_HEADER = [gettext_lazy("Breakdown"), gettext_lazy("Item"), gettext_lazy("Count")]


def needs_workbook(
    *,
    actor: Actor,
    filters: NeedFilters,
    notes: Sequence[tuple[str, Any]],
    step: str,
    language: str,
) -> bytes:
    return workbook_bytes(
        needs_sheets(actor=actor, filters=filters, notes=notes, step=step, language=language)
    )


def needs_sheets(
    *,
    actor: Actor,
    filters: NeedFilters,
    notes: Sequence[tuple[str, Any]],
    step: str,
    language: str,
) -> list[Sheet]:
    """The sheets of the needs analysis, the page's panels' too (the competence analysis adds
    its texts)."""
    summary = selectors.needs_dashboard(actor=actor, filters=filters)
    sheets = [
        Sheet(
            title=_("Summary"),
            columns=SUMMARY_HEADER,
            rows=summary_rows(summary),
            notes=notes,
        )
    ]
    focus = selectors.focus_areas(actor=actor, filters=filters, limit=10_000)
    sheets.append(
        Sheet(
            title=_("Focus areas"),
            columns=[
                _("Rank"),
                _("Competence area"),
                _("Companies"),
                _("Employees concerned"),
                Column(_("Arising now"), percent=True),
                _("Score"),
                _("Companies (points)"),
                _("Employees (points)"),
                _("Urgency (points)"),
            ],
            rows=[
                [
                    r["rank"],
                    r["area__name"],
                    r["companies"],
                    r["employees"],
                    r["urgency"],
                    r["score"],
                    r["parts"]["companies"],
                    r["parts"]["employees"],
                    r["parts"]["urgency"],
                ]
                for r in focus
            ],
            notes=notes,
        )
    )
    breakdown_rows = []
    for key, dimension in selectors.DIMENSIONS.items():
        for row in selectors.needs_breakdown(actor=actor, filters=filters, by=key):
            breakdown_rows.append(
                [
                    str(dimension.label),
                    row["label"],
                    row["needs"],
                    row["companies"],
                    row["employees"],
                    row["now"],
                ]
            )
    sheets.append(
        Sheet(
            title=_("Breakdowns"),
            columns=[
                _("Breakdown"),
                _("Item"),
                _("Needs"),
                _("Companies"),
                _("Employees concerned"),
                _("Arising now"),
            ],
            rows=breakdown_rows,
            notes=notes,
        )
    )
    trend = selectors.needs_trend(actor=actor, filters=filters, step=step)
    sheets.append(
        Sheet(
            title=_("Over time"),
            columns=[
                _("Period"),
                _("From"),
                _("To"),
                _("Needs"),
                _("Change"),
                Column(_("Change (%)"), percent=True),
                _("Companies with needs"),
                _("Visits"),
            ],
            rows=[
                [
                    r["label"],
                    r["start"],
                    r["end"],
                    r["needs"],
                    r["change"],
                    r["change_pct"] / 100 if r["change_pct"] is not None else None,
                    r["companies"],
                    r["visits"],
                ]
                for r in trend["rows"]
            ],
            notes=notes,
            charts=[Chart(title=_("Needs"), categories=0, values=(3, 6), kind="line")],
        )
    )
    gaps = selectors.gap_over_time(actor=actor, filters=filters)
    sheets.append(
        Sheet(
            title=_("Gap analysis"),
            columns=[
                _("Gap area"),
                _("Year"),
                _("Companies"),
                _("Current state"),
                _("Wanted state"),
                _("Gap"),
                _("Change"),
            ],
            rows=[
                [
                    str(r["label"]),
                    r["year"],
                    r["companies"],
                    r["current"],
                    r["wanted"],
                    r.get("gap"),
                    r["gap_change"],
                ]
                for r in gaps["years"]
            ],
            notes=notes,
        )
    )
    comparison = selectors.country_comparison(actor=actor, filters=filters, language=language)
    countries = [c["name"] for c in comparison["area_countries"]]
    sheets.append(
        Sheet(
            title=_("Countries"),
            columns=[_("Competence area"), *countries],
            rows=[[a["area"], *[cell["needs"] for cell in a["row"]]] for a in comparison["areas"]],
            notes=notes,
        )
    )
    # the sheets of the page's panels (offer against demand, women and men) for this viewer
    return sheets + panels.sheets_for("needs_dashboard", actor, filters, notes)
