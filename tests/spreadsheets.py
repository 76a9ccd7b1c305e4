"""Reading back the spreadsheets the product writes (kompetensnav.interchange.spreadsheet):
the notes at the top, then the table under its frozen header row."""

import io
import re

from openpyxl import load_workbook


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def header_row(sheet) -> int:
    """The header's row number: the row above the frozen pane."""
    return int(re.sub(r"\D", "", sheet.freeze_panes)) - 1


def notes(sheet) -> dict:
    """The notes above the table: label -> value."""
    rows = sheet.iter_rows(max_row=header_row(sheet) - 1, values_only=True)
    return {row[0]: row[1] for row in rows if row[0] is not None}


def table(sheet) -> tuple[tuple, list[tuple]]:
    """The header and the rows under it (a totals row and blocks below included)."""
    rows = list(sheet.iter_rows(min_row=header_row(sheet), values_only=True))
    return rows[0], rows[1:]
