"""The key figures as downloads: an XLSX sheet (one row per figure, or per part of a
dict-valued figure; numbers as numbers) and an A4 PDF rendered by WeasyPrint."""

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompetensnav.interchange.tables import safe_cell

from .report import TITLE, KeyFigures, period_slug, period_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


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
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
    from weasyprint import HTML

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
