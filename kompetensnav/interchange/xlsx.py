"""The first worksheet of an .xlsx file, read as a stream of rows within limits.

Why not openpyxl's read-only mode: `load_workbook()` builds every worksheet at once, and a
worksheet that declares no `<dimension>` (openpyxl's own write-only files declare none) is
parsed to its end just to be sized: 1.4 s for 30,000 rows here, and without bound for a small
hostile file whose sheet holds a million empty rows. Here only the first worksheet is read,
element by element, each row is dropped once it is yielded, and the caller stops reading at
its limits. openpyxl still decides which cell styles are dates and converts Excel's serial
dates, so values come out as they did with openpyxl (`data_only`: a formula's cached value).

The XML is parsed with the standard library's expat, which since 2.4.1 refuses the entity
expansion attacks (billion laughs, quadratic blowup) that defusedxml guards against, and never
loads external entities (hence the one `noqa: S314`).
"""

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError, iterparse

from django.utils.translation import gettext as _

MAX_MEMBERS = 1000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_SHARED_STRINGS = 50 * 1024 * 1024  # loaded whole by the worker: strings are looked up
MAX_SMALL_PART = 10 * 1024 * 1024  # the workbook, its relationships, the styles
HEAD_STRING_INDEX = 20_000  # the web's header check looks no further into the shared strings
MAX_CELLS_IN_ROW = 16_384  # as many columns as Excel has: more cannot be a real row

REL_OFFICE_DOCUMENT = "/officeDocument"
REL_WORKSHEET = "/worksheet"
REL_STYLES = "/styles"
REL_SHARED_STRINGS = "/sharedStrings"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# What a broken or hostile archive raises while a part is unpacked or parsed.
READ_ERRORS = (
    ParseError,
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    KeyError,
    ValueError,
    RuntimeError,  # an encrypted part
    NotImplementedError,  # an unknown compression
)


class XlsxError(Exception):
    """The workbook as a whole cannot be read, or is beyond a limit; the message says why."""


def _parse(source, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Element]]:
    return iterparse(source, events=events)  # noqa: S314 - expat refuses expansion attacks


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element: Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id, or strict OOXML's)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _unreadable() -> XlsxError:
    return XlsxError(_("The file is not a readable Excel workbook (.xlsx)."))


