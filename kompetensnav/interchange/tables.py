"""Reading and writing the tables of the interchange contract: CSV (UTF-8, optional BOM,
comma or semicolon) and XLSX (first sheet). The header row names the columns."""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from kompetensnav.common.text import without_stray_controls

MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_MEMBERS = 1000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class TableError(Exception):
    """The file as a whole cannot be read (not a row problem)."""


@dataclass
class Table:
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _rows_from_matrix(matrix: Iterable[list[str]]) -> Table:
    iterator = iter(matrix)
    try:
        header = [h.strip().lower() for h in next(iterator)]
    except StopIteration as exc:
        raise TableError(_("The file is empty: it needs a header row.")) from exc
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise TableError(_("The file is empty: it needs a header row."))
    if "" in header:
        raise TableError(
            _("Column %(n)s has no name in the header row.") % {"n": header.index("") + 1}
        )
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise TableError(
            _("Columns appear twice in the header: %(cols)s.") % {"cols": ", ".join(duplicates)}
        )
    table = Table(header=header)
    for raw in iterator:
        cells = [_cell_text(c) for c in raw]
        if not any(cells):
            continue  # blank lines are not rows
        cells += [""] * (len(header) - len(cells))
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            raise TableError(
                _("Row %(row)s has more values than the header has columns.")
                % {"row": len(table.rows) + 1}
            )
        table.rows.append(dict(zip(header, cells[: len(header)], strict=True)))
    return table


def read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(_("The CSV file is not UTF-8 text. Save it as “CSV UTF-8”.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _rows_from_matrix(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_XLSX_MEMBERS:
                raise TableError(_("The Excel file has too many parts to be a normal workbook."))
            if sum(m.file_size for m in members) > MAX_XLSX_UNCOMPRESSED:
                raise TableError(_("The Excel file is too large when unpacked."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TableError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        return _rows_from_matrix(list(row) for row in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_table(data: bytes, filename: str) -> Table:
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        if data[:2] == b"PK":
            raise TableError(_("The file is named .csv but is an Excel workbook: rename it .xlsx."))
        return read_csv(data)
    if suffix == ".xlsx":
        if data[:2] != b"PK":
            raise TableError(_("The file is named .xlsx but is not an Excel workbook."))
        return read_xlsx(data)
    raise TableError(_("Use a .csv or .xlsx file."))


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell beginning with = + - @ tab or CR gets a
    leading apostrophe, which spreadsheet programs show as text. Control characters other
    than tab and line breaks (which XLSX cannot hold) become spaces."""
    value = without_stray_controls(value)
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """Undo safe_cell when a file we exported is imported again."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def write_table(
    path_or_buffer, filename: str, header: list[str], rows: Iterable[list[str]]
) -> None:
    suffix = Path(filename).suffix.lower()
    safe_rows = ([safe_cell(_cell_text(v)) for v in row] for row in rows)
    if suffix == ".csv":
        if isinstance(path_or_buffer, (str, Path)):
            with open(path_or_buffer, "w", newline="", encoding="utf-8-sig") as handle:
                _write_csv(handle, header, safe_rows)
        else:
            _write_csv(path_or_buffer, header, safe_rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(header)
        for row in safe_rows:
            sheet.append(row)
        workbook.save(path_or_buffer)
    else:
        raise TableError(_("Use a .csv or .xlsx file."))


def _write_csv(handle, header: list[str], rows: Iterable[list[str]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(header)
    writer.writerows(rows)


__all__ = [
    "Decimal",
    "Table",
    "TableError",
    "read_table",
    "safe_cell",
    "unsafe_cell",
    "write_table",
]
