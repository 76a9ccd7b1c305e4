"""Reading and writing the tables of the interchange contract: CSV (UTF-8 with or without a
BOM, or Windows-1252 as older Excel saves it; comma, semicolon or tab, detected from the
header line) and XLSX (first sheet). The header row names the columns.

Reading is bounded, so a hostile file cannot hold a process: an import has at most
MAX_IMPORT_ROWS rows (and at most twice as many lines counting empty ones) and MAX_COLUMNS
columns, and a workbook is checked for its parts, their unpacked size and the used range its
sheet declares before any row is read.

- `read_head()` is what the web process does with an upload: the header row and whether a
  first row follows, reading only the head of the file (a CSV's first 64 kB, a sheet's first
  rows). It never reads the whole file.
- `open_table()` gives a `CsvTable`, which reads rows one at a time from the bytes each time
  it is iterated: the importer goes through a file several times but never holds it as a
  list. A workbook is first turned into CSV text (`xlsx_to_csv()`), reading it once.
- `read_table()` reads every row into a `Table`, for small files (a questionnaire's answers).
"""

import codecs
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kompetensnav.common.http import download

from . import xlsx
from .spreadsheet import FORMULA_PREFIXES, Column, Sheet, safe_cell, workbook_save

MAX_IMPORT_ROWS = 100_000
MAX_LINES = 2 * MAX_IMPORT_ROWS  # rows counting the empty ones
MAX_COLUMNS = 50
MAX_CELLS = 2_000_000  # of the used range a worksheet declares
MAX_XLSX_UNCOMPRESSED = xlsx.MAX_UNCOMPRESSED
MAX_XLSX_MEMBERS = xlsx.MAX_MEMBERS
HEAD_BYTES = 64 * 1024  # of a CSV file, for the header
HEAD_ROWS = 1000  # of a worksheet, looking for a first row after the header


class TableError(Exception):
    """The file as a whole cannot be read (not a row problem)."""


@dataclass
class Table:
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    encoding: str = ""  # how a CSV file was read (its label); "" for a workbook
    delimiter: str = ""

    def __iter__(self) -> Iterator[dict[str, str]]:
        return iter(self.rows)


@dataclass
class Head:
    """What the web learns from the head of an upload."""

    header: list[str]
    has_rows: bool | None  # None: the head does not tell (the worker counts)


def _count(n: int) -> str:
    return number_format(n, force_grouping=True)


def too_many_rows_message() -> str:
    return _(
        "The file has more than %(limit)s rows; an import takes at most %(limit)s. Split it "
        "into several files and import them one after the other."
    ) % {"limit": _count(MAX_IMPORT_ROWS)}


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
    if isinstance(value, Decimal):
        # the same text on every database: 3, 2.5, 12.25 (not 3.00 or 1E+1)
        return format(value.normalize(), "f")
    return str(value).strip()


def _header(raw: Iterable | None) -> list[str]:
    if raw is None:
        raise TableError(_("The file is empty: it needs a header row."))
    header = [_cell_text(h).lower() for h in raw]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise TableError(_("The file is empty: it needs a header row."))
    if len(header) > MAX_COLUMNS:
        raise TableError(
            _("The header row has %(n)s columns; an import takes at most %(limit)s.")
            % {"n": len(header), "limit": MAX_COLUMNS}
        )
    if "" in header:
        raise TableError(
            _("Column %(n)s has no name in the header row.") % {"n": header.index("") + 1}
        )
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise TableError(
            _("Columns appear twice in the header: %(cols)s.") % {"cols": ", ".join(duplicates)}
        )
    return header


