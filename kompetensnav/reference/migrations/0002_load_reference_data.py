"""Load the reference data shipped in kompetensnav/reference/data/ (no network at run time).

Idempotent: every table is upserted with bulk_create(update_conflicts=True), which works on
SQLite and PostgreSQL, so running the forward step again refreshes names without duplicates.
Countries are built from the installed pycountry package (a declared dependency).
The reverse step removes exactly the rows this migration loads.
"""

import csv
import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

EXPECTED_COUNTIES = 21
EXPECTED_MUNICIPALITIES = 290
EXPECTED_SNI_SECTIONS = 21
EXPECTED_SNI_DIVISIONS = 88


def _read_csv(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_json(name):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _check(condition, message):
    if not condition:
        raise RuntimeError(f"reference data in {DATA_DIR} is inconsistent: {message}")


def _upsert(model, objs, unique_field, update_fields, using):
    model.objects.using(using).bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=[unique_field],
        update_fields=update_fields,
        batch_size=500,
    )


# --- reading and checking the files -------------------------------------------------------


def load_counties():
    rows = _read_csv("counties.csv")
    codes = [r["code"] for r in rows]
    _check(len(rows) == EXPECTED_COUNTIES, f"{len(rows)} counties, expected 21")
    _check(len(set(codes)) == len(codes), "duplicate county codes")
    _check(all(len(c) == 2 and c.isdigit() for c in codes), "county codes must be 2 digits")
    return rows


def load_municipalities(county_codes):
    rows = _read_csv("municipalities.csv")
    codes = [r["code"] for r in rows]
    _check(len(rows) == EXPECTED_MUNICIPALITIES, f"{len(rows)} municipalities, expected 290")
    _check(len(set(codes)) == len(codes), "duplicate municipality codes")
    for r in rows:
        _check(len(r["code"]) == 4 and r["code"].isdigit(), f"bad code {r['code']!r}")
        _check(r["code"][:2] == r["county_code"], f"{r['code']} is not in county {r['county_code']}")
        _check(r["county_code"] in county_codes, f"unknown county {r['county_code']}")
        _check(bool(r["name"].strip()), f"{r['code']} has no name")
    return rows


def load_subregions(municipality_names):
    data = _read_json("subregions.json")
    seen = {}
    for sub in data["subregions"]:
        for code, name in sub["municipalities"].items():
            _check(code in municipality_names, f"{sub['slug']}: unknown municipality {code}")
            _check(
                municipality_names[code] == name,
                f"{sub['slug']}: {code} is {municipality_names[code]!r}, not {name!r}",
            )
            _check(code not in seen, f"{code} is in both {seen.get(code)} and {sub['slug']}")
            seen[code] = sub["slug"]
    return data["subregions"], seen


def load_sni():
    rows = _read_csv("sni2007.csv")
    sections = [r for r in rows if r["level"] == "section"]
    divisions = [r for r in rows if r["level"] == "division"]
    section_codes = {r["code"] for r in sections}
    _check(len(sections) == EXPECTED_SNI_SECTIONS, f"{len(sections)} SNI sections, expected 21")
    _check(len(divisions) == EXPECTED_SNI_DIVISIONS, f"{len(divisions)} divisions, expected 88")
    _check(len(sections) + len(divisions) == len(rows), "SNI rows with an unknown level")
    _check(len({r["code"] for r in rows}) == len(rows), "duplicate SNI codes")
    for r in divisions:
        _check(r["parent"] in section_codes, f"SNI {r['code']} has no known parent section")
    return sections, divisions


def load_seqf():
    rows = _read_csv("seqf_levels.csv")
    _check(sorted(int(r["level"]) for r in rows) == list(range(1, 9)), "SEQF levels must be 1-8")
    return rows


def load_countries():
    try:
        import gettext

        import pycountry
    except ImportError as exc:  # pragma: no cover - pycountry is a declared dependency
        raise RuntimeError(
            "The reference data migration needs the 'pycountry' package to build the ISO 3166-1 "
            "country list. It is a declared dependency: install the project requirements "
            "(e.g. `uv sync` or `pip install pycountry`) and run migrate again."
        ) from exc
    try:
        swedish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"])
    except OSError as exc:  # pragma: no cover - the translations ship inside the wheel
        raise RuntimeError(
            "pycountry is installed without its Swedish iso3166-1 translations "
            f"(looked in {pycountry.LOCALES_DIR}); reinstall pycountry."
        ) from exc

    rows = []
    for country in pycountry.countries:
        # common_name ("South Korea", "Vietnam", "Iran") reads better than the formal ISO
        # name ("Korea, Republic of"); the Swedish catalogue translates both.
        english = getattr(country, "common_name", None) or country.name
        swedish_name = swedish.gettext(english)
        if swedish_name == english and english != country.name:
            swedish_name = swedish.gettext(country.name)
        rows.append({"code": country.alpha_2, "name_en": english, "name_sv": swedish_name})
    return rows


