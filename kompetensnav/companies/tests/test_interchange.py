"""The `companies` kind: every validation rule, round trip and idempotency."""

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.companies.models import Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

HEADER = "id,name,org_number,sni,municipality,country,employees\n"
GOOD = (
    HEADER + "c1,Vänerns Möbelsnickeri AB,165560360793,31.0,1494,,35\n"
    "c2,Fjord Turisme AS,,55,,NO,4\n"
    "c3,Kustbris Hotell AB,556677-8899,I,1427,SE,\n"
)


def write(tmp_path, text: str, name: str = "c.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(kind: str, path, *extra) -> CommandError | None:
    try:
        call_command("import", kind, str(path), *extra)
    except CommandError as exc:
        return exc
    return None


def errors_of(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("row ")]


def test_companies_import_normalises_and_looks_up(tmp_path):
    assert run("companies", write(tmp_path, GOOD)) is None
    mobel = Company.objects.get(external_id="c1")
    assert (mobel.org_number, mobel.sni_id, mobel.municipality_id) == ("556036-0793", "31", "1494")
    assert mobel.employees == 35 and mobel.country_id == "SE"
    fjord = Company.objects.get(external_id="c2")
    assert (fjord.org_number, fjord.country_id, fjord.sni_id) == ("", "NO", "55")
    assert Company.objects.get(external_id="c3").sni_id == "I"


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("c9,X AB,556036-0794,,,,", "org_number", "check digit"),
        ("c9,X AB,12345,,,,", "org_number", "10 digits"),
        ("c9,X AB,,,,SE,", "org_number", "Swedish company"),
        ("c9,X AB,556036-0793,04,,,", "sni", "SNI"),
        ("c9,X AB,556036-0793,,9999,,", "municipality", "municipality"),
        ("c9,X AB,556036-0793,,,XX,", "country", "country"),
        ("c9,X AB,556036-0793,,,,-3", "employees", "at least 0"),
        ("c9,X AB,556036-0793,,,,många", "employees", "whole number"),
        ("c9,,556036-0793,,,,", "name", "required"),
    ],
)
def test_companies_import_reports_each_rule(tmp_path, capsys, row, column, fragment):
    error = run("companies", write(tmp_path, HEADER + row + "\n"))
    assert error is not None
    lines = errors_of(capsys)
    assert any(line.startswith(f"row 1, column {column}:") for line in lines), lines
    assert fragment.lower() in " ".join(lines).lower()
    assert not Company.objects.exists()


def test_companies_import_org_number_column_is_required(tmp_path, capsys):
    assert run("companies", write(tmp_path, "id,name,country\nc1,Fjord AS,NO\n")) is not None
    assert "column org_number" in capsys.readouterr().err


def test_companies_import_duplicate_org_number_of_another_company(tmp_path, capsys):
    CompanyFactory(name="Redan AB", org_number="556036-0793", external_id="old")
    assert run("companies", write(tmp_path, HEADER + "c1,Ny AB,5560360793,,,,\n")) is not None
    assert "row 1, column org_number:" in capsys.readouterr().err


def test_companies_import_is_idempotent_and_round_trips(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    run("companies", path)
    first = list(Company.objects.values().order_by("external_id"))
    run("companies", path)
    assert "created 0, updated 3" in capsys.readouterr().out
    again = list(Company.objects.values().order_by("external_id"))
    assert [{k: v for k, v in r.items() if k != "updated"} for r in again] == [
        {k: v for k, v in r.items() if k != "updated"} for r in first
    ]
    exported = tmp_path / "out.xlsx"
    call_command("export", "companies", str(exported))
    Company.objects.all().delete()
    assert run("companies", exported) is None
    assert sorted(Company.objects.values_list("external_id", "org_number", "sni_id")) == [
        ("c1", "556036-0793", "31"),
        ("c2", "", "55"),
        ("c3", "556677-8899", "I"),
    ]