def _data_rows(
    records: Iterator[list], header: list[str], *, text: bool = False
) -> Iterator[dict[str, str]]:
    """The rows after the header as {column: text}; blank lines are not rows (and not counted
    in row numbers), but count towards MAX_LINES. `text`: every cell is a string already (a
    CSV file's), which is only stripped."""
    rows = 0
    for line, raw in enumerate(records, start=1):
        if line > MAX_LINES:
            raise TableError(
                _(
                    "The file has more than %(limit)s rows, most of them empty. Delete the "
                    "empty rows (for example below your data) and save it again."
                )
                % {"limit": _count(MAX_LINES)}
            )
        cells = [c.strip() for c in raw] if text else [_cell_text(c) for c in raw]
        if not any(cells):
            continue  # blank lines are not rows
        rows += 1
        if rows > MAX_IMPORT_ROWS:
            raise TableError(too_many_rows_message())
        if len(cells) > len(header):
            if any(cells[len(header) :]):
                raise TableError(
                    _("Row %(row)s has more values than the header has columns.") % {"row": rows}
                )
            del cells[len(header) :]
        cells += [""] * (len(header) - len(cells))
        yield dict(zip(header, cells, strict=True))


# --- CSV ---------------------------------------------------------------------------------


def _not_utf8() -> TableError:
    return TableError(
        _("The CSV file is neither UTF-8 nor Windows-1252 text. Save it from Excel as “CSV UTF-8”.")
    )


ENCODINGS = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp1252": "Windows-1252"}


