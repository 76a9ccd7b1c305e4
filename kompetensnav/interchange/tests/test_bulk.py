"""Imports that write in bulk: a batch is checked and written with a few queries whatever
its size, still all or nothing with every bad row named, still idempotent, and recorded in
the audit log once per import (with the records it touched), not once per row."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetensnav.companies.models import Company
from kompetensnav.interchange import importer
from kompetensnav.interchange.kinds import pk_ranges
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

COMPANIES = "id,name,org_number,sni,municipality,country,employees\n"


def _luhn(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 - i % 2)
        total += d - 9 if d > 9 else d
    return nine + str((10 - total % 10) % 10)


def org_number(nine: str) -> str:
    ten = _luhn(nine)
    return f"{ten[:6]}-{ten[6:]}"


def companies(n: int, start: int = 0) -> bytes:
    rows = "".join(
        f"c{i},Företag {i} AB,{_luhn(f'55{i:07d}')},25,1494,SE,{i % 50}\n"
        for i in range(start, start + n)
    )
    return (COMPANIES + rows).encode()


def run(kind: str, content: bytes, **options):
    return importer.run_import(KINDS[kind], open_table(content, f"{kind}.csv"), **options)


def queries_of(kind: str, content: bytes, **options) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = run(kind, content, **options)
    assert result.ok, result.errors[:3]
    return len(queries)


def test_a_bulk_import_costs_the_same_queries_for_ten_rows_as_for_a_batch(monkeypatch):
    monkeypatch.setattr(importer, "BATCH_ROWS", 200)
    queries_of("companies", companies(1, start=9000))  # what is read once per process
    few = queries_of("companies", companies(10))
    many = queries_of("companies", companies(200, start=1000))
    assert many == few, (few, many)
    two_batches = queries_of("companies", companies(400, start=5000))
    assert two_batches - many <= 6  # a batch more: its lookups and its one insert
    assert Company.objects.count() == 611


def test_a_bulk_import_updates_by_id_and_is_idempotent():
    assert run("companies", companies(30)).ok
    first = list(Company.objects.order_by("external_id").values("pk", "external_id", "name"))
    again = run("companies", companies(30).replace("Företag 3 AB".encode(), b"Nytt namn AB"))
    assert again.ok and len(again.updated) == 30 and not again.created
    now = list(Company.objects.order_by("external_id").values("pk", "external_id", "name"))
    assert [r["pk"] for r in now] == [r["pk"] for r in first]
    assert Company.objects.get(external_id="c3").name == "Nytt namn AB"


def test_a_bulk_import_is_audited_once_with_what_it_touched(coordinator):
    CompanyFactory(external_id="c0", name="Gammalt AB", org_number=org_number("550000000"))
    before = LogEntry.objects.count()
    result = run("companies", companies(25), actor=coordinator)
    assert result.ok
    entries = list(LogEntry.objects.order_by("pk")[before:])
    assert len(entries) == 1  # not one per row
    entry = entries[0]
    assert entry.content_type.model_class() is Company
    assert entry.actor == coordinator
    assert entry.additional_data["import"] == "companies"
    pks = dict(Company.objects.values_list("external_id", "pk"))
    assert entry.additional_data["updated"] == [[pks["c0"], pks["c0"]]]
    created = sorted(pk for external_id, pk in pks.items() if external_id != "c0")
    assert entry.additional_data["created"] == pk_ranges(created)
    assert "24" in entry.object_repr and "1" in entry.object_repr


def test_pk_ranges_join_consecutive_ids():
    assert pk_ranges([5, 1, 2, 3, 9, 10, 7]) == [[1, 3], [5, 5], [7, 7], [9, 10]]
    assert pk_ranges([]) == []


def test_a_number_given_twice_in_the_file_is_found_by_the_check():
    twice = companies(3) + f"c9,Kopia AB,{_luhn('550000001')},,,SE,\n".encode()
    result = run("companies", twice, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(4, "org_number")]
    assert "Row 2" in result.errors[0].message or "Rad 2" in result.errors[0].message
    assert not Company.objects.exists()


def test_a_clash_the_check_did_not_see_names_its_row_and_writes_nothing(monkeypatch):
    """A company written by someone else between the check and the write: the batch is
    refused by the database, written again a row at a time to name the row, and rolled
    back whole."""
    CompanyFactory(external_id="web", org_number=org_number("550000002"))
    monkeypatch.setattr(KINDS["companies"].__class__, "check_rows", lambda self, rows, c: {})
    result = run("companies", companies(3))
    assert [(e.row, e.column) for e in result.errors] == [(3, "org_number")]
    assert list(Company.objects.values_list("external_id", flat=True)) == ["web"]
