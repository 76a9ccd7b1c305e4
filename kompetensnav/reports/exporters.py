"""The key figures as downloads: an XLSX sheet (one row per figure, or per part of a
dict-valued figure; numbers as numbers) and an A4 PDF rendered by WeasyPrint."""

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompetensnav.figures import labels
from kompetensnav.figures.privacy import Hidden
from kompetensnav.interchange.tables import safe_cell

from .annual import TITLE as ANNUAL_TITLE
from .annual import month_labels
from .report import TITLE, KeyFigures, period_slug, period_text


def filename(figures: KeyFigures, extension: str) -> str:
    """verksamheten-i-siffror-2026.pdf (in the active language)."""
    period = figures.period
    return f"{slugify(str(TITLE))}-{period_slug(period.start, period.end)}.{extension}"


def _cell_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return safe_cell(str(value))


def figures_xlsx(figures: KeyFigures) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook
    from openpyxl.styles import Font  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = safe_cell(_("Key figures"))[:31]
    period = figures.period
    header = [_("From"), _("To"), _("Area"), _("Figure"), _("Key"), _("Value")]
    sheet.append([safe_cell(str(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for group in figures.groups:
        for row in group.rows:
            for key, label, value in row.flat():
                sheet.append(
                    [
                        period.start,
                        period.end,
                        safe_cell(str(group.label)),
                        safe_cell(label),
                        safe_cell(key),
                        _cell_value(value),
                    ]
                )
    for row in sheet.iter_rows(min_row=2, max_col=2):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEF", (12, 12, 18, 48, 32, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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

SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def annual_filename(report, extension: str) -> str:
    """verksamheten-i-siffror-2025.pdf (in the active language)."""
    return f"{slugify(str(ANNUAL_TITLE))}-{report.year}.{extension}"


def _sheet_title(workbook, name: str) -> str:
    title = safe_cell(str(name).translate(SHEET_NAME_FORBIDDEN).strip()).lstrip("'")[:31]
    title = title or "Sheet"
    taken = {sheet.title for sheet in workbook.worksheets}
    candidate, number = title, 2
    while candidate in taken:
        suffix = f" {number}"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    return candidate


def _bold_header(sheet, widths: tuple[int, ...]) -> None:
    from openpyxl.styles import Font  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _text(value) -> str:
    return safe_cell(str(value))


def _comparison_rows(report, section) -> list[list]:
    rows = []
    for line in section.comparisons:
        if line.is_heading:
            continue
        change = line.change
        rows.append(
            [
                _text(section.label),
                _text(line.full_label),
                _text(line.key),
                _cell_value(line.value),
                _cell_value(line.previous),
                _cell_value(change),
            ]
        )
    return rows


def annual_xlsx(report) -> bytes:
    """A summary sheet with every figure (this year, the year before, the change, what it
    counts), one sheet per area with its figures and its charts' numbers, and the monthly
    series. Numbers are numbers; every text cell is formula-safe."""
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook
    from openpyxl.styles import Font  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook

    year, before = str(report.year), str(report.year - 1)
    header = [_("Area"), _("Figure"), _("Key"), year, before, _("Difference")]
    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_title(workbook, _("Summary"))
    summary.append([_text(h) for h in [*header, _("Definition")]])
    for section in report.sections:
        for row in _comparison_rows(report, section):
            key = str(row[2]).split(".")[0]
            summary.append([*row, _text(labels.definition(key))])
    _bold_header(summary, (18, 48, 32, 12, 12, 12, 80))

    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_title(workbook, section.label))
        sheet.append([_text(h) for h in header])
        for row in _comparison_rows(report, section):
            sheet.append(row)
        _bold_header(sheet, (18, 48, 32, 12, 12, 12))
        for chart in section.charts:
            sheet.append([])
            sheet.append([_text(chart.title)])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
            sheet.append(["", *[_text(name) for name in chart.series_names]])
            for index, x_label in enumerate(chart.x_labels):
                sheet.append(
                    [_text(x_label), *[_cell_value(values[index]) for _n, values in chart.series]]
                )

    monthly = workbook.create_sheet(_sheet_title(workbook, _("Per month")))
    monthly.append([_text(_("Figure")), _text(_("Key")), *month_labels(), _text(_("Total"))])
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
            monthly.append([_text(label), _text(line_key), *numbers, total])
    _bold_header(monthly, (40, 28, *([8] * 12), 10))

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
