"""Reference data. The data migration may or may not have loaded the full lists, so these
tests add the rows they look for and assert on them (and on filters), not on totals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetensnav.reference.models import (
    Country,
    County,
    Municipality,
    SeqfLevel,
    SniCode,
    Subregion,
)


@pytest.fixture
def sni(db):
    section, _ = SniCode.objects.get_or_create(
        code="C",
        defaults={"level": "section", "name_sv": "Tillverkning", "name_en": "Manufacturing"},
    )
    division, _ = SniCode.objects.get_or_create(
        code="10",
        defaults={
            "level": "division",
            "parent": section,
            "name_sv": "Livsmedelsframställning",
            "name_en": "Manufacture of food products",
        },
    )
    return section, division


@pytest.fixture
def seqf(db):
    level, _ = SeqfLevel.objects.get_or_create(
        level=4, defaults={"description_sv": "Gymnasieexamen", "description_en": "Upper secondary"}
    )
    return level


def _all_items(client, path: str, **params) -> list[dict]:
    items: list[dict] = []
    while True:
        body = client.get(path, {**params, "limit": 200, "offset": len(items)}).json()
        items += body["items"]
        if len(items) >= body["count"]:
            return items


def test_municipality_list_content(api_client, org_admin):
    items = _all_items(api_client(org_admin), "/api/reference/municipalities")
    assert {"code": "1485", "name": "Uddevalla", "county": "14", "subregion": "fyrbodal"} in items
    assert [i["name"] for i in items] == sorted(i["name"] for i in items)


@pytest.mark.parametrize(
    ("params", "included", "excluded"),
    [
        ({"county": "14"}, "1485", "1380"),
        ({"county": "13"}, "1380", "1485"),
        ({"subregion": "halland"}, "1380", "1485"),
        ({"subregion": "fyrbodal", "county": "14"}, "1485", "1380"),
    ],
)
def test_municipality_list_filters(api_client, org_admin, params, included, excluded):
    codes = {
        i["code"]
        for i in _all_items(api_client(org_admin), "/api/reference/municipalities", **params)
    }
    assert included in codes
    assert excluded not in codes


def test_municipality_list_unknown_filter_empty(api_client, org_admin):
    response = api_client(org_admin).get("/api/reference/municipalities", {"county": "99"})
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize("params", [{"county": "1"}, {"county": "ab"}, {"subregion": "a b"}])
def test_municipality_list_invalid_filter_422(api_client, org_admin, params):
    assert api_client(org_admin).get("/api/reference/municipalities", params).status_code == 422


def test_county_list_content(api_client, org_admin):
    items = api_client(org_admin).get("/api/reference/counties").json()
    assert {"code": "14", "name": County.objects.get(code="14").name} in items
    assert [i["code"] for i in items] == sorted(i["code"] for i in items)


def test_subregion_list_content(api_client, org_admin):
    items = api_client(org_admin).get("/api/reference/subregions").json()
    assert {"slug": "fyrbodal", "name": Subregion.objects.get(slug="fyrbodal").name} in items
    assert {"slug": "halland", "name": Subregion.objects.get(slug="halland").name} in items


def test_sni_list_content(api_client, org_admin, sni):
    items = _all_items(api_client(org_admin), "/api/reference/sni")
    section, division = (SniCode.objects.get(code=c) for c in ("C", "10"))
    assert {
        "code": "10",
        "level": "division",
        "parent": "C",
        "name_sv": division.name_sv,
        "name_en": division.name_en,
    } in items
    assert {
        "code": "C",
        "level": "section",
        "parent": None,
        "name_sv": section.name_sv,
        "name_en": section.name_en,
    } in items


@pytest.mark.parametrize(
    ("level", "included", "excluded"), [("section", "C", "10"), ("division", "10", "C")]
)
def test_sni_list_filter_level(api_client, org_admin, sni, level, included, excluded):
    items = _all_items(api_client(org_admin), "/api/reference/sni", level=level)
    codes = {i["code"] for i in items}
    assert included in codes
    assert excluded not in codes
    assert {i["level"] for i in items} == {level}


def test_sni_list_invalid_level_422(api_client, org_admin):
    assert api_client(org_admin).get("/api/reference/sni", {"level": "group"}).status_code == 422


def test_seqf_level_list_content(api_client, org_admin, seqf):
    items = api_client(org_admin).get("/api/reference/seqf-levels").json()
    assert {
        "level": 4,
        "description_sv": seqf.description_sv,
        "description_en": seqf.description_en,
    } in items
    assert [i["level"] for i in items] == sorted(i["level"] for i in items)


def test_country_list_content(api_client, org_admin):
    items = _all_items(api_client(org_admin), "/api/reference/countries")
    sweden = Country.objects.get(code="SE")
    assert {"code": "SE", "name_sv": sweden.name_sv, "name_en": sweden.name_en} in items
    assert [i["code"] for i in items] == sorted(i["code"] for i in items)


def _grow_reference_data() -> None:
    county = County.objects.get(code="14")
    subregion = Subregion.objects.get(slug="fyrbodal")
    for n in range(30):
        County.objects.get_or_create(code=f"9{n % 10}", defaults={"name": f"Testlän {n % 10}"})
        Subregion.objects.get_or_create(slug=f"test-{n}", defaults={"name": f"Testregion {n}"})
        Municipality.objects.get_or_create(
            code=f"99{n:02d}",
            defaults={"name": f"Testkommun {n}", "county": county, "subregion": subregion},
        )
        Country.objects.get_or_create(
            code=f"Q{chr(65 + n % 26)}", defaults={"name_sv": f"Land {n}", "name_en": f"Land {n}"}
        )
        SniCode.objects.get_or_create(
            code=f"T{n:02d}", defaults={"level": "section", "name_sv": "x", "name_en": "x"}
        )
    for level in range(1, 9):
        SeqfLevel.objects.get_or_create(
            level=level, defaults={"description_sv": "x", "description_en": "x"}
        )


@pytest.mark.parametrize(
    ("path", "max_queries"),
    [
        ("/api/reference/municipalities", 3),
        ("/api/reference/counties", 2),
        ("/api/reference/subregions", 2),
        ("/api/reference/sni", 3),
        ("/api/reference/seqf-levels", 2),
        ("/api/reference/countries", 3),
    ],
)
def test_reference_list_query_count_independent_of_rows(
    api_client, org_admin, sni, seqf, django_assert_max_num_queries, path, max_queries
):
    client = api_client(org_admin)
    client.get(path)  # the token's first use also records last_used
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    _grow_reference_data()
    with django_assert_max_num_queries(max_queries), CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)
