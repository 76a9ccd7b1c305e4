"""Load SSYK 2012 and the SUN 2020 fields of education from kompetensnav/reference/data/.

Classification versions:

- SSYK 2012, Standard för svensk yrkesklassificering (SCB), all four levels: 10 major groups,
  46 sub-major groups, 148 minor-group codes (SCB counts 147 minor groups because 223
  "Sjuksköterskor (fortsättning)" continues 222; both codes exist) and 429 unit groups.
- SUN 2020, Svensk utbildningsnomenklatur (SCB), the field-of-education module (inriktning):
  10 broad fields (1 digit) and 26 narrow fields (2 digits).

Sources (public copies of SCB's files, read offline; details in data/SOURCES.md):

- SSYK Swedish names: SCB's code list ssyk-2012-koder.xlsx, sheet "Hela strukturen", as
  extracted in adamaltmejd/registry-research-toolkit
  regmeta/input_data/classifications/ssyk2012.csv @ dcaff9dbc889e0042d7f6a7990514241acb1d018.
- SSYK English names: joseph-data/AI_Econ_daioe_years_v2 structure_ssyk12.csv
  @ 0bf757009786265d16a5fe5694dea9f4c05be1dd, cross-checked against SCB's English database
  labels (nmudie1978/sprout-platform src/lib/career-data/scb-occupations.generated.json
  @ 5facb4d21aed5b63cb51eb3e25659052b513a3f7; MikaelLundqvist/SCB-Engineers-Jonkoping
  000000NL_10.csv @ ebb14d4db744d3e048dbd51b0feae45e2933086c).
- SUN 2020 Swedish names: SCB's workbook (sheet "Inriktning, klartext", June 2019) in
  JobtechSwe/jobtech-taxonomy-database resources/suncode-2020.xlsx
  @ 00698383fbe0894bbcbf7090e79631f99b3edd40, cross-checked against registry-research-toolkit
  sun2020-inriktning.csv (from SCB's sun-2020_niva_inriktning2.xlsx).
- SUN 2020 English names: SCB's English SUN 2000 labels where SUN 2020 kept the Swedish name;
  the narrow fields are the project's translation (see SOURCES.md).

Idempotent like 0002: every row is upserted with bulk_create(update_conflicts=True), parents
before children, so running the forward step again (the browser suite does after each flush)
refreshes names without duplicates. The reverse step removes exactly these rows.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

EXPECTED_SSYK = {1: 10, 2: 46, 3: 148, 4: 429}
EXPECTED_SUN = {1: 10, 2: 26}
MAX_NAME = 200


def _read(name, expected, max_level):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = {r["code"] for r in rows}
    problems = []
    if len(codes) != len(rows):
        problems.append("duplicate codes")
    for r in rows:
        code, level = r["code"], int(r["level"])
        if not code.isdigit() or len(code) != level or level > max_level:
            problems.append(f"{code!r} does not fit level {level}")
        expected_parent = code[:-1] if level > 1 else ""
        if r["parent"] != expected_parent or (expected_parent and expected_parent not in codes):
            problems.append(f"{code} has parent {r['parent']!r}, expected {expected_parent!r}")
        for field in ("name_sv", "name_en"):
            if not r[field].strip() or len(r[field]) > MAX_NAME:
                problems.append(f"{code} has no usable {field}")
    counts = {level: sum(1 for r in rows if int(r["level"]) == level) for level in expected}
    if counts != expected:
        problems.append(f"{counts} codes per level, expected {expected}")
    if problems:
        raise RuntimeError(f"{DATA_DIR / name} is inconsistent: " + "; ".join(problems[:10]))
    return rows


def load_ssyk():
    return _read("ssyk2012.csv", EXPECTED_SSYK, 4)


def load_sun():
    return _read("sun2020.csv", EXPECTED_SUN, 2)


def _upsert(model, rows, using):
    # One level at a time, so every parent exists when its children arrive.
    for level in sorted({int(r["level"]) for r in rows}):
        model.objects.using(using).bulk_create(
            [
                model(
                    code=r["code"],
                    level=level,
                    parent_id=r["parent"] or None,
                    name_sv=r["name_sv"],
                    name_en=r["name_en"],
                )
                for r in rows
                if int(r["level"]) == level
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["level", "parent", "name_sv", "name_en"],
            batch_size=500,
        )


def _delete(model, rows, using):
    # Children first: the parent foreign key is PROTECT.
    for level in sorted({int(r["level"]) for r in rows}, reverse=True):
        codes = [r["code"] for r in rows if int(r["level"]) == level]
        model.objects.using(using).filter(code__in=codes).delete()


def load_ssyk_sun(apps, schema_editor):
    using = schema_editor.connection.alias
    ssyk, sun = load_ssyk(), load_sun()
    _upsert(apps.get_model("reference", "SsykCode"), ssyk, using)
    _upsert(apps.get_model("reference", "SunField"), sun, using)


def unload_ssyk_sun(apps, schema_editor):
    using = schema_editor.connection.alias
    _delete(apps.get_model("reference", "SsykCode"), load_ssyk(), using)
    _delete(apps.get_model("reference", "SunField"), load_sun(), using)


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0003_ssyk_sun"),
    ]

    operations = [
        migrations.RunPython(load_ssyk_sun, unload_ssyk_sun, elidable=False),
    ]
