"""One writer for every spreadsheet the product writes, so that a fix reaches every download.

A `Sheet` is a title, its columns and rows of Python values, and optionally the notes that
say what the file holds (period, filters), a totals row and charts. `workbook_bytes()` writes
sheets to XLSX:

- values keep their type: int, Decimal and float are numbers, a date is a date
  (`yyyy-mm-dd`), a datetime a local date and time, a bool a boolean; a column marked
  `percent` holds fractions shown as per cent; text is formula-safe (`safe_cell`);
- the notes come first, one per row (label, value), then an empty row and the header;
- the header row is bold, frozen and filterable (an autofilter over the table);
- columns are as wide as their content (within limits), or as the column says;
- columns marked `total` are summed in a totals row under the table (a value, so that
  every reader sees it, not a formula);
- a `Chart` becomes a native Excel chart over the sheet's own cells.

Rows are streamed (openpyxl's write-only mode): a sheet of 100,000 rows is not held as cells.
Only the first `WIDTH_SAMPLE` rows are held, to size the columns.

A CSV is the machine format: the header on the first line, then the rows, values as the
interchange contract writes them (dates ISO, booleans true/false), formula-safe; it carries
no notes, so that it can be read back as it is.
"""

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.common.text import without_stray_controls

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 200  # rows looked at to size the columns
MIN_WIDTH, MAX_WIDTH = 8, 60
SHEET_TITLE_MAX = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DECIMAL_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell beginning with = + - @ tab or CR gets a
    leading apostrophe, which spreadsheet programs show as text. Control characters other
    than tab and line breaks (which XLSX cannot hold) become spaces."""
    value = without_stray_controls(value)
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    label: str
    total: bool = False  # summed in the totals row
    percent: bool = False  # the values are fractions (0.25), shown as 25.0 %
    width: int | None = None  # in characters; else from the content


@dataclass(frozen=True)
class Chart:
    """A native chart over the sheet's table: categories from one column, one series per
    value column (0-based column indexes)."""

    title: str
    categories: int
    values: tuple[int, ...]
    kind: str = "bar"  # bar (horizontal), column or line
    y_title: str = ""


@dataclass
class Block:
    """A further table under a sheet's main one (a chart's numbers, a breakdown): a bold
    title row, its header and rows, and its charts. Not frozen or filtered."""

    title: str
    columns: Sequence[Column | str]
    rows: Sequence[Sequence[Any]]
    charts: Sequence[Chart] = ()


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence[Any]]
    notes: Sequence[tuple[str, Any]] = ()
    totals_label: str = ""  # the first cell of the totals row (default "Total")
    charts: Sequence[Chart] = ()
    below: Sequence[Block] = ()


def _columns(columns: Sequence[Column | str]) -> list[Column]:
    return [c if isinstance(c, Column) else Column(str(c)) for c in columns]


def typed(value: Any) -> Any:
    """A value as an XLSX cell holds it: numbers, dates and booleans as they are (Decimal as
    float, an aware datetime in local time without its zone), text formula-safe."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return safe_cell(str(value))


def _number_format(value: Any, column: Column) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if column.percent and isinstance(value, (int, float, Decimal)):
        return PERCENT_FORMAT
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, (float, Decimal)):
        return DECIMAL_FORMAT
    return None


