"""Uploads built to exhaust a web worker (issue 10, point 5): the web process reads only the
head of a file and answers at once, with a clear error or a job queued for the worker; the
worker reads every row as a stream and stops at the limits. Memory is measured with
tracemalloc (the bound is what a web worker may spend on one request), not time."""

import io
import tracemalloc
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from kompetensnav.interchange import tables
from kompetensnav.interchange.models import ImportJob
from kompetensnav.interchange.services import job_table
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
WEB_PEAK = 50 * MB
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>name</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>kind</t></is></c></row>'
)


def workbook(sheet_rows, *, dimension: str | None = None) -> bytes:
    """A minimal .xlsx whose first sheet has the header id, name, kind and then whatever
    `sheet_rows` yields (XML text, written a chunk at a time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
            '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(f"<sheetData>{HEADER_ROW}".encode())
            for chunk in sheet_rows:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def empty_rows(count: int, chunk: int = 100_000):
    """Rows without a number (each is the next one) and without cells."""
    for start in range(0, count, chunk):
        yield "<row/>" * min(chunk, count - start)


def unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(m.file_size for m in archive.infolist())


@pytest.fixture(scope="module")
def million_empty_rows() -> bytes:
    """The file of the issue: well under a megabyte, 1.6 million empty rows unpacked."""
    return workbook(empty_rows(1_600_000))  # some 20 kB


@pytest.fixture
def coordinator_client(client_for, coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    client = client_for(coordinator)
    client.get(reverse("interchange:upload"))  # URLs and templates loaded: not measured
    return client


def measured(call):
    """(what call() returns, the peak of memory allocated meanwhile)."""
    tracemalloc.start()
    try:
        result = call()
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def post_upload(client, name: str, content: bytes, kind: str = "organisations"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("interchange:upload"),
            {"kind": kind, "file": SimpleUploadedFile(name, content)},
        )


def test_hostile_workbook_declaring_its_rows_is_refused_by_the_web_at_once(
    coordinator_client, million_empty_rows
):
    data = workbook(empty_rows(200), dimension="A1:C1600000")
    response, peak = measured(lambda: post_upload(coordinator_client, "tom.xlsx", data))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "The sheet's used range has 1,600,000 rows; an import takes at most 100,000." in html
    assert "delete the empty rows below your data" in html
    assert peak < WEB_PEAK
    assert not ImportJob.objects.exists()


def test_hostile_workbook_of_a_million_empty_rows_is_queued_then_refused_by_the_worker(
    coordinator_client, million_empty_rows
):
    """No dimension to go by: the web reads the header and a thousand empty rows, queues the
    check and answers; the worker stops reading at twice the row limit."""
    assert len(million_empty_rows) < MB and unpacked_size(million_empty_rows) > 9 * MB
    response, peak = measured(
        lambda: post_upload(coordinator_client, "tom.xlsx", million_empty_rows)
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.UPLOADED
    assert peak < WEB_PEAK

    checked, worker_peak = measured(run_queued_tasks)
    assert checked == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID and job.rows == 0
    assert job.message == (
        "The file has more than 200,000 rows, most of them empty. Delete the empty rows (for "
        "example below your data) and save it again."
    )
    assert bytes(job.content) == b""  # nothing to preview: the file goes at once
    assert worker_peak < WEB_PEAK  # the worker streams too
    html = coordinator_client.get(reverse("interchange:job", args=[job.pk])).content.decode()
    assert 'id="import-file-error">The file has more than 200,000 rows' in html
    assert "0 problems were found" not in html


def test_workbook_whose_one_row_is_far_down_is_refused_by_the_worker(coordinator_client):
    """A tiny file: one row numbered 1,600,000 is read as 1.6 million rows by spreadsheet
    readers (the rows before it are empty)."""
    data = workbook(['<row r="1600000"><c r="A1600000"><v>1</v></c></row>'])
    assert len(data) < 2000
    response = post_upload(coordinator_client, "langt-ner.xlsx", data)
    assert response.status_code == 302
    run_queued_tasks()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert "more than 200,000 rows, most of them empty" in job.message


@pytest.mark.parametrize(
    ("dimension", "message"),
    [
        (
            "A1:XFD10",
            "The sheet's used range is 16,384 columns wide; an import takes at most 50.",
        ),
        ("A1:AX100000", "The sheet's used range has 5,000,000 cells;"),
    ],
)
def test_workbook_declaring_too_many_columns_or_cells_is_refused_by_the_web(
    coordinator_client, dimension, message
):
    data = workbook(['<row r="2"><c r="A2"><v>1</v></c></row>'], dimension=dimension)
    response = post_upload(coordinator_client, "bred.xlsx", data)
    assert response.status_code == 200 and message in unescape(response.content.decode())
    assert not ImportJob.objects.exists()


def test_workbook_with_a_value_beyond_the_last_column_is_refused(coordinator_client):
    """Seen by the web in the first rows; further down, by the worker."""
    far = '<row><c t="inlineStr"><is><t>o1</t></is></c><c r="BZ{n}"><v>7</v></c></row>'
    response = post_upload(coordinator_client, "bred.xlsx", workbook([far.format(n=2)]))
    message = "Row 2 of the sheet has values beyond column 50; an import has at most 50 columns."
    assert response.status_code == 200 and message in response.content.decode()

    rows = ["<row/>" * 2000, far.format(n=2002)]
    response = post_upload(coordinator_client, "bred.xlsx", workbook(rows))
    assert response.status_code == 302
    run_queued_tasks()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.message.startswith("Row 2002 of the sheet has values beyond column 50;")


def test_csv_of_a_million_rows_is_queued_by_the_web_and_refused_by_the_worker(
    coordinator_client,
):
    data = b"id,name,kind\n" + b"x,y,other\n" * 1_000_000
    assert len(data) < 11 * MB
    response, peak = measured(lambda: post_upload(coordinator_client, "stor.csv", data))
    assert response.status_code == 302 and peak < WEB_PEAK
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.UPLOADED

    _checked, worker_peak = measured(run_queued_tasks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert job.message == (
        "The file has more than 100,000 rows; an import takes at most 100,000. Split it into "
        "several files and import them one after the other."
    )
    assert worker_peak < WEB_PEAK


def test_web_reads_only_the_head_of_a_csv(coordinator_client):
    """A byte that is neither UTF-8 nor Windows-1252 far down the file: the web does not see
    it, the worker does."""
    data = b"id,name,kind\n" + b"o1,Skolan,other\n" * 20_000 + b"o2,Sk\x81lan,other\n"
    response = post_upload(coordinator_client, "latin1.csv", data)
    assert response.status_code == 302
    run_queued_tasks()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.message == (
        "The CSV file is neither UTF-8 nor Windows-1252 text. Save it from Excel as “CSV UTF-8”."
    )


def test_preview_of_the_largest_file_reads_only_up_to_its_page(coordinator_client, coordinator):
    rows = tables.MAX_IMPORT_ROWS
    content = b"id,name,kind\n" + b"".join(
        b"o%d,Organisation %d,other\n" % (i, i) for i in range(1, rows + 1)
    )
    job = ImportJob.objects.create(
        kind="organisations",
        filename="stor.csv",
        content=content,
        size=len(content),
        uploaded_by=coordinator,
        status=ImportJob.Status.VALID,
        rows=rows,
        result={"created": [f"o{i}" for i in range(1, rows + 1)], "updated": [], "errors": []},
    )
    url = reverse("interchange:job", args=[job.pk])
    response, peak = measured(lambda: coordinator_client.get(url, {"page": 1000}))
    html = response.content.decode()
    assert 'id="row-100000"' in html and "Organisation 99901" in html
    assert 'id="row-99900"' not in html
    assert "Would create 100,000 records" in html
    assert peak < WEB_PEAK


@pytest.mark.parametrize("rows", [5, 6])
def test_row_limit_of_one_import_is_stated_in_the_error(
    coordinator_client, monkeypatch, rows, tmp_path
):
    monkeypatch.setattr(tables, "MAX_IMPORT_ROWS", 5)
    text = "id,name,kind\n" + "".join(f"r{i},Organisation {i},other\n" for i in range(rows))
    post_upload(coordinator_client, "rader.csv", text.encode())
    run_queued_tasks()
    job = ImportJob.objects.get()
    path = tmp_path / "rader.csv"
    path.write_text(text, encoding="utf-8")
    if rows == 5:
        assert job.status == ImportJob.Status.VALID and job.rows == 5
        call_command("import", "organisations", str(path), "--dry-run")
        return
    assert job.status == ImportJob.Status.INVALID
    assert job.message.startswith("The file has more than 5 rows; an import takes at most 5.")
    with pytest.raises(CommandError, match="an import takes at most 5"):
        call_command("import", "organisations", str(path))


def test_stored_csv_is_read_row_by_row(coordinator):
    """job_table never holds the file's rows: each pass reads them again from the bytes."""
    content = b"id,name,kind\no1,A,other\n\no2,B,other\n"
    job = ImportJob.objects.create(
        kind="organisations", filename="a.csv", content=content, status=ImportJob.Status.VALID
    )
    table = job_table(job)
    assert not hasattr(table, "rows")
    assert [r["id"] for r in table] == ["o1", "o2"] == [r["id"] for r in table]
