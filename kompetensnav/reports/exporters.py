"""The key figures as downloads: an XLSX sheet (one row per figure, or per part of a
dict-valued figure; numbers as numbers) and an A4 PDF rendered by WeasyPrint."""

import re
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompetensnav.figures import labels
from kompetensnav.figures.charts import LINE, MONTHLY
from kompetensnav.figures.privacy import Hidden
from kompetensnav.interchange.spreadsheet import Block, Column, Sheet, workbook_bytes
from kompetensnav.interchange.spreadsheet import Chart as SpreadsheetChart
from kompetensnav.visits.exporters import needs_sheets
from kompetensnav.visits.selectors import FOCUS_WEIGHTS

from .annual import TITLE as ANNUAL_TITLE
from .annual import month_labels
from .competence import TITLE as COMPETENCE_TITLE
from .competence import CompetenceAnalysis
from .report import TITLE, KeyFigures, period_slug, period_text


def filename(figures: KeyFigures, extension: str) -> str:
    """verksamheten-i-siffror-2026.pdf (in the active language)."""
    period = figures.period
    return f"{slugify(str(TITLE))}-{period_slug(period.start, period.end)}.{extension}"


def _cell_value(value):
    # a privacy.Hidden value is text ("< 5"); everything else keeps its type
    return value if isinstance(value, (int, float, Decimal, bool)) or value is None else str(value)


def _period_notes(start, end, filters=()) -> list[tuple[str, object]]:
    return [
        (_("Period"), period_text(start, end)),
        (_("From"), start),
        (_("To"), end),
        *filters,
        (_("Created"), timezone.localdate()),
    ]


def figures_xlsx(figures: KeyFigures) -> bytes:
    period = figures.period
    header = [_("Area"), _("Figure"), _("Key"), _("Value")]
    rows = [
        [str(group.label), label, key, _cell_value(value)]
        for group in figures.groups
        for row in group.rows
        for key, label, value in row.flat()
    ]
    return workbook_bytes(
        [
            Sheet(
                title=_("Key figures"),
                columns=header,
                rows=rows,
                notes=_period_notes(period.start, period.end),
            )
        ]
    )


def figures_pdf(figures: KeyFigures) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    period = figures.period
    html = render_to_string(
        "reports/figures_pdf.html",
        {
            "title": TITLE,
            "period_text": period_text(period.start, period.end),
            "figures": figures,
        },
    )
    return HTML(string=html).write_pdf()


# --- the annual report -----------------------------------------------------------------------


def annual_filename(report, extension: str) -> str:
    """verksamheten-i-siffror-2025.pdf (in the active language)."""
    return f"{slugify(str(ANNUAL_TITLE))}-{report.year}.{extension}"


def _comparison_rows(report, section) -> list[list]:
    return [
        [
            str(section.label),
            line.full_label,
            line.key,
            _cell_value(line.value),
            _cell_value(line.previous),
            _cell_value(line.change),
        ]
        for line in section.comparisons
        if not line.is_heading
    ]


def _chart_block(chart) -> Block:
    """A chart's numbers under the figures, with the same chart drawn by Excel."""
    over_time = chart.kind in (LINE, MONTHLY)
    native = SpreadsheetChart(
        title=chart.title,
        categories=0,
        values=tuple(range(1, len(chart.series) + 1)),
        kind="line" if chart.kind == LINE else "column" if over_time else "bar",
    )
    return Block(
        title=chart.title,
        columns=["", *chart.series_names],
        rows=[
            [x_label, *[_cell_value(values[i]) for _n, values in chart.series]]
            for i, x_label in enumerate(chart.x_labels)
        ],
        charts=[native],
    )


