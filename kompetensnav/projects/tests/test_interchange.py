"""The projects and mobilities kinds and the Erasmus+ figures, from the command line, on a
data set with known answers (journey 7: 39 % of student places, 21 % of the budget)."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.projects.models import Mobility, Project

pytestmark = pytest.mark.django_db

PROJECTS = (
    "id,name,funder,start,end,budget_sek,cofinancing_sek_per_hour,granted_places_student,"
    "granted_places_staff,budget_student_sek,budget_staff_sek\n"
    "p-esf,Kompetenslyftet,esf,2025-01-01,2027-12-31,4500000,250,,,,\n"
    "p-eras,Erasmus+ ackreditering,erasmus_plus,2025-06-01,2027-05-31,,,100,10,1000000,200000\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args) -> CommandError | None:
    try:
        call_command(*args)
    except CommandError as exc:
        return exc
    return None


def errors(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("row ")]


def _mobilities() -> str:
    # 39 completed student mobilities with grants summing to 210 000 (21 % of 1 000 000),
    # 8 completed staff mobilities (80 % of 10), plus rows that must not count.
    rows = ["id,project,kind,status,country,start,end,grant_sek"]
    for n in range(39):
        grant = "5000" if n < 3 else "5250"  # 204 000 in all; s0 is raised to 210 000 below
        rows.append(f"s{n},p-eras,student,completed,DE,2026-03-01,2026-03-20,{grant}")
    for n in range(8):
        rows.append(f"t{n},p-eras,staff,completed,FI,2026-04-01,2026-04-05,20000")
    rows += [
        "x1,p-eras,student,planned,ES,2026-09-01,2026-09-30,6000",
        "x2,p-eras,student,force_majeure,IT,2026-02-01,2026-02-10,3000",
        "x3,p-eras,student,cancelled,,2026-02-01,,",
        "x4,p-eras,student,completed,DE,2024-12-01,2024-12-10,9999",  # before P
    ]
    return "\n".join(rows) + "\n"


def test_projects_and_mobilities_import_and_figures(tmp_path, capsys):
    assert run("import", "projects", str(write(tmp_path, "p.csv", PROJECTS))) is None
    assert run("import", "mobilities", str(write(tmp_path, "m.csv", _mobilities()))) is None
    # top up the student grants to exactly 210 000
    Mobility.objects.filter(external_id="s0").update(grant_sek=Decimal("11000"))
    assert Project.objects.get(external_id="p-eras").granted_places_student == 100
    capsys.readouterr()

    call_command(
        "figures", "--from", "2026-01-01", "--to", "2026-12-31", "--project", "p-eras", "--json"
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["mobilities_completed"] == {"student": 39, "staff": 8}
    assert figures["places_used_pct"] == {"student": 39.0, "staff": 80.0}
    assert figures["budget_used_pct"] == {"student": 21.0, "staff": 80.0}
    assert figures["accreditation_target_met"] == {"student": False, "staff": True}

    # the ESF project grants no mobility: nothing to measure against
    call_command(
        "figures", "--from", "2026-01-01", "--to", "2026-12-31", "--project", "p-esf", "--json"
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["mobilities_completed"] == {"student": 0, "staff": 0}
    assert figures["places_used_pct"] == {"student": None, "staff": None}
    assert figures["accreditation_target_met"] == {"student": None, "staff": None}

    # across projects: both overlap 2026, only the Erasmus+ project grants places
    call_command("figures", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert figures["places_used_pct"] == {"student": 39.0, "staff": 80.0}


def test_places_used_pct_rounds_half_up_to_one_decimal(tmp_path, capsys):
    project = Project.objects.create(
        external_id="p", name="E+", funder="erasmus_plus", granted_places_student=3
    )
    Mobility.objects.create(project=project, kind="student", status="completed", start="2026-01-02")
    call_command("figures", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    assert json.loads(capsys.readouterr().out)["places_used_pct"]["student"] == 33.3


def test_import_projects_is_idempotent(tmp_path):
    path = write(tmp_path, "p.csv", PROJECTS)
    assert run("import", "projects", str(path)) is None
    assert run("import", "projects", str(path)) is None
    assert Project.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("p1,,esf,,,,,,,,", "row 1, column name:"),
        ("p1,X,eu,,,,,,,,", "row 1, column funder:"),
        ("p1,X,esf,2026-13-01,,,,,,,", "row 1, column start:"),
        ("p1,X,esf,2026-02-01,2026-01-01,,,,,,", "row 1, column end:"),
        ("p1,X,esf,,,-5,,,,,", "row 1, column budget_sek:"),
        ("p1,X,esf,,,,,-1,,,", "row 1, column granted_places_student:"),
    ],
)
def test_import_projects_row_errors(tmp_path, capsys, row, expected):
    header = PROJECTS.splitlines()[0]
    error = run("import", "projects", str(write(tmp_path, "p.csv", f"{header}\n{row}\n")))
    assert error is not None
    assert any(line.startswith(expected) for line in errors(capsys))
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("m1,nope,student,completed,DE,,,", "row 1, column project:"),
        ("m1,p-esf,teacher,completed,DE,,,", "row 1, column kind:"),
        ("m1,p-esf,student,done,DE,,,", "row 1, column status:"),
        ("m1,p-esf,student,completed,XX,,,", "row 1, column country:"),
        ("m1,p-esf,student,completed,DE,2026-02-01,2026-01-01,", "row 1, column end:"),
        ("m1,p-esf,student,completed,DE,,,abc", "row 1, column grant_sek:"),
    ],
)
def test_import_mobilities_row_errors(tmp_path, capsys, row, expected):
    assert run("import", "projects", str(write(tmp_path, "p.csv", PROJECTS))) is None
    header = "id,project,kind,status,country,start,end,grant_sek"
    error = run("import", "mobilities", str(write(tmp_path, "m.csv", f"{header}\n{row}\n")))
    assert error is not None
    assert any(line.startswith(expected) for line in errors(capsys))
    assert Mobility.objects.count() == 0


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_import_round_trip(tmp_path, suffix):
    assert run("import", "projects", str(write(tmp_path, "p.csv", PROJECTS))) is None
    assert run("import", "mobilities", str(write(tmp_path, "m.csv", _mobilities()))) is None
    before = list(Mobility.objects.order_by("external_id").values())
    for kind in ("projects", "mobilities"):
        call_command("export", kind, str(tmp_path / f"{kind}.{suffix}"))
    Mobility.objects.all().delete()
    Project.objects.all().delete()
    for kind in ("projects", "mobilities"):
        assert run("import", kind, str(tmp_path / f"{kind}.{suffix}")) is None
    after = list(Mobility.objects.order_by("external_id").values())

    def strip(rows):
        return [
            {k: v for k, v in r.items() if k not in {"id", "project_id", "created"}} for r in rows
        ]

    assert strip(after) == strip(before)
    assert Project.objects.get(external_id="p-eras").budget_student_sek == Decimal("1000000")
