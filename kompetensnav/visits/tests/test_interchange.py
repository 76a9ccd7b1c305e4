"""The `visits` and `needs` kinds: every validation rule, round trip and idempotency."""

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.competences.models import CompetenceArea
from kompetensnav.visits.models import Need, Visit
from tests.factories import CompanyFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITS = (
    "id,date,company,organisation,broker,notes\n"
    "v1,2025-03-04,c1,o1,sara@example.se,Träffade VD\n"
    "v2,2025-09-10,c1,o1,,\n"
)
NEEDS = (
    "id,visit,area,description,horizon,employees_affected,seqf_level,gap_area\n"
    "n1,v1,CNC-operatörer,Två nya operatörer,1-3y,2,4,utbildning\n"
    "n2,v1,Svenska för yrkeslivet,,now,5,,matchning\n"
    "n3,v2,cnc-operatörer,,3y+,,,\n"
)


@pytest.fixture
def world(db):
    CompanyFactory(external_id="c1", name="Vänerns Möbelsnickeri AB")
    organisation = OrganisationFactory(external_id="o1")
    broker = UserFactory(email="sara@example.se")
    return {"organisation": organisation, "broker": broker}


def write(tmp_path, text: str, name: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(kind: str, path) -> CommandError | None:
    try:
        call_command("import", kind, str(path))
    except CommandError as exc:
        return exc
    return None


def errors_of(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("row ")]


def test_visits_and_needs_import(world, tmp_path):
    assert run("visits", write(tmp_path, VISITS, "v.csv")) is None
    assert run("needs", write(tmp_path, NEEDS, "n.csv")) is None
    visit = Visit.objects.get(external_id="v1")
    assert visit.organisation == world["organisation"] and visit.notes == "Träffade VD"
    assert list(visit.visited_by.all()) == [world["broker"]]
    assert list(Visit.objects.get(external_id="v2").visited_by.all()) == []
    # free-text areas group case-insensitively
    assert CompetenceArea.objects.count() == 2
    n1 = Need.objects.get(external_id="n1")
    assert (n1.horizon, n1.employees_affected, n1.seqf_level_id, n1.gap_area) == (
        "1-3y",
        2,
        4,
        "utbildning",
    )
    assert Need.objects.get(external_id="n3").area == n1.area


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("v9,2025-13-01,c1,o1,,", "date", "YYYY-MM-DD"),
        ("v9,2025-03-01,okänd,o1,,", "company", "has the id, org. number or name"),
        ("v9,2025-03-01,c1,okänd,,", "organisation", "has the id, org. number or name"),
        ("v9,2025-03-01,c1,o1,inte-en-adress,", "broker", "e-mail"),
        ("v9,,c1,o1,,", "date", "required"),
    ],
)
def test_visits_import_reports_each_rule(world, tmp_path, capsys, row, column, fragment):
    text = "id,date,company,organisation,broker,notes\n" + row + "\n"
    assert run("visits", write(tmp_path, text, "v.csv")) is not None
    lines = errors_of(capsys)
    assert any(line.startswith(f"row 1, column {column}:") for line in lines), lines
    assert fragment.lower() in " ".join(lines).lower()
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("n9,okänd,CNC,,,,,", "visit", "Unknown id"),
        ("n9,v1,,,,,,", "area", "required"),
        ("n9,v1,CNC,,snart,,,", "horizon", "“now”, “1-3y”, “3y+”"),
        ("n9,v1,CNC,,,-1,,", "employees_affected", "at least 0"),
        ("n9,v1,CNC,,,,9,", "seqf_level", "at most 8"),
        ("n9,v1,CNC,,,,0,", "seqf_level", "at least 1"),
        ("n9,v1,CNC,,,,,kompetens", "gap_area", "mottagarkompetens"),
    ],
)
def test_needs_import_reports_each_rule(world, tmp_path, capsys, row, column, fragment):
    run("visits", write(tmp_path, VISITS, "v.csv"))
    capsys.readouterr()
    text = NEEDS.splitlines()[0] + "\n" + row + "\n"
    assert run("needs", write(tmp_path, text, "n.csv")) is not None
    lines = errors_of(capsys)
    assert any(line.startswith(f"row 1, column {column}:") for line in lines), lines
    assert fragment.lower() in " ".join(lines).lower()
    assert not Need.objects.exists()


def test_visits_and_needs_import_is_idempotent(world, tmp_path, capsys):
    visits, needs = write(tmp_path, VISITS, "v.csv"), write(tmp_path, NEEDS, "n.csv")
    run("visits", visits)
    run("needs", needs)
    first = (
        list(Visit.objects.values("external_id", "date", "notes")),
        list(Need.objects.values()),
    )
    capsys.readouterr()
    run("visits", visits)
    run("needs", needs)
    out = capsys.readouterr().out
    assert "created 0, updated 2" in out and "created 0, updated 3" in out
    again = (
        list(Visit.objects.values("external_id", "date", "notes")),
        list(Need.objects.values()),
    )
    assert again == first


def test_visits_and_needs_round_trip(world, tmp_path):
    run("visits", write(tmp_path, VISITS, "v.csv"))
    run("needs", write(tmp_path, NEEDS, "n.csv"))
    call_command("export", "visits", str(tmp_path / "v-out.csv"))
    call_command("export", "needs", str(tmp_path / "n-out.xlsx"))
    exported = (tmp_path / "v-out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exported[0] == "id,date,company,organisation,broker,notes"
    assert "v1,2025-03-04,c1,o1,sara@example.se,Träffade VD" in exported
    before = sorted(Need.objects.values_list("external_id", "area__name", "horizon", "seqf_level"))
    Need.objects.all().delete()
    Visit.objects.all().delete()
    assert run("visits", tmp_path / "v-out.csv") is None
    assert run("needs", tmp_path / "n-out.xlsx") is None
    after = sorted(Need.objects.values_list("external_id", "area__name", "horizon", "seqf_level"))
    assert after == before