# --- forward and reverse ------------------------------------------------------------------


def load_reference_data(apps, schema_editor):
    using = schema_editor.connection.alias
    County = apps.get_model("reference", "County")
    Subregion = apps.get_model("reference", "Subregion")
    Municipality = apps.get_model("reference", "Municipality")
    SniCode = apps.get_model("reference", "SniCode")
    SeqfLevel = apps.get_model("reference", "SeqfLevel")
    Country = apps.get_model("reference", "Country")

    counties = load_counties()
    municipalities = load_municipalities({c["code"] for c in counties})
    subregions, subregion_of = load_subregions({m["code"]: m["name"] for m in municipalities})
    sni_sections, sni_divisions = load_sni()
    seqf = load_seqf()
    countries = load_countries()

    _upsert(County, [County(code=c["code"], name=c["name"]) for c in counties], "code", ["name"], using)
    _upsert(
        Subregion,
        [Subregion(slug=s["slug"], name=s["name"]) for s in subregions],
        "slug",
        ["name"],
        using,
    )
    _upsert(
        Municipality,
        [
            Municipality(
                code=m["code"],
                name=m["name"],
                county_id=m["county_code"],
                subregion_id=subregion_of.get(m["code"]),
            )
            for m in municipalities
        ],
        "code",
        ["name", "county", "subregion"],
        using,
    )
    # Sections before divisions, so every parent exists when its children arrive.
    for rows in (sni_sections, sni_divisions):
        _upsert(
            SniCode,
            [
                SniCode(
                    code=r["code"],
                    level=r["level"],
                    parent_id=r["parent"] or None,
                    name_sv=r["name_sv"],
                    name_en=r["name_en"],
                )
                for r in rows
            ],
            "code",
            ["level", "parent", "name_sv", "name_en"],
            using,
        )
    _upsert(
        SeqfLevel,
        [
            SeqfLevel(
                level=int(r["level"]),
                description_sv=r["description_sv"],
                description_en=r["description_en"],
            )
            for r in seqf
        ],
        "level",
        ["description_sv", "description_en"],
        using,
    )
    _upsert(
        Country,
        [Country(code=c["code"], name_sv=c["name_sv"], name_en=c["name_en"]) for c in countries],
        "code",
        ["name_sv", "name_en"],
        using,
    )


def unload_reference_data(apps, schema_editor):
    using = schema_editor.connection.alias
    County = apps.get_model("reference", "County")
    Subregion = apps.get_model("reference", "Subregion")
    Municipality = apps.get_model("reference", "Municipality")
    SniCode = apps.get_model("reference", "SniCode")
    SeqfLevel = apps.get_model("reference", "SeqfLevel")
    Country = apps.get_model("reference", "Country")

    municipality_codes = [r["code"] for r in _read_csv("municipalities.csv")]
    county_codes = [r["code"] for r in _read_csv("counties.csv")]
    subregion_slugs = [s["slug"] for s in _read_json("subregions.json")["subregions"]]
    sni_rows = _read_csv("sni2007.csv")
    seqf_levels = [int(r["level"]) for r in _read_csv("seqf_levels.csv")]

    Municipality.objects.using(using).filter(code__in=municipality_codes).delete()
    Subregion.objects.using(using).filter(slug__in=subregion_slugs).delete()
    County.objects.using(using).filter(code__in=county_codes).delete()
    # Children first: the parent foreign key is PROTECT.
    SniCode.objects.using(using).filter(
        code__in=[r["code"] for r in sni_rows if r["level"] == "division"]
    ).delete()
    SniCode.objects.using(using).filter(
        code__in=[r["code"] for r in sni_rows if r["level"] == "section"]
    ).delete()
    SeqfLevel.objects.using(using).filter(level__in=seqf_levels).delete()
    # Countries come only from this migration (pycountry), so all of them go.
    Country.objects.using(using).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference_data, unload_reference_data, elidable=False),
    ]
