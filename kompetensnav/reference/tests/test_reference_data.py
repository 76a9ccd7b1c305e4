"""The reference data loaded by migration 0002, and the selectors over it."""

import csv
import importlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from kompetensnav.reference import selectors
from kompetensnav.reference.models import (
    Country,
    County,
    Municipality,
    SeqfLevel,
    SniCode,
    Subregion,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

EXAMPLE_MUNICIPALITIES = {
    "1485": "Uddevalla",
    "1490": "Borås",
    "1494": "Lidköping",
    "1488": "Trollhättan",
    "1487": "Vänersborg",
    "1499": "Falköping",
    "1493": "Mariestad",
    "1427": "Sotenäs",
    "1496": "Skövde",
    "1472": "Tibro",
    "1480": "Göteborg",
    "1383": "Varberg",
    "1380": "Halmstad",
    "1430": "Munkedal",
    "1484": "Lysekil",
    "0180": "Stockholm",
    "2584": "Kiruna",
}

SUBREGION_MEMBERS = {
    "fyrbodal": {
        "Bengtsfors",
        "Dals-Ed",
        "Färgelanda",
        "Lysekil",
        "Mellerud",
        "Munkedal",
        "Orust",
        "Sotenäs",
        "Strömstad",
        "Tanum",
        "Trollhättan",
        "Uddevalla",
        "Vänersborg",
        "Åmål",
    },
    "skaraborg": {
        "Essunga",
        "Falköping",
        "Grästorp",
        "Gullspång",
        "Götene",
        "Hjo",
        "Karlsborg",
        "Lidköping",
        "Mariestad",
        "Skara",
        "Skövde",
        "Tibro",
        "Tidaholm",
        "Töreboda",
        "Vara",
    },
    "sjuharad": {
        "Bollebygd",
        "Borås",
        "Herrljunga",
        "Mark",
        "Svenljunga",
        "Tranemo",
        "Ulricehamn",
        "Vårgårda",
    },
    "goteborgsregionen": {
        "Ale",
        "Alingsås",
        "Göteborg",
        "Härryda",
        "Kungsbacka",
        "Kungälv",
        "Lerum",
        "Lilla Edet",
        "Mölndal",
        "Partille",
        "Stenungsund",
        "Tjörn",
        "Öckerö",
    },
    "halland": {"Falkenberg", "Halmstad", "Hylte", "Laholm", "Varberg"},
}

pytestmark = pytest.mark.django_db


# --- counties and municipalities ----------------------------------------------------------


def test_21_counties_with_two_digit_codes():
    assert County.objects.count() == 21
    assert all(len(c) == 2 and c.isdigit() for c in County.objects.values_list("code", flat=True))
    assert County.objects.get(code="14").name == "Västra Götalands län"
    assert County.objects.get(code="13").name == "Hallands län"
    assert County.objects.get(code="01").name == "Stockholms län"
    assert County.objects.get(code="25").name == "Norrbottens län"


def test_290_municipalities_with_unique_codes():
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == 290
    assert len(set(codes)) == 290
    assert all(len(c) == 4 and c.isdigit() for c in codes)


def test_municipality_code_starts_with_its_county_code():
    wrong = [
        (code, county)
        for code, county in Municipality.objects.values_list("code", "county_id")
        if code[:2] != county
    ]
    assert wrong == []


def test_every_county_has_municipalities():
    counts = {c.code: c.municipalities.count() for c in County.objects.all()}
    assert all(n > 0 for n in counts.values())
    assert counts["14"] == 49  # Västra Götalands län
    assert counts["13"] == 6  # Hallands län
    assert counts["01"] == 26  # Stockholms län


@pytest.mark.parametrize(("code", "name"), sorted(EXAMPLE_MUNICIPALITIES.items()))
def test_example_municipalities(code, name):
    municipality = Municipality.objects.get(code=code)
    assert municipality.name == name
    assert municipality.county_id == code[:2]


def test_kungsbacka_is_in_halland_county_but_goteborgsregionen():
    kungsbacka = Municipality.objects.get(code="1384")
    assert kungsbacka.name == "Kungsbacka"
    assert kungsbacka.county.name == "Hallands län"
    assert kungsbacka.subregion_id == "goteborgsregionen"


# --- subregions ---------------------------------------------------------------------------


def test_subregion_sizes_and_members():
    assert set(Subregion.objects.values_list("slug", flat=True)) == set(SUBREGION_MEMBERS)
    for slug, members in SUBREGION_MEMBERS.items():
        names = set(Subregion.objects.get(slug=slug).municipalities.values_list("name", flat=True))
        assert names == members, slug
    sizes = {s.slug: s.municipalities.count() for s in Subregion.objects.all()}
    assert sizes == {
        "fyrbodal": 14,
        "skaraborg": 15,
        "sjuharad": 8,
        "goteborgsregionen": 13,
        "halland": 5,
    }


def test_subregion_names():
    names = dict(Subregion.objects.values_list("slug", "name"))
    assert names["sjuharad"] == "Sjuhärad (Boråsregionen)"
    assert names["goteborgsregionen"] == "Göteborgsregionen"
    assert names["fyrbodal"] == "Fyrbodal"


def test_subregions_cover_exactly_the_two_west_sweden_counties():
    in_subregion = set(
        Municipality.objects.filter(subregion__isnull=False).values_list("code", flat=True)
    )
    west_counties = set(
        Municipality.objects.filter(county__in=["13", "14"]).values_list("code", flat=True)
    )
    assert in_subregion == west_counties
    assert len(in_subregion) == 55


# --- SNI, SEQF, countries -----------------------------------------------------------------


def test_sni_sections_and_divisions():
    sections = SniCode.objects.filter(level=SniCode.Level.SECTION)
    divisions = SniCode.objects.filter(level=SniCode.Level.DIVISION)
    assert sections.count() == 21
    assert sorted(sections.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRSTU")
    assert not sections.filter(parent__isnull=False).exists()
    assert divisions.count() == 88
    assert not divisions.filter(parent__isnull=True).exists()
    assert set(divisions.values_list("parent__level", flat=True)) == {SniCode.Level.SECTION}
    assert all(c.name_sv and c.name_en for c in SniCode.objects.all())


@pytest.mark.parametrize(
    ("code", "parent", "name_sv"),
    [
        ("01", "A", "Jordbruk och jakt samt service i anslutning härtill"),
        ("16", "C", "Tillverkning av trä och varor av trä, kork, rotting o.d. utom möbler"),
        ("25", "C", "Tillverkning av metallvaror utom maskiner och apparater"),
        ("31", "C", "Tillverkning av möbler"),
        ("43", "F", "Specialiserad bygg- och anläggningsverksamhet"),
        ("47", "G", "Detaljhandel utom med motorfordon och motorcyklar"),
        ("55", "I", "Hotell- och logiverksamhet"),
        ("85", "P", "Utbildning"),
        ("99", "U", "Verksamhet vid internationella organisationer, utländska ambassader o.d."),
    ],
)
def test_sni_division_examples(code, parent, name_sv):
    division = SniCode.objects.get(code=code)
    assert division.parent_id == parent
    assert division.name_sv == name_sv


def test_sni_name_follows_language():
    code = SniCode.objects.get(code="C")
    with translation.override("sv"):
        assert code.name == "Tillverkning"
    with translation.override("en"):
        assert code.name == "Manufacturing"


def test_seqf_levels_1_to_8():
    assert list(SeqfLevel.objects.values_list("level", flat=True)) == list(range(1, 9))
    assert all(s.description_sv and s.description_en for s in SeqfLevel.objects.all())
    assert "Gymnasieexamen" in SeqfLevel.objects.get(level=4).description_sv
    assert "Yrkeshögskoleexamen" in SeqfLevel.objects.get(level=5).description_sv
    assert "Kandidatexamen" in SeqfLevel.objects.get(level=6).description_sv
    assert "doktorsexamen" in SeqfLevel.objects.get(level=8).description_sv


def test_countries():
    assert Country.objects.count() >= 240
    assert Country.objects.get(code="SE").name_sv == "Sverige"
    assert Country.objects.get(code="SE").name_en == "Sweden"
    assert Country.objects.get(code="DK").name_sv == "Danmark"
    assert Country.objects.get(code="NO").name_sv == "Norge"
    assert Country.objects.get(code="FI").name_sv == "Finland"
    assert Country.objects.get(code="DE").name_sv == "Tyskland"
    # common_name is used where pycountry has one
    assert Country.objects.get(code="KR").name_en == "South Korea"
    assert Country.objects.get(code="KR").name_sv == "Sydkorea"
    assert all(len(c) == 2 and c.isupper() for c in Country.objects.values_list("code", flat=True))


# --- the data files themselves ------------------------------------------------------------


def test_data_files_are_consistent():
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 290
    assert all(r["code"][:2] == r["county_code"] for r in rows)
    names = {r["code"]: r["name"] for r in rows}
    data = json.loads((DATA_DIR / "subregions.json").read_text(encoding="utf-8"))
    assert any("Kungsbacka" in line for line in data["_comment"])
    for sub in data["subregions"]:
        for code, name in sub["municipalities"].items():
            assert names[code] == name


# --- the migration ------------------------------------------------------------------------


def _migration():
    return importlib.import_module("kompetensnav.reference.migrations.0002_load_reference_data")


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (County, Subregion, Municipality, SniCode, SeqfLevel, Country)
    }


def test_migration_is_idempotent():
    before = _counts()
    Municipality.objects.filter(code="1485").update(name="Wrong", subregion=None)
    _migration().load_reference_data(apps, SimpleNamespace(connection=connection))
    assert _counts() == before
    uddevalla = Municipality.objects.get(code="1485")
    assert uddevalla.name == "Uddevalla"
    assert uddevalla.subregion_id == "fyrbodal"


def test_migration_reverse_removes_and_forward_restores():
    before = _counts()
    migration = _migration()
    editor = SimpleNamespace(connection=connection)
    migration.unload_reference_data(apps, editor)
    assert all(n == 0 for n in _counts().values())
    migration.load_reference_data(apps, editor)
    assert _counts() == before


# --- selectors ----------------------------------------------------------------------------


def test_municipality_by_code():
    assert selectors.municipality_by_code("1485").name == "Uddevalla"
    assert selectors.municipality_by_code(" 1490 ").name == "Borås"
    assert selectors.municipality_by_code("0180").name == "Stockholm"
    assert selectors.municipality_by_code(180).name == "Stockholm"
    assert selectors.municipality_by_code("9999") is None
    assert selectors.municipality_by_code("abcd") is None
    assert selectors.municipality_by_code("") is None
    assert selectors.municipality_by_code(None) is None
    assert selectors.municipality_by_code("14850") is None


def test_west_sweden_municipalities():
    qs = selectors.west_sweden_municipalities()
    assert qs.count() == 55
    names = set(qs.values_list("name", flat=True))
    assert {"Uddevalla", "Skövde", "Borås", "Göteborg", "Kungsbacka", "Halmstad"} <= names
    assert "Stockholm" not in names
    assert "Kiruna" not in names
    expected = Municipality.objects.filter(county__in=["13", "14"]).order_by("name")
    assert [m.code for m in qs] == [m.code for m in expected]


def test_sni_lookup_section_and_division():
    assert selectors.sni_lookup("C").code == "C"
    assert selectors.sni_lookup("c").code == "C"
    assert selectors.sni_lookup("25").code == "25"
    assert selectors.sni_lookup("25").parent_id == "C"


@pytest.mark.parametrize("prefix", ["25.1", "25.11", "25110", "25.110", " 25 ", "C25", "c25.62"])
def test_sni_lookup_prefix_gives_most_specific_known_code(prefix):
    found = selectors.sni_lookup(prefix)
    assert found is not None
    assert found.code == "25"


@pytest.mark.parametrize("value", ["", None, "Z", "X", "2", "04", "00", "F25", "AB", "25x", "..."])
def test_sni_lookup_unknown(value):
    assert selectors.sni_lookup(value) is None
