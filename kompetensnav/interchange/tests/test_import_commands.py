"""The interchange contract from the command line: CSV (comma, semicolon, BOM), XLSX,
all-or-nothing, idempotency, every validation rule with a failing row, round trips."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from kompetensnav.network.models import Collaboration, Contact, Event, Membership, Organisation

pytestmark = pytest.mark.django_db

ORGS = (
    "id,name,kind,org_number,municipality,country\n"
    "o1,Lärcentrum Lidköping,learning_centre,212000-1561,1494,SE\n"
    "o2,Vuxenutbildningen Borås,adult_education,,1490,\n"
    "o3,Dansk partner,other,,,DK\n"
)


def write(tmp_path, name: str, text: str, *, bom: bool = False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def run_import(kind, path, *extra):
    try:
        call_command("import", kind, str(path), *extra)
    except CommandError as exc:
        return exc
    return None


def errors_of(capsys) -> list[str]:
    return [
        line for line in capsys.readouterr().err.splitlines() if line.startswith(("row ", "header"))
    ]


def test_import_organisations_csv_comma(tmp_path):
    assert run_import("organisations", write(tmp_path, "o.csv", ORGS)) is None
    lidkoping = Organisation.objects.get(external_id="o1")
    assert lidkoping.municipality.name == "Lidköping"
    assert lidkoping.subregion.slug == "skaraborg"
    assert Organisation.objects.get(external_id="o2").country_id == "SE"
    assert Organisation.objects.get(external_id="o3").country_id == "DK"


def test_import_semicolon_csv_with_bom_and_any_column_case_and_order(tmp_path):
    text = "ID;Kind;NAME\no1;learning_centre;Lärcentrum Hjo\n"
    assert run_import("organisations", write(tmp_path, "o.csv", text, bom=True)) is None
    assert Organisation.objects.get(external_id="o1").name == "Lärcentrum Hjo"


def test_import_xlsx_first_sheet(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "name", "kind", "municipality"])
    sheet.append(["o1", "Lärcentrum Tibro", "learning_centre", 1472])
    workbook.create_sheet("ignored").append(["nothing"])
    path = tmp_path / "o.xlsx"
    workbook.save(path)
    assert run_import("organisations", path) is None
    assert Organisation.objects.get(external_id="o1").municipality_id == "1472"


def test_import_is_idempotent_on_id(tmp_path, capsys):
    path = write(tmp_path, "o.csv", ORGS)
    run_import("organisations", path)
    first = list(Organisation.objects.values().order_by("external_id"))
    capsys.readouterr()
    run_import("organisations", path)
    assert "created 0, updated 3" in capsys.readouterr().out
    again = list(Organisation.objects.values().order_by("external_id"))
    assert again == first


def test_import_updates_an_existing_row(tmp_path):
    run_import("organisations", write(tmp_path, "a.csv", ORGS))
    run_import("organisations", write(tmp_path, "b.csv", "id,name,kind\no1,Nytt namn,network\n"))
    changed = Organisation.objects.get(external_id="o1")
    assert (changed.name, changed.kind) == ("Nytt namn", "network")
    assert Organisation.objects.count() == 3


def test_dry_run_writes_nothing_and_exits_zero(tmp_path, capsys):
    assert run_import("organisations", write(tmp_path, "o.csv", ORGS), "--dry-run") is None
    assert Organisation.objects.count() == 0
    assert "would create 3" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kind", "text", "row", "column"),
    [
        ("organisations", "id,name,kind\no1,,learning_centre\n", 1, "name"),
        ("organisations", "id,name,kind\n,X,learning_centre\n", 1, "id"),
        ("organisations", "id,name,kind\no1,X,school\n", 1, "kind"),
        ("organisations", "id,name,kind,org_number\no1,X,other,212000-1562\n", 1, "org_number"),
        ("organisations", "id,name,kind,org_number\no1,X,other,12345\n", 1, "org_number"),
        ("organisations", "id,name,kind,municipality\no1,X,other,9999\n", 1, "municipality"),
        ("organisations", "id,name,kind,country\no1,X,other,XX\n", 1, "country"),
        ("organisations", "id,name,kind\no1,X,other\no1,Y,other\n", 2, "id"),
        ("memberships", "id,organisation,year,fee_paid\nm1,nope,2020,true\n", 1, "organisation"),
        ("memberships", "id,organisation,year,fee_paid\nm1,o1,tjugo,true\n", 1, "year"),
        ("memberships", "id,organisation,year,fee_paid\nm1,o1,2020,kanske\n", 1, "fee_paid"),
        (
            "memberships",
            "id,organisation,year,fee_paid,municipalities\nm1,o1,2020,ja,1494;0000\n",
            1,
            "municipalities",
        ),
        ("contacts", "id,organisation,name,email\nc1,o1,Kim,inte-en-adress\n", 1, "email"),
        ("contacts", "id,organisation,name\nc1,o9,Kim\n", 1, "organisation"),
        ("events", "id,kind,date\ne1,party,2020-01-01\n", 1, "kind"),
        ("events", "id,kind,date\ne1,conference,2020-13-01\n", 1, "date"),
        ("events", "id,kind,date,participants\ne1,conference,2020-01-01,-3\n", 1, "participants"),
        (
            "events",
            "id,kind,date,transnational\ne1,conference,2020-01-01,kanske\n",
            1,
            "transnational",
        ),
        ("events", "id,kind,date,organiser\ne1,conference,2020-01-01,o9\n", 1, "organiser"),
        ("collaborations", "id,established,parties\nk1,2020-01-01,o1\n", 1, "parties"),
        ("collaborations", "id,established,parties\nk1,2020-01-01,o1;o9\n", 1, "parties"),
        ("collaborations", "id,established,parties\nk1,,o1;o2\n", 1, "established"),
    ],
)
def test_each_validation_rule_reports_row_and_column(tmp_path, capsys, kind, text, row, column):
    run_import("organisations", write(tmp_path, "o.csv", ORGS))
    counts = _counts()
    capsys.readouterr()
    error = run_import(kind, write(tmp_path, "bad.csv", text))
    assert error is not None and error.returncode == 1
    lines = errors_of(capsys)
    assert any(line.startswith(f"row {row}, column {column}: ") for line in lines), lines
    assert _counts() == counts  # nothing written


def test_header_problems_unknown_and_missing_columns(tmp_path, capsys):
    error = run_import("contacts", write(tmp_path, "c.csv", "id,name,fax\nc1,Kim,123\n"))
    assert error is not None and error.returncode == 1
    lines = errors_of(capsys)
    assert any("column fax: Unknown column" in line for line in lines)
    assert any("column organisation: Required column is missing" in line for line in lines)


def test_one_bad_row_among_good_ones_writes_nothing_and_lists_every_bad_row(tmp_path, capsys):
    text = (
        "id,name,kind,org_number\n"
        "a,Bra,other,\n"
        "b,,other,\n"
        "c,Bra igen,other,\n"
        "d,Fel nummer,other,212000-1562\n"
    )
    error = run_import("organisations", write(tmp_path, "o.csv", text))
    assert error is not None
    lines = errors_of(capsys)
    assert [line.split(":")[0] for line in lines] == [
        "row 2, column name",
        "row 4, column org_number",
    ]
    assert Organisation.objects.count() == 0


def test_self_reference_in_same_file_is_allowed_for_the_kinds_own_ids(tmp_path):
    run_import("organisations", write(tmp_path, "o.csv", ORGS))
    text = "id,established,parties,title\nk1,2021-03-01,o1;o2;o3,Gemensam kurs\n"
    assert run_import("collaborations", write(tmp_path, "k.csv", text)) is None
    assert Collaboration.objects.get(external_id="k1").parties.count() == 3


def test_unknown_kind_and_extension_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("import", "widgets", str(write(tmp_path, "o.csv", ORGS)))
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command("import", "organisations", str(write(tmp_path, "o.txt", ORGS)))


def test_a_broken_xlsx_is_a_clear_error(tmp_path):
    path = tmp_path / "o.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match="Excel"):
        call_command("import", "organisations", str(path))


def _full_network(tmp_path):
    run_import("organisations", write(tmp_path, "o.csv", ORGS))
    files = {
        "memberships": "id,organisation,year,fee_paid,municipalities\nm1,o1,2020,ja,1494;1495\nm2,o2,2020,nej,1490\n",
        "contacts": 'id,organisation,name,email,role\nc1,o1,Kim Berg,kim@example.se,Rektor\nc2,o1,=HYPERLINK("x"),,\n',
        "events": "id,kind,date,title,organiser,participants,transnational\ne1,job_shadowing,2020-05-04,Besök,o3,4,true\n",
        "collaborations": "id,established,parties,title\nk1,2020-09-01,o1;o2,Samverkan\n",
    }
    for kind, text in files.items():
        assert run_import(kind, write(tmp_path, f"{kind}.csv", text)) is None


def _counts():
    return [m.objects.count() for m in (Organisation, Membership, Contact, Event, Collaboration)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trips(tmp_path, suffix):
    _full_network(tmp_path)
    Organisation.objects.create(name="Skapad i webben", kind="other")  # no external id yet
    before = _counts()
    for kind in ["organisations", "memberships", "contacts", "events", "collaborations"]:
        path = tmp_path / f"export-{kind}{suffix}"
        call_command("export", kind, str(path))
        assert run_import(kind, path) is None, kind
    assert _counts() == before
    assert Contact.objects.get(external_id="c2").name == '=HYPERLINK("x")'
    assert set(
        Membership.objects.get(external_id="m1").municipalities.values_list("code", flat=True)
    ) == {"1494", "1495"}


def test_export_neutralises_formulas(tmp_path):
    _full_network(tmp_path)
    call_command("export", "contacts", str(tmp_path / "c.xlsx"))
    sheet = load_workbook(tmp_path / "c.xlsx").active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in names
    call_command("export", "contacts", str(tmp_path / "c.csv"))
    assert "'=HYPERLINK" in (tmp_path / "c.csv").read_text(encoding="utf-8-sig")
