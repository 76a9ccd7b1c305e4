"""SSYK 2012 and SUN 2020 fields of education, loaded by migration 0004, and their selectors."""

import csv
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from kompetensnav.reference import selectors
from kompetensnav.reference.models import SsykCode, SunField

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

pytestmark = pytest.mark.django_db


def _migration():
    return importlib.import_module("kompetensnav.reference.migrations.0004_load_ssyk_sun")


def _counts(model):
    return {level: model.objects.filter(level=level).count() for level in model.Level.values}


# --- SSYK 2012 ------------------------------------------------------------------------------


def test_ssyk_counts_per_level():
    # SCB counts 147 minor groups: 223 "Sjuksköterskor (fortsättning)" continues 222.
    assert _counts(SsykCode) == {1: 10, 2: 46, 3: 148, 4: 429}
    assert SsykCode.objects.filter(code__in=["222", "223"], level=3).count() == 2
    assert SsykCode.objects.get(code="2231").parent_id == "223"


def test_ssyk_code_length_is_its_level_and_parent_is_its_prefix():
    for code in SsykCode.objects.select_related("parent"):
        assert len(code.code) == code.level, code.code
        if code.level == 1:
            assert code.parent is None, code.code
        else:
            assert code.parent.code == code.code[:-1], code.code
            assert code.parent.level == code.level - 1, code.code


def test_ssyk_major_groups():
    assert sorted(SsykCode.objects.filter(level=1).values_list("code", flat=True)) == list(
        "0123456789"
    )
    major = SsykCode.objects.get(code="2")
    assert major.name_sv == "Yrken med krav på fördjupad högskolekompetens"
    assert major.name_en == "Occupations requiring advanced level of higher education"


def test_ssyk_every_row_has_both_names():
    assert not SsykCode.objects.filter(name_sv="").exists()
    assert not SsykCode.objects.filter(name_en="").exists()
    for name_sv, name_en in SsykCode.objects.values_list("name_sv", "name_en"):
        assert name_sv == name_sv.strip() and name_en == name_en.strip()


@pytest.mark.parametrize(
    ("code", "name_sv", "name_en"),
    [
        # SCB's English title for 2512 is "Software- and system developers".
        ("2512", "Mjukvaru- och systemutvecklare m.fl.", "Software- and system developers"),
        (
            "251",
            "IT-arkitekter, systemutvecklare och testledare m.fl.",
            "ICT architects, systems analysts and test managers",
        ),
        (
            "25",
            "Yrken med krav på fördjupad högskolekompetens inom IT",
            "Occupations requiring advanced academic skills in information and communications "
            "technology (ICT)",
        ),
        ("1", "Chefsyrken", "Managers"),
        ("0110", "Officerare", "Commissioned armed forces officers"),
        ("1211", "Ekonomi- och finanschefer, nivå 1", "Finance managers, level 1"),
        ("2221", "Grundutbildade sjuksköterskor", "Professional nurses"),
        (
            "5321",
            "Undersköterskor, hemtjänst, hemsjukvård och äldreboende",
            "Assistant nurses, home care and homes for the elderly",
        ),
        ("7411", "Installations- och serviceelektriker", "Electricians, installation and service"),
        ("9629", "Övriga servicearbetare", "Other service workers not elsewhere classified"),
    ],
)
def test_ssyk_known_codes(code, name_sv, name_en):
    ssyk = SsykCode.objects.get(code=code)
    assert ssyk.name_sv == name_sv
    assert ssyk.name_en == name_en


def test_ssyk_name_follows_language_and_str():
    code = SsykCode.objects.get(code="2512")
    with translation.override("sv"):
        assert code.name == "Mjukvaru- och systemutvecklare m.fl."
        assert str(code) == "2512 Mjukvaru- och systemutvecklare m.fl."
    with translation.override("en"):
        assert str(code) == "2512 Software- and system developers"


# --- SUN 2020 -------------------------------------------------------------------------------


def test_sun_counts_per_level():
    assert _counts(SunField) == {1: 10, 2: 26}


def test_sun_parent_is_code_prefix():
    for field in SunField.objects.select_related("parent"):
        assert len(field.code) == field.level, field.code
        if field.level == 1:
            assert field.parent is None
        else:
            assert field.parent.code == field.code[:-1], field.code


def test_sun_every_row_has_both_names():
    assert not SunField.objects.filter(name_sv="").exists()
    assert not SunField.objects.filter(name_en="").exists()


@pytest.mark.parametrize(
    ("code", "name_sv", "name_en"),
    [
        ("0", "Allmän utbildning", "General education"),
        (
            "4",
            "Naturvetenskap, matematik och informations- och kommunikationsteknik (IKT)",
            "Natural sciences, mathematics and information and communication technology (ICT)",
        ),
        ("14", "Pedagogik och lärarutbildning", "Teaching methods and teacher education"),
        (
            "48",
            "Informations- och kommunikationsteknik (IKT)",
            "Information and communication technology (ICT)",
        ),
        ("72", "Hälso- och sjukvård", "Health care"),
        ("85", "Arbetsmiljö och renhållning", "Occupational health and safety, and sanitation"),
        ("99", "Okänd", "Unknown"),
    ],
)
def test_sun_known_fields(code, name_sv, name_en):
    field = SunField.objects.get(code=code)
    assert field.name_sv == name_sv
    assert field.name_en == name_en


def test_sun_str_follows_language():
    with translation.override("sv"):
        assert str(SunField.objects.get(code="52")) == "52 Teknik och teknisk industri"
    with translation.override("en"):
        assert str(SunField.objects.get(code="52")) == "52 Engineering and engineering industry"


# --- the data files and the migration --------------------------------------------------------


@pytest.mark.parametrize("name", ["ssyk2012.csv", "sun2020.csv"])
def test_data_files_have_the_same_columns(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        assert csv.DictReader(handle).fieldnames == [
            "code",
            "level",
            "parent",
            "name_sv",
            "name_en",
        ]


def test_migration_is_idempotent():
    before = (SsykCode.objects.count(), SunField.objects.count())
    SsykCode.objects.filter(code="2512").update(name_en="Wrong")
    SunField.objects.filter(code="48").update(name_sv="Data")
    _migration().load_ssyk_sun(apps, SimpleNamespace(connection=connection))
    assert (SsykCode.objects.count(), SunField.objects.count()) == before
    assert SsykCode.objects.get(code="2512").name_en == "Software- and system developers"
    assert SunField.objects.get(code="48").name_sv == "Informations- och kommunikationsteknik (IKT)"


def test_migration_reverse_removes_and_forward_restores():
    migration = _migration()
    editor = SimpleNamespace(connection=connection)
    migration.unload_ssyk_sun(apps, editor)
    assert SsykCode.objects.count() == 0
    assert SunField.objects.count() == 0
    migration.load_ssyk_sun(apps, editor)
    assert SsykCode.objects.count() == 633
    assert SunField.objects.count() == 36


def test_migration_refuses_an_inconsistent_file(tmp_path, monkeypatch):
    migration = _migration()
    rows = (DATA_DIR / "sun2020.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "sun2020.csv").write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    monkeypatch.setattr(migration, "DATA_DIR", tmp_path)
    with pytest.raises(RuntimeError, match="codes per level"):
        migration.load_sun()


# --- selectors -------------------------------------------------------------------------------


def test_ssyk_lookup():
    assert selectors.ssyk_lookup("2512").name_sv == "Mjukvaru- och systemutvecklare m.fl."
    assert selectors.ssyk_lookup(" 25.12 ").code == "2512"
    assert selectors.ssyk_lookup(2512).parent_id == "251"
    assert selectors.ssyk_lookup("0110").code == "0110"
    assert selectors.ssyk_lookup("2").level == SsykCode.Level.MAJOR_GROUP
    for value in (None, "", "abcd", "25123", "2520"):
        assert selectors.ssyk_lookup(value) is None, value


def test_ssyk_unit_groups():
    groups = selectors.ssyk_unit_groups()
    assert groups.count() == 429
    assert {g.level for g in groups} == {SsykCode.Level.UNIT_GROUP}


def test_sun_field_lookup():
    assert selectors.sun_field_lookup("48").code == "48"
    assert selectors.sun_field_lookup("481").code == "48"
    assert selectors.sun_field_lookup("010a").code == "01"
    assert selectors.sun_field_lookup("7").code == "7"
    assert selectors.sun_field_lookup("5") == SunField.objects.get(code="5")
    for value in (None, "", "x1"):
        assert selectors.sun_field_lookup(value) is None, value
