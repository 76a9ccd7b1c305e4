"""The competence analysis from the command line: a region by name or code, the PDF read back
with pdftotext, the XLSX with openpyxl (typed cells, notes, charts), clear errors.

Data: in 2025, a hotel in Sotenäs (Fyrbodal) with needs in Sociala medier (now) and
Kundbemötande, a workshop in Lidköping (Skaraborg) with CNC; a published course in Sociala
medier with 12 places at a Fyrbodal site; six women and a man registered for it."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from kompetensnav.reports.competence import RegionError, resolve_region
from tests import spreadsheets

from .test_annual import needs_pdftotext, pdf_text

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("Fyrbodal", "subregion", "fyrbodal"),
        ("fyrbodal", "subregion", "fyrbodal"),
        ("1494", "municipality", "1494"),
        ("lidköping", "municipality", "1494"),
        ("", "network", ""),
        (None, "network", ""),
    ],
)
def test_a_region_by_name_identifier_or_code(text, kind, key):
    region = resolve_region(text)
    assert (region.kind, region.key) == (kind, key)


def test_an_unknown_region_says_what_to_write():
    with pytest.raises(RegionError, match="SCB"):
        resolve_region("Atlantis")


def _write(tmp_path, name, **options):
    output = tmp_path / name
    call_command(
        "report", "competence-analysis", "--from", "2025-01-01", "--to", "2025-12-31",
        "--output", str(output), *[f"--{k}={v}" for k, v in options.items()], verbosity=0,
    )  # fmt: skip
    return output.read_bytes()


@needs_pdftotext
def test_pdf_of_a_subregion(competence_data, tmp_path):
    text = pdf_text(_write(tmp_path, "analys.pdf", region="Fyrbodal"), tmp_path)
    assert "Kompetensanalys 2025" in text and "Fyrbodal" in text
    assert "Innehåll" in text and "Fokusområden" in text and "Utbud mot efterfrågan" in text
    assert "Sociala medier" in text and "Kundbemötande" in text
    assert "CNC-operatörer" not in text  # Skaraborg's need is not Fyrbodal's
    assert "Kvinnor och män bland deltagarna" in text and "< 5" in text  # one man
    assert "GAP-analys över tid" in text
    assert "2 / " in text  # page numbers


@needs_pdftotext
def test_pdf_in_english_for_the_network(competence_data, tmp_path):
    text = pdf_text(_write(tmp_path, "analysis.pdf", language="en"), swedish=False)
    assert "Competence analysis 2025" in text and "The whole network" in text
    assert "CNC-operatörer" in text and "Focus areas" in text


def test_texts_from_files_open_and_close_the_workbook(competence_data, tmp_path):
    introduction = tmp_path / "inledning.txt"
    introduction.write_text("\ufeffFörsta stycket.\n\nAndra stycket.", encoding="utf-8")
    conclusions = tmp_path / "slutsatser.txt"
    conclusions.write_text("Satsa på sociala medier.", encoding="utf-8")
    book = spreadsheets.workbook(_write(tmp_path, "analys.xlsx", introduction=introduction,
                                        conclusions=conclusions))  # fmt: skip
    rows = spreadsheets.table(book["Inledning och slutsatser"])[1]
    assert [tuple(r[:2]) for r in rows] == [
        ("Inledning", "Första stycket."), ("Inledning", "Andra stycket."),
        ("Slutsatser", "Satsa på sociala medier."),
    ]  # fmt: skip
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Växjö".encode("cp1252"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _write(tmp_path, "analys.xlsx", introduction=latin1)
    with pytest.raises(CommandError, match="Cannot read --conclusions"):
        _write(tmp_path, "analys.xlsx", conclusions=tmp_path / "saknas.txt")


def test_xlsx_has_typed_sheets_with_the_region_and_charts(competence_data, tmp_path):
    book = spreadsheets.workbook(_write(tmp_path, "analys.xlsx", region="1485"))
    assert book.sheetnames == [
        "Sammanfattning", "Fokusområden", "Uppdelningar", "Över tid", "GAP-analys", "Länder",
        "Utbud mot efterfrågan", "Kvinnor och män",
    ]  # fmt: skip
    notes = spreadsheets.notes(book["Fokusområden"])
    assert notes["Region"] == "Uddevalla" and notes["Från"].date() == date(2025, 1, 1)
    # Uddevalla: no needs, but the course with its site there
    offer = {row[0]: row for row in spreadsheets.table(book["Utbud mot efterfrågan"])[1]}
    assert offer["Sociala medier"][1:7] == (0, 0, 0, 1, 12, 1)
    assert book["Över tid"]._charts  # drawn by Excel


def test_xlsx_of_the_network_hides_small_gender_cells(competence_data, tmp_path):
    book = spreadsheets.workbook(_write(tmp_path, "analys.xlsx"))
    rows = spreadsheets.table(book["Kvinnor och män"])[1]
    area = next(r for r in rows if r[1] == "Sociala medier")
    assert area[2:6] == (6, "< 5", "< 5", 7)  # women, one man hidden, the total shown
    focus = spreadsheets.table(book["Fokusområden"])[1]
    assert {r[1] for r in focus} == {"Sociala medier", "Kundbemötande", "CNC-operatörer"}
    assert all(isinstance(r[5], (int, float)) for r in focus)  # the score: a number


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--output", "x.docx"], "must end in .pdf or .xlsx"),
        (["--output", "x.pdf", "--region", "Atlantis"], "SCB"),
    ],
)
def test_clear_errors(db, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "report", "competence-analysis", "--from", "2025-01-01", "--to", "2025-12-31",
            *[str(tmp_path / o) if o.startswith("x.") else o for o in options],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [("2025-13-01", "2025-12-31", "YYYY-MM-DD"), ("2025-06-01", "2025-01-01", "before")],
)
def test_clear_date_errors(db, tmp_path, start, end, message):
    with pytest.raises(CommandError, match=message), override("en"):
        call_command(
            "report", "competence-analysis", "--from", start, "--to", end,
            "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip
