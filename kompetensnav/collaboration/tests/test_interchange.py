"""The collaboration model's import kinds from the command line: every row checked before
anything is written, errors by row and column, idempotent re-imports, and round trips."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.collaboration.models import Actor, Council, Initiative, Priority
from kompetensnav.network.models import Organisation
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

ACTORS = (
    "id,organisation,company,level,functions,mandate,industries,subregions\n"
    "a1,o1,,strategic,process_leader;funder,Äger analysen,31;C,skaraborg\n"
    "a2,,c1,operative,industry_representative,,31,\n"
)
COUNCILS = (
    "id,name,industry,subregion,municipality,kind,started,ends,purpose\n"
    "r1,Branschråd möbel,31,skaraborg,1472,standing,2026-01-15,,Möbel i Tibro\n"
    "r2,Akut: förare,49,skaraborg,,temporary,2026-09-01,2027-03-31,\n"
)
PRIORITIES = (
    "id,year,title,subregion,rank,rationale,area,decided_by,decided_on\n"
    "p1,2026,Yrkesförare,skaraborg,1,Brist på förare,Truckkort,a1,2026-02-15\n"
)
INITIATIVES = (
    "id,title,kind,owner,status,origin,description,start,end,priority,actors,courses,projects,events\n"
    "i1,Förarsatsning,recruitment,a1,running,priority,,2026-09-01,2027-02-28,p1,a2,,,\n"
)


@pytest.fixture
def referenced():
    Organisation.objects.create(
        external_id="o1", name="Skaraborgs kommunalförbund", kind="municipal_federation"
    )
    CompanyFactory(external_id="c1", name="Möbelfabriken AB")


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(kind: str, path) -> None:
    call_command("import", kind, str(path))


def test_collaboration_kinds_import_and_link(tmp_path, referenced):
    load("actors", write(tmp_path, "a.csv", ACTORS))
    load("councils", write(tmp_path, "r.csv", COUNCILS))
    load("priorities", write(tmp_path, "p.csv", PRIORITIES))
    load("initiatives", write(tmp_path, "i.csv", INITIATIVES))
    federation = Actor.objects.get(external_id="a1")
    assert federation.organisation.external_id == "o1" and federation.is_strategic
    assert sorted(f.function for f in federation.functions.all()) == ["funder", "process_leader"]
    assert sorted(s.code for s in federation.industries.all()) == ["31", "C"]
    assert Actor.objects.get(external_id="a2").company.name == "Möbelfabriken AB"
    drivers = Council.objects.get(external_id="r2")
    assert drivers.kind == "temporary" and str(drivers.ends) == "2027-03-31"
    priority = Priority.objects.get(external_id="p1")
    assert priority.area.name == "Truckkort" and priority.decided_by == federation
    initiative = Initiative.objects.get(external_id="i1")
    assert initiative.priority == priority and list(initiative.actors.all()) == [
        Actor.objects.get(external_id="a2")
    ]
    # idempotent: the same files again change nothing and add nothing
    for kind, name, text in (
        ("actors", "a.csv", ACTORS),
        ("councils", "r.csv", COUNCILS),
        ("initiatives", "i.csv", INITIATIVES),
    ):
        load(kind, write(tmp_path, name, text))
    assert (Actor.objects.count(), Council.objects.count(), Initiative.objects.count()) == (2, 2, 1)


def test_collaboration_kinds_refuse_every_bad_row_and_write_nothing(tmp_path, referenced, capsys):
    actors = (
        "id,organisation,company,level,functions,industries,subregions\n"
        "a1,o1,c1,strategic,,,\n"  # both
        "a2,,,operative,,,\n"  # neither
        "a3,o1,,sideways,boss,99X,nowhere\n"
    )
    councils = (
        "id,name,industry,subregion,municipality,kind,started,ends\n"
        "r1,Råd,31,skaraborg,1485,temporary,2026-01-15,\n"  # Uddevalla; no end
        "r2,Råd,31,skaraborg,,standing,2026-01-15,2025-01-01\n"
    )
    with pytest.raises(CommandError):
        load("actors", write(tmp_path, "a.csv", actors))
    err = capsys.readouterr().err
    assert "row 1, column organisation" in err and "row 2, column organisation" in err
    assert "row 3, column level" in err and "row 3, column functions" in err
    with pytest.raises(CommandError):
        load("councils", write(tmp_path, "r.csv", councils))
    err = capsys.readouterr().err
    assert "row 1, column municipality" in err and "row 1, column ends" in err
    assert "row 2, column ends" in err
    assert not Actor.objects.exists() and not Council.objects.exists()


def test_collaboration_kinds_export_what_they_import(tmp_path, referenced):
    load("actors", write(tmp_path, "a.csv", ACTORS))
    load("priorities", write(tmp_path, "p.csv", PRIORITIES))
    load("initiatives", write(tmp_path, "i.csv", INITIATIVES))
    out = tmp_path / "out.csv"
    call_command("export", "initiatives", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows == list(csv.DictReader(io.StringIO(INITIATIVES)))
    call_command("export", "actors", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0]["functions"] == "funder;process_leader"
    assert rows[0]["industries"] == "31;C" and rows[1]["company"] == "c1"
