"""The one writer of every spreadsheet: typed cells, notes at the top, a frozen and
filterable header, widths, totals, native charts, formula-safe text. Read back with openpyxl."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from kompetensnav.interchange.spreadsheet import (
    Block,
    Chart,
    Column,
    Sheet,
    sheet_title,
    workbook_bytes,
)
from kompetensnav.interchange.tables import table_bytes
from tests import spreadsheets


def _book(*sheets):
    return spreadsheets.workbook(workbook_bytes(list(sheets)))


def test_cells_keep_their_type_and_get_a_number_format():
    book = _book(
        Sheet(
            title="Typer",
            columns=["Text", "Heltal", "Decimal", Column("Andel", percent=True), "Datum", "Tid"],
            rows=[
                [
                    "Svetsning",
                    1204,
                    Decimal("12.25"),
                    0.25,
                    date(2026, 3, 4),
                    datetime(2026, 3, 4, 9, 30, tzinfo=ZoneInfo("UTC")),
                ],
                ["", None, 2.5, Decimal("0.5"), None, None],
            ],
        )
    )
    sheet = book.active
    header, rows = spreadsheets.table(sheet)
    assert header == ("Text", "Heltal", "Decimal", "Andel", "Datum", "Tid")
    first = rows[0]
    assert first[0] == "Svetsning"
    assert first[1] == 1204 and type(first[1]) is int
    assert first[2] == 12.25
    assert first[3] == 0.25
    assert first[4] == datetime(2026, 3, 4)  # openpyxl reads a date cell as a datetime
    assert first[5] == datetime(2026, 3, 4, 10, 30)  # local time (UTC+1 in March)
    assert sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == "#,##0.00"
    assert sheet["D2"].number_format == "0.0%"
    assert sheet["E2"].number_format == "yyyy-mm-dd"
    assert sheet["F2"].number_format == "yyyy-mm-dd hh:mm"
    assert rows[1][1] is None and rows[1][4] is None


def test_notes_come_first_then_a_frozen_bold_filterable_header():
    book = _book(
        Sheet(
            title="Behov",
            columns=["Område", "Antal"],
            rows=[["CNC", 3], ["Svetsning", 2]],
            notes=[("Från", date(2026, 1, 1)), ("Till", date(2026, 6, 30)), ("Bransch", "C")],
        )
    )
    sheet = book.active
    assert sheet.title == "Behov"
    assert spreadsheets.notes(sheet) == {
        "Från": datetime(2026, 1, 1),
        "Till": datetime(2026, 6, 30),
        "Bransch": "C",
    }
    assert sheet["A5"].value == "Område" and sheet["A5"].font.b
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:B7"


def test_a_table_without_notes_starts_at_the_first_row():
    sheet = _book(Sheet(title="t", columns=["id", "name"], rows=[["a", "b"]])).active
    assert [c.value for c in sheet[1]] == ["id", "name"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B2"


def test_summed_columns_get_a_totals_row():
    with translation.override("sv"):
        sheet = _book(
            Sheet(
                title="Timmar",
                columns=["Namn", Column("Jan", total=True), Column("Feb", total=True), "Not"],
                rows=[["A", Decimal("2.5"), 3, "x"], ["B", 1, None, "y"], ["C", 1, "–", ""]],
            )
        ).active
    _header, rows = spreadsheets.table(sheet)
    assert rows[-1] == ("Totalt", 4.5, 3, None)
    assert sheet.auto_filter.ref == "A1:D4"  # the totals row is outside the filter


def test_columns_are_as_wide_as_their_content_within_limits():
    sheet = _book(
        Sheet(
            title="w",
            columns=["a", "En lång rubrik", "c", Column("d", width=40)],
            rows=[["x", 1, "y" * 500, ""]],
        )
    ).active
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert widths["A"] == 8  # the smallest
    assert widths["B"] == len("En lång rubrik") + 2
    assert widths["C"] == 60  # the largest
    assert widths["D"] == 40  # as the column says


def test_text_that_looks_like_a_formula_stays_text():
    sheet = _book(
        Sheet(
            title="=evil",
            columns=["=SUM(A1)", "b"],
            rows=[['=HYPERLINK("http://x.example")', "+46 70"], ["@x", "-1"]],
            notes=[("=note", "=value")],
        )
    ).active
    texts = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert texts and not [t for t in texts if t.startswith(("=", "+", "-", "@"))]


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_title("Nätverk: år/kvartal", taken) == "Nätverk  år kvartal"
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
    assert sheet_title("", taken) in {"Sheet", "Blad"}


def test_blocks_below_and_native_charts():
    book = _book(
        Sheet(
            title="Nätverk",
            columns=["Nyckeltal", "2025"],
            rows=[["Medlemmar", 12]],
            below=[
                Block(
                    title="Per månad",
                    columns=["", "2024", "2025"],
                    rows=[["Jan", 1, 2], ["Feb", 0, 3]],
                    charts=[Chart(title="Per månad", categories=0, values=(1, 2), kind="column")],
                )
            ],
            charts=[Chart(title="Nyckeltal", categories=0, values=(1,))],
        )
    )
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[:2] == [("Nyckeltal", "2025", None), ("Medlemmar", 12, None)]
    assert ("Per månad", None, None) in rows
    assert ("Feb", 0, 3) in rows
    assert len(sheet._charts) == 2


def test_an_empty_table_is_still_a_table():
    sheet = _book(Sheet(title="tom", columns=["a", Column("b", total=True)], rows=[])).active
    assert sheet.auto_filter.ref == "A1:B1"
    assert [c.value for c in sheet[1]] == ["a", "b"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("3.00"), "3"),
        (Decimal("2.50"), "2.5"),
        (Decimal("1E+1"), "10"),
        (date(2026, 1, 2), "2026-01-02"),
        (True, "true"),
        (None, ""),
        ("=1+1", "'=1+1"),
    ],
)
def test_csv_writes_the_contract_text(value, text):
    content = table_bytes("t.csv", ["v"], [[value]], notes=[("Från", "ignored")])
    lines = content.decode("utf-8-sig").splitlines()
    assert lines == ["v", text] or lines == ["v", f'"{text}"']


def test_table_bytes_xlsx_carries_title_and_notes():
    content = table_bytes(
        "needs.xlsx", ["Område", "Antal"], [["CNC", 3]], title="Behov", notes=[("Period", "2026")]
    )
    sheet = spreadsheets.workbook(content).active
    assert sheet.title == "Behov"
    assert spreadsheets.notes(sheet) == {"Period": "2026"}
    assert spreadsheets.table(sheet) == (("Område", "Antal"), [("CNC", 3)])


def test_many_rows_are_streamed():
    rows = ([f"r{i}", i] for i in range(20_000))
    sheet = _book(Sheet(title="big", columns=["a", Column("n", total=True)], rows=rows)).active
    assert sheet.max_row == 20_002
    assert sheet.cell(row=20_002, column=2).value == sum(range(20_000))