def annual_xlsx(report) -> bytes:
    """A summary sheet with every figure (this year, the year before, the change, what it
    counts), one sheet per area with its figures, its charts' numbers and the charts drawn
    by Excel, and the monthly series; the period and filters at the top of each."""
    year, before = str(report.year), str(report.year - 1)
    header = [_("Area"), _("Figure"), _("Key"), year, before, _("Difference")]
    notes = _period_notes(report.period.start, report.period.end, report.filters)
    sheets = [
        Sheet(
            title=_("Summary"),
            columns=[*header, Column(_("Definition"), width=80)],
            rows=[
                [*row, labels.definition(str(row[2]).split(".")[0])]
                for section in report.sections
                for row in _comparison_rows(report, section)
            ],
            notes=notes,
        )
    ]
    for section in report.sections:
        sheets.append(
            Sheet(
                title=section.label,
                columns=header,
                rows=_comparison_rows(report, section),
                notes=notes,
                below=[_chart_block(chart) for chart in section.charts],
            )
        )
    monthly_rows = []
    for key, values in report.monthly.items():
        if any(isinstance(v, dict) for v in values):
            parts = list(next(v for v in values if isinstance(v, dict)))
            lines = [
                (
                    f"{labels.label(key)}: {labels.part_label(part)}",
                    f"{key}.{part}",
                    [v.get(part) if isinstance(v, dict) else None for v in values],
                )
                for part in parts
            ]
        else:
            lines = [(str(labels.label(key)), key, values)]
        for label, line_key, line in lines:
            numbers = [_cell_value(v) for v in line]
            total = sum(v for v in numbers if isinstance(v, (int, float)) and v is not True)
            if any(isinstance(v, Hidden) for v in line):
                # the months shown must not add up to the hidden ones: the total is the
                # year's figure, as the summary shows it (hidden too when it is)
                total = _cell_value(_year_value(report, line_key))
            monthly_rows.append([label, line_key, *numbers, total])
    sheets.append(
        Sheet(
            title=_("Per month"),
            columns=[_("Figure"), _("Key"), *month_labels(), _("Total")],
            rows=monthly_rows,
            notes=notes,
        )
    )
    return workbook_bytes(sheets)


def _year_value(report, line_key: str):
    key, _dot, part = line_key.partition(".")
    value = report.figures.values.get(key)
    return value.get(part) if part and isinstance(value, dict) else value


def annual_pdf(report) -> bytes:
    """A4: a cover, the contents, one section per area (figures against the year before,
    charts, the definitions as footnotes), page numbers."""
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    html = render_to_string(
        "reports/annual_pdf.html",
        {
            "report": report,
            "period_text": period_text(report.period.start, report.period.end),
            "generated": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()


# --- the competence analysis -------------------------------------------------------------


def competence_filename(*, date_from: date, date_to: date, region_name: str, extension: str) -> str:
    """kompetensanalys-2025-fyrbodal.pdf (in the active language; no region: the network)."""
    region = f"-{slugify(region_name)}" if region_name else ""
    return f"{slugify(str(COMPETENCE_TITLE))}-{period_slug(date_from, date_to)}{region}.{extension}"


def competence_pdf(analysis: CompetenceAnalysis) -> bytes:
    """A4: a cover, the contents, a section per part, page numbers."""
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    gender = analysis.gender
    html = render_to_string(
        "reports/competence_pdf.html",
        {
            "analysis": analysis,
            "generated": timezone.localdate(),
            "weights": FOCUS_WEIGHTS,
            "gender_tables": [
                (_("Per competence area"), gender["areas"]),
                (_("Per industry of the employer"), gender["industries"]),
                (_("Per course (the 20 with most participants)"), gender["courses"]),
            ],
        },
    )
    return HTML(string=html).write_pdf()


def competence_xlsx(analysis: CompetenceAnalysis) -> bytes:
    """The needs analysis' sheets for the period and region, and offer against demand and
    women and men; the region and period at the top of each."""
    notes = [*analysis.notes(), (_("Created"), timezone.localdate())]
    sheets = needs_sheets(
        actor=None, filters=analysis.filters, notes=notes, step="year", language=analysis.language
    )
    texts = [
        [str(part), paragraph.strip()]
        for part, text in ((_("Introduction"), analysis.introduction),
                           (_("Conclusions"), analysis.conclusions))
        for paragraph in re.split(r"\n\s*\n", text.strip())
        if paragraph.strip()
    ]  # fmt: skip
    if texts:
        sheets.insert(
            0,
            Sheet(
                title=_("Introduction and conclusions"),
                columns=[_("Part"), Column(_("Text"), width=100)],
                rows=texts,
                notes=notes,
            ),
        )
    return workbook_bytes(sheets)
