"""A fuzzed import never fails with an exception: every problem becomes a row error."""

import contextlib
import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import TableError, read_table

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
