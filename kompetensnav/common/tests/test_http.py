"""The one way a file leaves the site: common.http.download, and for tables
interchange.tables.table_download (formula-safe cells)."""

import io

import openpyxl
import pytest

from kompetensnav.common.http import XLSX_TYPE, download
from kompetensnav.interchange.tables import table_bytes, table_download


def test_download_takes_its_type_from_the_extension_and_names_the_file():
    response = download(b"%PDF-1.7", "intyg-Åsa.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"intyg-Asa.pdf\"; filename*=UTF-8''intyg-%C3%85sa.pdf"
    )
    assert response.getvalue() == b"%PDF-1.7" and not response.has_header("Cache-Control")


def test_download_inline_with_cache_control():
    response = download("BEGIN:VCALENDAR", "kurs.ics", attachment=False, cache_control="no-store")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline; ")
    assert response["Cache-Control"] == "no-store"


def test_download_of_an_unknown_extension_needs_a_type():
    with pytest.raises(ValueError):
        download(b"", "data.bin")
    assert download(b"", "data.bin", content_type="application/octet-stream").status_code == 200


def test_table_download_csv_has_a_bom_and_formula_safe_cells():
    response = table_download("lista.csv", ["Namn"], [['=HYPERLINK("x")'], ["Åsa"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeffNamn\r\n")
    assert "'=HYPERLINK" in text and "Åsa" in text


def test_table_download_streams_rows_as_they_are_read(monkeypatch):
    """The rows are an iterator read while the response is sent, a chunk at a time: a
    download of millions of rows never holds them all."""
    from kompetensnav.interchange import tables

    monkeypatch.setattr(tables, "CHUNK_ROWS", 2)
    read = []

    def rows():
        for n in range(5):
            read.append(n)
            yield [f"Rad {n}"]

    response = table_download("lista.csv", ["Namn"], rows())
    assert response.streaming and read == []  # nothing read before it is sent
    chunks = iter(response.streaming_content)
    first = next(chunks).decode("utf-8")
    assert first == "\ufeffNamn\r\nRad 0\r\nRad 1\r\n" and read == [0, 1]
    rest = b"".join(chunks).decode("utf-8")
    assert rest == "Rad 2\r\nRad 3\r\nRad 4\r\n" and read == [0, 1, 2, 3, 4]


def test_table_download_xlsx_is_a_workbook_with_formula_safe_cells():
    response = table_download("lista.xlsx", ["Namn"], [["+46 70"]], cache_control="no-store")
    assert response["Content-Type"] == XLSX_TYPE and response["Cache-Control"] == "no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert [c.value for c in sheet[2]] == ["'+46 70"]  # no notes: the table starts at A1


def test_table_bytes_csv_and_xlsx_hold_the_same_rows():
    rows = [["a", 1], ["b", 2]]
    csv_text = table_bytes("t.csv", ["k", "v"], rows).decode("utf-8-sig")
    assert csv_text.splitlines() == ["k,v", "a,1", "b,2"]
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes("t.xlsx", ["k", "v"], rows))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["k", "v"],
        ["a", 1],  # numbers stay numbers
        ["b", 2],
    ]