class Workbook:
    """An .xlsx file opened for reading its first worksheet. Checks the archive first: the
    number of parts and their unpacked size, as declared in the zip (zipfile never unpacks
    more than a part declares)."""

    def __init__(self, data: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            members = self.archive.infolist()
        except READ_ERRORS as exc:
            raise _unreadable() from exc
        if len(members) > MAX_MEMBERS:
            raise XlsxError(_("The Excel file has too many parts to be a normal workbook."))
        if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
            raise XlsxError(_("The Excel file is too large when unpacked."))
        self.sizes = {m.filename: m.file_size for m in members}
        self.workbook_path = self._office_document()
        self.sheet_path, self.styles_path, self.strings_path = self._parts()
        if self.strings_path and self.sizes.get(self.strings_path, 0) > MAX_SHARED_STRINGS:
            raise XlsxError(
                _(
                    "The Excel file holds too much text to be imported (its shared strings are "
                    "over %(mb)s MB unpacked). Split it into smaller files."
                )
                % {"mb": MAX_SHARED_STRINGS // (1024 * 1024)}
            )
        self._date_styles: tuple[set[int], set[int]] | None = None

    # --- the package: which part is the workbook, which its first worksheet ---------------

    def _small(self, path: str) -> bytes:
        if path not in self.sizes:
            raise _unreadable()
        if self.sizes[path] > MAX_SMALL_PART:
            raise XlsxError(_("The Excel file is too large when unpacked."))
        try:
            return self.archive.read(path)
        except READ_ERRORS as exc:
            raise _unreadable() from exc

    def _elements(self, path: str) -> Iterator[Element]:
        """Every element of a small part, in document order."""
        source = io.BytesIO(self._small(path))
        try:
            for _event, element in _parse(source):
                yield element
        except ParseError as exc:
            raise _unreadable() from exc

    def _relationships(self, path: str) -> list[tuple[str, str, str]]:
        """(id, type, target path) of a part's relationships."""
        folder, name = posixpath.split(path)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        if rels_path not in self.sizes:
            return []
        found = []
        for element in self._elements(rels_path):
            if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                if target.startswith("/"):
                    resolved = target.lstrip("/")
                else:
                    resolved = posixpath.normpath(posixpath.join(folder, target))
                found.append((element.get("Id", ""), element.get("Type", ""), resolved))
        return found

    def _office_document(self) -> str:
        for _id, kind, target in self._relationships(""):
            if kind.endswith(REL_OFFICE_DOCUMENT):
                return target
        raise _unreadable()

    def _parts(self) -> tuple[str, str | None, str | None]:
        relationships = self._relationships(self.workbook_path)
        by_id = {rel_id: (kind, target) for rel_id, kind, target in relationships}
        styles = next((t for _i, k, t in relationships if k.endswith(REL_STYLES)), None)
        strings = next((t for _i, k, t in relationships if k.endswith(REL_SHARED_STRINGS)), None)
        self.epoch_1904 = False
        sheet = None
        for element in self._elements(self.workbook_path):
            tag = _local(element.tag)
            if tag == "workbookPr":
                self.epoch_1904 = element.get("date1904", "").lower() in ("1", "true")
            elif tag == "sheet" and sheet is None:
                kind, target = by_id.get(_attr(element, "id") or "", ("", ""))
                if kind.endswith(REL_WORKSHEET) and target in self.sizes:
                    sheet = target  # the first worksheet (chart sheets have no rows)
        if sheet is None:
            raise XlsxError(_("The Excel file has no worksheet."))
        return sheet, styles, strings

    # --- cell values -----------------------------------------------------------------------

    def _styles(self) -> tuple[set[int], set[int]]:
        """The indexes of the cell styles that show a date, and of those that show a
        duration, decided as openpyxl does."""
        if self._date_styles is None:
            from openpyxl.styles.numbers import (  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook
                builtin_format_code,
                is_date_format,
                is_timedelta_format,
            )

            custom: dict[int, str] = {}
            dates: set[int] = set()
            durations: set[int] = set()
            index = 0
            in_cell_xfs = False
            if self.styles_path and self.styles_path in self.sizes:
                try:
                    source = io.BytesIO(self._small(self.styles_path))
                    for event, element in _parse(source, ("start", "end")):
                        tag = _local(element.tag)
                        if tag == "cellXfs":
                            in_cell_xfs = event == "start"
                        elif event == "end" and tag == "numFmt":
                            custom[int(element.get("numFmtId", "0"))] = element.get(
                                "formatCode", ""
                            )
                        elif event == "end" and tag == "xf" and in_cell_xfs:
                            number_format = int(element.get("numFmtId", "0"))
                            code = custom.get(number_format) or builtin_format_code(number_format)
                            if is_date_format(code):
                                dates.add(index)
                            if is_timedelta_format(code):
                                durations.add(index)
                            index += 1
                except READ_ERRORS as exc:
                    raise _unreadable() from exc
            self._date_styles = (dates, durations)
        return self._date_styles

    def _number(self, text: str, style: int) -> object:
        from openpyxl.utils.datetime import (  # noqa: PLC0415 - openpyxl takes 0.5 s to import: loaded with the first workbook
            CALENDAR_MAC_1904,
            CALENDAR_WINDOWS_1900,
            from_excel,
        )

        try:
            value: object = float(text) if ("." in text or "e" in text.lower()) else int(text)
        except ValueError:
            return text
        dates, durations = self._styles()
        if style in dates:
            epoch = CALENDAR_MAC_1904 if self.epoch_1904 else CALENDAR_WINDOWS_1900
            try:
                return from_excel(value, epoch, timedelta=style in durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return value

    def _shared_strings(self, wanted: set[int] | None = None) -> dict[int, str]:
        """The shared strings (all, or only the indexes in `wanted`, reading no further than
        the largest), each the text of its runs without the phonetic ones."""
        found: dict[int, str] = {}
        if not self.strings_path or self.strings_path not in self.sizes:
            return found
        last = max(wanted) if wanted else None
        index = 0
        try:
            source = self.archive.open(self.strings_path)
            with source:
                parents: list[Element] = []
                for event, element in _parse(source, ("start", "end")):
                    if event == "start":
                        parents.append(element)
                        continue
                    parents.pop()
                    if _local(element.tag) != "si":
                        continue
                    if wanted is None or index in wanted:
                        parts: list[str] = []
                        for child in element:
                            tag = _local(child.tag)
                            if tag == "t":
                                parts.append(child.text or "")
                            elif tag == "r":
                                parts += [t.text or "" for t in child if _local(t.tag) == "t"]
                        found[index] = "".join(parts)
                    if parents:
                        parents[-1].remove(element)
                    index += 1
                    if last is not None and index > last:
                        break
        except READ_ERRORS as exc:
            raise _unreadable() from exc
        return found

    def declared_size(self) -> tuple[int, int] | None:
        """(rows, columns) of the worksheet's declared used range, if it declares one."""
        try:
            with self.archive.open(self.sheet_path) as source:
                for _event, element in _parse(source, ("start",)):
                    tag = _local(element.tag)
                    if tag == "dimension":
                        return _range_size(element.get("ref", ""))
                    if tag == "sheetData":
                        return None
        except READ_ERRORS as exc:
            raise _unreadable() from exc
        return None

    def rows(self, *, max_columns: int, head: bool = False) -> Iterator[list[object]]:
        """The worksheet's rows in order, each a list of cell values (None where empty), and
        an empty list for each row the file leaves out. A value beyond `max_columns` raises
        XlsxError.

        head=True is the web's quick look: shared strings are not loaded, a row's string cells
        hold a `SharedString(index)` to be resolved with `resolve()`."""
        strings = None if head else self._shared_strings()
        expected = 1
        try:
            with self.archive.open(self.sheet_path) as source:
                parents: list[Element] = []
                in_data = False
                for event, element in _parse(source, ("start", "end")):
                    tag = _local(element.tag)
                    if event == "start":
                        parents.append(element)
                        if tag == "sheetData":
                            in_data = True
                        continue
                    parents.pop()
                    if tag == "sheetData":
                        return
                    parent = parents[-1] if parents else None
                    if in_data and tag == "row":
                        number = _int(element.get("r"), expected)
                        if number < expected:
                            raise _unreadable()
                        while expected < number:
                            expected += 1
                            yield []
                        yield self._row(element, number, strings, max_columns)
                        expected = number + 1
                    elif in_data and tag == "c" and len(parent) > MAX_CELLS_IN_ROW:
                        raise _unreadable()
                    if parent is None:
                        continue
                    if in_data and tag != "row" and _local(parent.tag) != "sheetData":
                        continue  # the parts of a row stay until the row is read
                    parent.remove(element)  # read: let it go
        except READ_ERRORS as exc:
            raise _unreadable() from exc

    def _row(
        self, row: Element, number: int, strings: dict[int, str] | None, max_columns: int
    ) -> list[object]:
        values: list[object] = []
        column = 0
        for cell in row:
            if _local(cell.tag) != "c":
                continue
            reference = cell.get("r")
            match = CELL_REF.match(reference) if reference else None
            column = column_number(match.group(1)) if match else column + 1
            value = self._value(cell, strings)
            if value is None or value == "":
                continue
            if column > max_columns:
                raise _too_wide(number, max_columns)
            values += [None] * (column - len(values))
            values[column - 1] = value
        return values

    def _value(self, cell: Element, strings: dict[int, str] | None) -> object:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            parts = []
            for child in cell:
                if _local(child.tag) == "is":
                    for part in child.iter():
                        if _local(part.tag) == "t":
                            parts.append(part.text or "")
            return "".join(parts) or None
        text = next((c.text for c in cell if _local(c.tag) == "v"), None)
        if text is None or text == "":
            return None
        if kind == "s":
            index = _int(text, -1)
            if strings is None:
                return SharedString(index)
            return strings.get(index, "")
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "n":
            return self._number(text.strip(), _int(cell.get("s"), 0))
        if kind == "d":
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                return text
        return text  # str (a formula's text), e (an error such as #N/A)

    def resolve(self, rows: list[list[object]]) -> list[list[object]]:
        """Replace the SharedString placeholders of a few rows (the web's quick look), reading
        the shared strings only as far as needed."""
        wanted = {v.index for row in rows for v in row if isinstance(v, SharedString)}
        if wanted and max(wanted) > HEAD_STRING_INDEX:
            raise XlsxError(
                _(
                    "The header row of the Excel file could not be read. Open the file in "
                    "Excel or LibreOffice, save it again and upload it."
                )
            )
        strings = self._shared_strings(wanted) if wanted else {}
        return [
            [strings.get(v.index, "") if isinstance(v, SharedString) else v for v in row]
            for row in rows
        ]


class SharedString:
    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _range_size(ref: str) -> tuple[int, int] | None:
    """(rows, columns) from the first row and column to the range's last corner: "B2:C10"
    is (10, 3), as the rows and cells before it are read as empty."""
    corners = ref.upper().split(":")
    matches = [CELL_REF.match(corner.replace("$", "")) for corner in corners]
    if not matches or not all(matches):
        return None
    last = matches[-1]
    return int(last.group(2)), column_number(last.group(1))


def _too_wide(row: int, max_columns: int) -> XlsxError:
    return XlsxError(
        _(
            "Row %(row)s of the sheet has values beyond column %(limit)s; an import has at "
            "most %(limit)s columns. Delete the cells to the right of your data and save the "
            "file again."
        )
        % {"row": row, "limit": max_columns}
    )
