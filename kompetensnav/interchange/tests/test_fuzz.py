"""A fuzzed import never fails with an exception: every problem becomes a row error."""

import contextlib
import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import TableError, open_table, read_head, read_table

pytestmark = pytest.mark.django_db

cells = st.one_of(
    st.sampled_from(
        ["", "1", "-1", "true", "ja", "2020-01-01", "2020-13-45", "1494", "o1;o2", "=1+1", "SE"]
    ),
    st.text(max_size=30),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(sorted(KINDS)),
    extra_column=st.booleans(),
    rows=st.lists(st.lists(cells, min_size=0, max_size=8), max_size=6),
)
def test_fuzzed_rows_give_errors_not_exceptions(kind, extra_column, rows):
    columns = KINDS[kind].column_names() + (["oväntad"] if extra_column else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row[: len(columns)])
    try:
        table = read_table(buffer.getvalue().encode(), "fuzz.csv")
    except TableError:
        return  # a file-level problem, reported as such
    result = run_import(KINDS[kind], table, dry_run=False)
    if extra_column:
        assert not result.ok
    for error in result.errors:
        assert str(error).startswith(("row ", "header"))


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=200), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes_are_a_table_error_or_a_table(data, suffix):
    with contextlib.suppress(TableError):
        read_table(data, f"fuzz{suffix}")


def _workbook_bytes() -> bytes:
    from openpyxl import Workbook

    workbook, buffer = Workbook(), io.BytesIO()
    workbook.active.append(["id", "name", "kind"])
    workbook.active.append(["o1", "Skolan", "other"])
    workbook.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook_bytes()


@settings(max_examples=80, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(WORKBOOK) - 1),
    junk=st.binary(min_size=1, max_size=8),
)
def test_a_damaged_workbook_is_a_table_error_or_a_table(position, junk):
    """The streaming workbook reader (web head and worker) never fails with anything else."""
    data = WORKBOOK[:position] + junk + WORKBOOK[position + len(junk) :]
    for read in (read_head, open_table):
        with contextlib.suppress(TableError):
            table = read(data, "fuzz.xlsx")
            if read is open_table:
                list(table)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


PARTS = _parts(WORKBOOK)


@settings(max_examples=80, deadline=None)
@given(
    part=st.sampled_from(sorted(PARTS)),
    position=st.floats(min_value=0, max_value=1),
    insert=st.sampled_from(
        [b"<", b">", b'"', b"</row>", b'<row r="0"/>', b'<c r="ZZZZ1"/>', b"&bogus;", b"\x00"]
    )
    | st.binary(max_size=12),
    cut=st.integers(min_value=0, max_value=20),
)
def test_a_workbook_with_broken_xml_is_a_table_error_or_a_table(part, position, insert, cut):
    text = PARTS[part]
    at = int(position * len(text))
    parts = {**PARTS, part: text[:at] + insert + text[at + cut :]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    for read in (read_head, open_table):
        with contextlib.suppress(TableError):
            table = read(buffer.getvalue(), "fuzz.xlsx")
            if read is open_table:
                list(table)


TOO_LARGE = [
    # a number the column's database type cannot keep: a row error, not a database error
    ("companies", "id,name,org_number,country,employees\nc1,Firma,,DK,9999999999\n", "employees"),
    ("events", "id,kind,date,participants\ne1,conference,2025-03-01,2147483648\n", "participants"),
    ("projects", "id,name,funder,budget_sek\np1,Projekt,esf,1000000000000\n", "budget_sek"),
    ("projects", "id,name,funder,granted_places_staff\np1,Projekt,esf,99999999999\n",
     "granted_places_staff"),
    ("attendance", "id,session,participant,hours\na1,s1,p1,1000\n", "hours"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "content", "column"), TOO_LARGE)
def test_a_number_too_large_for_its_column_is_a_row_error(kind, content, column):
    result = run_import(KINDS[kind], read_table(content.encode(), "f.csv"))
    assert (1, column) in [(e.row, e.column) for e in result.errors], result.errors
