"""The national-scale benchmark's own parts keep working (bench/national/): the generator loads
a tiny data set into the product's tables by COPY, consistent enough for the product to count
it, and the in-process scenarios measure it. Only correctness here; the timing is
`make bench`'s, never the test suite's."""

import pytest
from django.db import connection

from bench.national import generate as bench_generate
from bench.national import measure
from kompetensnav.figures.registry import Period, compute
from tests.postgres import only_on_postgres

pytestmark = [
    *only_on_postgres("the benchmark loads PostgreSQL by COPY"),
    pytest.mark.django_db,
]


def test_the_generator_loads_a_data_set_the_product_counts():
    bench = bench_generate.generate(0.00001, log=lambda line: None)
    counts = bench.counts
    assert counts["visits"] == 10 and counts["companies"] == 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM visits_visit")
        assert cursor.fetchone()[0] == counts["visits"]
        cursor.execute("SELECT COUNT(*) FROM participants_attendance")
        assert cursor.fetchone()[0] > 0
        # the data keeps the product's rules: no visit to come, no attendance before the start
        cursor.execute("SELECT COUNT(*) FROM visits_visit WHERE date > CURRENT_DATE")
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT COUNT(*) FROM participants_attendance a "
            "JOIN campus_session s ON s.id = a.session_id WHERE s.start > now()"
        )
        assert cursor.fetchone()[0] == 0
    # the product reads what COPY wrote: every visit of the years falls in one of them
    figures = [compute(Period(bench_generate.FIRST_DAY.replace(year=y), bench_generate.FIRST_DAY.replace(year=y, month=12, day=31))) for y in range(2022, 2027)]  # fmt: skip
    assert sum(f["visits"] for f in figures) == counts["visits"]
    assert sum(f["needs"] for f in figures) == counts["needs"]
    assert bench.token and bench.course_id


def test_the_in_process_scenarios_measure_against_their_limits():
    bench_generate.generate(0.00001, log=lambda line: None)
    figures = measure.figures(2025)
    assert figures["queries"] > 0 and figures["compute_ms"] > 0 and figures["sql_ms"] > 0
    for kind in measure.MAKERS:
        imported = measure.import_kind(kind, 5)
        assert imported["import_rows_s"] > 0 and imported["copy_rows_s"] > 0, kind
        assert imported["copy_own_rows_s"] > 0, kind
    with connection.cursor() as cursor:  # what the attendance scenario set up is gone
        cursor.execute("SELECT COUNT(*) FROM campus_session WHERE external_id IS NOT NULL")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT COUNT(*) FROM visits_visit WHERE external_id IS NOT NULL")
        assert cursor.fetchone()[0] == 0
