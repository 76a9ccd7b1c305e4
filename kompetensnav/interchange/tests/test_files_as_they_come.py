"""Files as people have them: Swedish and English headers (and survey tools') read as the
contract's columns, CSV in UTF-8 with or without a BOM or in Windows-1252, separated by
commas, semicolons or tabs; the preview says how the file was read."""

import pytest

from kompetensnav.interchange.headers import header_key, read_header
from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import CsvTable, TableError, open_table
from kompetensnav.network.models import Organisation
from tests.tasks import run_queued_tasks

from .test_hostile_uploads import coordinator_client, post_upload  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SWEDISH = "Id;Namn;Typ;Org.nr;Kommun\no1;Lärcentrum Öst;adult_education;;1487\n"


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (SWEDISH.encode("utf-8"), "UTF-8", ";"),
        (b"\xef\xbb\xbf" + SWEDISH.encode("utf-8"), "UTF-8 (BOM)", ";"),
        (SWEDISH.encode("cp1252"), "Windows-1252", ";"),
        (SWEDISH.replace(";", "\t").encode("cp1252"), "Windows-1252", "\t"),
        (SWEDISH.replace(";", ",").encode("utf-8"), "UTF-8", ","),
    ],
)
def test_encodings_and_separators_are_detected(data, encoding, delimiter):
    table = CsvTable(data)
    assert (table.encoding_label, table.delimiter) == (encoding, delimiter)
    (row,) = list(table)
    assert row["namn"] == "Lärcentrum Öst"


def test_a_file_in_neither_encoding_is_refused_with_what_to_do():
    with pytest.raises(TableError, match="Windows-1252"):
        list(CsvTable(b"id,name\n\x81,x\n"))


def test_swedish_headers_are_read_as_the_columns_and_imported():
    table = open_table(SWEDISH.encode("cp1252"), "lista.csv")
    result = run_import(KINDS["organisations"], table)
    assert result.ok, result.errors
    organisation = Organisation.objects.get(external_id="o1")
    assert organisation.name == "Lärcentrum Öst" and organisation.municipality_id == "1487"


@pytest.mark.parametrize(
    ("kind", "cell", "code"),
    [
        ("contacts", "E-postadress", "email"),
        ("contacts", "E-post", "email"),
        ("visits", "Datum inskickat", "date"),
        ("companies", "ORG-NR", "org_number"),
        ("companies", "Antal anställda", "employees"),
        ("attendance", "Deltagare", "participant"),
        ("events", "Deltagare", "participants"),
        ("organisations", "org_number", "org_number"),  # the contract's code as it is
    ],
)
def test_a_header_means_the_kinds_own_column(kind, cell, code):
    reading = read_header(KINDS[kind].column_names(), [cell.lower()])
    assert reading.header == [code] and not reading.problems


def test_two_headers_for_one_column_are_a_header_error():
    table = open_table(b"id,e-post,mejl,organisation,name\nc1,a@x.se,b@x.se,o1,Ada\n", "k.csv")
    result = run_import(KINDS["contacts"], table, dry_run=True)
    assert [(e.column, e.message) for e in result.errors] == [
        ("mejl", "”mejl” och ”e-post” betyder båda kolumnen email: behåll en av dem.")
    ]


def test_header_keys_ignore_case_and_marks():
    assert header_key("Org. nr") == header_key("ORG-NR") == header_key("orgnr")


def test_the_preview_says_how_the_file_was_read(coordinator_client):  # noqa: F811
    response = post_upload(coordinator_client, "lista.csv", SWEDISH.encode("cp1252"))
    assert response.status_code == 302
    run_queued_tasks()
    page = coordinator_client.get(response["Location"]).content.decode()
    # (this client reads the pages in English)
    assert "How the file was read" in page and "Windows-1252" in page and "semicolon" in page
    assert "“org.nr” as <code>org_number</code>" in page