def _text_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return len(f"{value:,.2f}") if not isinstance(value, int) else len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str, taken: set[str]) -> str:
    """A title Excel accepts (≤ 31 characters, none of []:*?/\\), unique in the workbook."""
    base = (str(title).translate(SHEET_TITLE_FORBIDDEN).strip(" '") or _("Sheet"))[:SHEET_TITLE_MAX]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def _write_sheet(workbook, sheet: Sheet, taken: set[str]) -> None:
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook
    from openpyxl.styles import Font  # noqa: PLC0415 - as above
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - as above

    ws = workbook.create_sheet(sheet_title(sheet.title, taken))
    columns = _columns(sheet.columns)
    rows: Iterator[Sequence[Any]] = iter(sheet.rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    samples = [(columns, sample)] + [
        (_columns(b.columns), b.rows[:WIDTH_SAMPLE]) for b in sheet.below
    ]
    widest = max((len(c) for c, _rows in samples), default=0)
    for index in range(1, widest + 1):
        column = columns[index - 1] if index <= len(columns) else None
        width = column.width if column is not None and column.width else None
        if width is None:
            lengths = [MIN_WIDTH]
            for cols, block_rows in samples:
                if index <= len(cols):
                    lengths.append(_text_length(cols[index - 1].label) + 2)
                lengths += [_text_length(r[index - 1]) + 2 for r in block_rows if len(r) >= index]
            width = min(MAX_WIDTH, max(lengths))
        ws.column_dimensions[get_column_letter(index)].width = width

    bold = Font(bold=True)

    def cell(value: Any, column: Column | None = None, *, strong: bool = False):
        c = WriteOnlyCell(ws, value=typed(value))
        number_format = _number_format(value, column or Column(""))
        if number_format:
            c.number_format = number_format
        if strong:
            c.font = bold
        return c

    def table(cols: list[Column], table_rows: Iterable[Sequence[Any]], totals_label: str) -> int:
        """A header and its rows, a totals row when a column is summed; the number of rows
        of data."""
        ws.append([cell(column.label, strong=True) for column in cols])
        totals: list[Any] = [0 if c.total else None for c in cols]
        count = 0
        for row in table_rows:
            ws.append([cell(v, cols[i] if i < len(cols) else None) for i, v in enumerate(row)])
            for i, column in enumerate(cols):
                value = row[i] if i < len(row) else None
                if column.total and isinstance(value, (int, float, Decimal)):
                    totals[i] += value
            count += 1
        if any(c.total for c in cols):
            ws.append(
                [
                    cell(totals_label or _("Total"), strong=True)
                    if i == 0 and not c.total
                    else cell(totals[i], c)
                    for i, c in enumerate(cols)
                ]
            )
        return count

    # the notes, an empty row, the header; frozen before the first row goes out (openpyxl
    # writes the sheet's view with it)
    header_row = len(sheet.notes) + 2 if sheet.notes else 1
    ws.freeze_panes = f"A{header_row + 1}"
    for label, value in sheet.notes:
        ws.append([cell(label, strong=True), cell(value)])
    if sheet.notes:
        ws.append([])
    count = table(columns, chain(sample, rows), sheet.totals_label)
    last = get_column_letter(max(len(columns), 1))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    chart_column = get_column_letter(widest + 2)
    for n, chart in enumerate(sheet.charts if count else ()):
        ws.add_chart(
            _native_chart(ws, chart, header_row, count), f"{chart_column}{header_row + n * 20}"
        )

    line = header_row + count + (1 if any(c.total for c in columns) else 0)
    for block in sheet.below:
        ws.append([])
        ws.append([cell(block.title, strong=True)])
        block_header = line + 3
        cols = _columns(block.columns)
        block_count = table(cols, block.rows, "")
        for n, chart in enumerate(block.charts if block_count else ()):
            ws.add_chart(
                _native_chart(ws, chart, block_header, block_count),
                f"{chart_column}{block_header + n * 20}",
            )
        line = block_header + block_count + (1 if any(c.total for c in cols) else 0)


def _native_chart(ws, chart: Chart, header_row: int, count: int):
    from openpyxl.chart import BarChart, LineChart, Reference  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook

    native: Any = LineChart() if chart.kind == "line" else BarChart()
    if chart.kind == "bar":
        native.type = "bar"
    elif chart.kind == "column":
        native.type = "col"
    native.title = safe_cell(chart.title)
    if chart.y_title:
        native.y_axis.title = safe_cell(chart.y_title)
    last = header_row + max(count, 1)
    for column in chart.values:
        native.add_data(
            Reference(ws, min_col=column + 1, min_row=header_row, max_row=last),
            titles_from_data=True,
        )
    native.set_categories(
        Reference(ws, min_col=chart.categories + 1, min_row=header_row + 1, max_row=last)
    )
    native.height, native.width = 9, 18
    return native


def workbook_save(sheets: Sequence[Sheet], target) -> None:
    """The sheets as one XLSX workbook, in order, saved to a path or a binary file. openpyxl's
    write-only workbook keeps each sheet's rows in a temporary file as they come, so memory
    stays flat however many rows the sheets stream."""
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook, sheet, taken)
    if not sheets:
        _write_sheet(workbook, Sheet(title=_("Sheet"), columns=[], rows=[]), taken)
    workbook.save(target)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one XLSX workbook, in order."""
    buffer = io.BytesIO()
    workbook_save(sheets, buffer)
    return buffer.getvalue()