def _encoding(data: bytes, *, whole: bool = True) -> str:
    """UTF-8 (with or without a byte order mark) when the bytes are UTF-8, else Windows-1252,
    in which older Excel and many Swedish systems save CSV (å, ä, ö as single bytes).
    `whole`: the bytes are the whole file (else its head, which may end inside a character)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=whole)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_utf8() from None
    return "cp1252"


def _csv_records(text: io.TextIOBase, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield from reader
    except UnicodeDecodeError as exc:
        raise _not_utf8() from exc
    except csv.Error as exc:
        raise TableError(
            _(
                "Line %(line)s of the CSV file cannot be read: a cell is too long or a quote "
                "is not closed."
            )
            % {"line": reader.line_num}
        ) from exc


def _csv_head(data: bytes, encoding: str = "utf-8-sig") -> str:
    """The first HEAD_BYTES of a CSV file as text, cut after its last complete line."""
    head = data[:HEAD_BYTES]
    complete = len(data) <= HEAD_BYTES
    if not complete:
        end = head.rfind(b"\n")
        if end < 0:
            raise TableError(
                _("The header row is longer than %(kb)s kB: is this a CSV file?")
                % {"kb": HEAD_BYTES // 1024}
            )
        head = head[: end + 1]
    try:
        return head.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _not_utf8() from exc


def _delimiter(head: str) -> str:
    """The separator the header line uses most: comma, semicolon or tab (a comma on a tie)."""
    first_line = head.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


class CsvTable:
    """A CSV file read row by row from its bytes each time it is iterated, so that going
    through a large file again costs time but never memory. Building it reads only the
    header, from the head of the file; a problem further on (not UTF-8, too many rows, a row
    wider than the header) raises TableError while iterating."""

    def __init__(self, data: bytes, *, delimiter: str | None = None, head: bool = False) -> None:
        self.data = data
        # the web looks at the head only (read_head); the worker at the whole file
        self.encoding = _encoding(data[:HEAD_BYTES] if head else data, whole=not head)
        head = _csv_head(data, self.encoding)
        self.delimiter = delimiter or _delimiter(head)
        self.header = _header(
            next(_csv_records(io.StringIO(head, newline=""), self.delimiter), None)
        )
        self._head_text = head
        self._head_complete = len(data) <= HEAD_BYTES

    def _records(self) -> Iterator[list[str]]:
        text = io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, newline="")
        records = _csv_records(text, self.delimiter)
        next(records, None)  # the header
        return records

    def __iter__(self) -> Iterator[dict[str, str]]:
        return _data_rows(self._records(), self.header, text=True)

    @property
    def encoding_label(self) -> str:
        return ENCODINGS[self.encoding]

    @property
    def delimiter_label(self) -> str:
        return {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}[self.delimiter]

    def head_has_rows(self) -> bool | None:
        """Whether a row follows the header, from the head of the file only."""
        records = _csv_records(io.StringIO(self._head_text, newline=""), self.delimiter)
        next(records, None)
        if any(any(c.strip() for c in record) for record in records):
            return True
        return False if self._head_complete else None


# --- XLSX --------------------------------------------------------------------------------


def _workbook(data: bytes) -> xlsx.Workbook:
    """The workbook, its archive checked, and the used range its first sheet declares."""
    try:
        book = xlsx.Workbook(data)
        declared = book.declared_size()
    except xlsx.XlsxError as exc:
        raise TableError(str(exc)) from exc
    if declared is not None:
        rows, columns = declared
        if rows > MAX_LINES + 1:
            raise TableError(
                _(
                    "The sheet's used range has %(rows)s rows; an import takes at most "
                    "%(limit)s. If most of them are empty, delete the empty rows below your "
                    "data and save the file again; otherwise split it into several files."
                )
                % {"rows": _count(rows), "limit": _count(MAX_IMPORT_ROWS)}
            )
        if columns > MAX_COLUMNS:
            raise TableError(
                _(
                    "The sheet's used range is %(columns)s columns wide; an import takes at "
                    "most %(limit)s. Delete the empty columns to the right of your data and "
                    "save the file again."
                )
                % {"columns": _count(columns), "limit": MAX_COLUMNS}
            )
        if rows * columns > MAX_CELLS:
            raise TableError(
                _(
                    "The sheet's used range has %(cells)s cells; an import takes at most "
                    "%(limit)s. Delete the empty rows and columns around your data, or split "
                    "the file."
                )
                % {"cells": _count(rows * columns), "limit": _count(MAX_CELLS)}
            )
    return book


def _xlsx_records(book: xlsx.Workbook, *, head: bool = False) -> Iterator[list]:
    rows = book.rows(max_columns=MAX_COLUMNS, head=head)
    try:
        yield from rows
    except xlsx.XlsxError as exc:
        raise TableError(str(exc)) from exc
    finally:
        rows.close()


def xlsx_head(data: bytes) -> Head:
    """The header of a workbook's first sheet and whether a row follows, from its first
    HEAD_ROWS rows only (a sheet of a million empty rows is not read to its end)."""
    book = _workbook(data)
    records = _xlsx_records(book, head=True)
    try:
        first = next(records, None)
        try:
            (first,) = book.resolve([first]) if first is not None else (None,)
        except xlsx.XlsxError as exc:
            raise TableError(str(exc)) from exc
        header = _header(first)
        has_rows: bool | None = None
        for looked, raw in enumerate(records, start=1):
            if any(c is not None and _cell_text(c) != "" for c in raw):
                has_rows = True
                break
            if looked >= HEAD_ROWS:
                break
        else:
            has_rows = False
    finally:
        records.close()
    return Head(header=header, has_rows=has_rows)


def xlsx_to_csv(data: bytes) -> bytes:
    """The first sheet's header and rows as comma-separated UTF-8 CSV, cells as the importer
    reads them. The workbook is read once, a row at a time; empty rows are left out."""
    book = _workbook(data)
    records = _xlsx_records(book)
    try:
        header = _header(next(records, None))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in _data_rows(records, header):
            writer.writerow(row.values())
    finally:
        records.close()
    return buffer.getvalue().encode("utf-8")


# --- any table ---------------------------------------------------------------------------


def _suffix_checked(data: bytes, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        if data[:2] == b"PK":
            raise TableError(_("The file is named .csv but is an Excel workbook: rename it .xlsx."))
        return suffix
    if suffix == ".xlsx":
        if data[:2] != b"PK":
            raise TableError(_("The file is named .xlsx but is not an Excel workbook."))
        return suffix
    raise TableError(_("Use a .csv or .xlsx file."))


def read_head(data: bytes, filename: str) -> Head:
    """The web's check of an upload: its type, its header row, whether a row follows.
    Reads only the head of the file."""
    if _suffix_checked(data, filename) == ".csv":
        table = CsvTable(data, head=True)
        return Head(header=table.header, has_rows=table.head_has_rows())
    return xlsx_head(data)


def open_table(data: bytes, filename: str) -> CsvTable:
    """A table to iterate (more than once) without holding its rows; a workbook is read once
    and turned into CSV first."""
    if _suffix_checked(data, filename) == ".csv":
        return CsvTable(data)
    return CsvTable(xlsx_to_csv(data), delimiter=",")


def read_table(data: bytes, filename: str) -> Table:
    """Every row of a (small) file in memory."""
    table = open_table(data, filename)
    if Path(filename).suffix.lower() != ".csv":
        return Table(header=table.header, rows=list(table))
    return Table(
        header=table.header,
        rows=list(table),
        encoding=table.encoding_label,
        delimiter=str(table.delimiter_label),
    )


def unsafe_cell(value: str) -> str:
    """Undo safe_cell when a file we exported is imported again."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def write_table(
    path_or_buffer,
    filename: str,
    header: Sequence[Column | str],
    rows: Iterable[Sequence],
    *,
    title: str = "",
    notes: Sequence[tuple[str, object]] = (),
) -> None:
    """A table to a .csv (text, formula-safe, no notes) or .xlsx file (typed cells, through
    `spreadsheet`, with the notes above the header)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        labels = [c.label if isinstance(c, Column) else str(c) for c in header]
        safe_rows = ([safe_cell(_cell_text(v)) for v in row] for row in rows)
        if isinstance(path_or_buffer, (str, Path)):
            with open(path_or_buffer, "w", newline="", encoding="utf-8-sig") as handle:
                _write_csv(handle, labels, safe_rows)
        else:
            _write_csv(path_or_buffer, labels, safe_rows)
    elif suffix == ".xlsx":
        sheet = Sheet(title=title or Path(filename).stem, columns=header, rows=rows, notes=notes)
        workbook_save([sheet], path_or_buffer)
    else:
        raise TableError(_("Use a .csv or .xlsx file."))


def table_bytes(
    filename: str,
    header: Sequence[Column | str],
    rows: Iterable[Sequence],
    *,
    title: str = "",
    notes: Sequence[tuple[str, object]] = (),
) -> bytes:
    """The table as the file `filename` names: .csv in UTF-8 with a BOM (so that Excel reads
    å, ä and ö), or .xlsx with typed cells and the notes (period, filters) at the top."""
    if Path(filename).suffix.lower() == ".csv":
        text = io.StringIO()
        write_table(text, filename, header, rows)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    binary = io.BytesIO()
    write_table(binary, filename, header, rows, title=title, notes=notes)
    return binary.getvalue()


CHUNK_ROWS = 1000  # rows of a streamed CSV download sent together
SPOOL_BYTES = 8 * 1024 * 1024  # an XLSX download larger than this is built on disk


def table_download(
    filename: str,
    header: Sequence[Column | str],
    rows: Iterable[Sequence],
    *,
    cache_control: str | None = None,
    title: str = "",
    notes: Sequence[tuple[str, object]] = (),
) -> HttpResponse:
    """A list page's CSV or XLSX download (by the filename's extension), streamed: a CSV is
    sent a chunk of rows at a time as they are read, an XLSX is built in a temporary file
    (spilled to disk when large) and sent from there, so memory stays flat for any number
    of rows."""
    if Path(filename).suffix.lower() == ".csv":
        return download(
            _csv_chunks(header, rows), filename, cache_control=cache_control, streaming=True
        )
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - sent, then closed by the response
    write_table(spool, filename, header, rows, title=title, notes=notes)
    spool.seek(0)
    return download(spool, filename, cache_control=cache_control, streaming=True)


def _csv_chunks(header: Sequence[Column | str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file in pieces of about CHUNK_ROWS rows: UTF-8 with a BOM, formula-safe."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([c.label if isinstance(c, Column) else str(c) for c in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(_cell_text(v)) for v in row])
        if number % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _write_csv(handle, header: list[str], rows: Iterable[list[str]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(header)
    writer.writerows(rows)


__all__ = [
    "Decimal",
    "Column",
    "CsvTable",
    "Head",
    "Table",
    "TableError",
    "open_table",
    "read_head",
    "read_table",
    "safe_cell",
    "table_bytes",
    "table_download",
    "unsafe_cell",
    "write_table",
]
