"""/api/companies: the shared company register, by name, paginated."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CompanyFactory


@pytest.fixture
def companies(db):
    return {
        "verkstad": CompanyFactory(
            name="Bohusläns Verkstad AB",
            org_number="556677-8899",
            sni_id=None,
            municipality_id="1485",
            employees=48,
        ),
        "bageri": CompanyFactory(name="Alingsås Bageri AB", municipality_id="1380", employees=None),
        "norsk": CompanyFactory(
            name="Fjordbåt AS", org_number="", country_id="NO", municipality_id=None, employees=7
        ),
    }


def _names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


@pytest.mark.parametrize("caller", ["coordinator", "org_admin", "foreign_admin", "broker"])
def test_company_list_shared_with_every_role(request, api_client, companies, caller):
    """The register is shared network-wide, as on the companies pages."""
    response = api_client(request.getfixturevalue(caller)).get("/api/companies")
    assert response.status_code == 200
    assert _names(response) == ["Alingsås Bageri AB", "Bohusläns Verkstad AB", "Fjordbåt AS"]
    assert response.json()["count"] == 3


def test_company_list_item_content(api_client, org_admin, companies):
    items = api_client(org_admin).get("/api/companies").json()["items"]
    for item in items:
        assert datetime.fromisoformat(item.pop("updated")).tzinfo is not None
    assert items[1:] == [
        {
            "id": companies["verkstad"].pk,
            "org_number": "556677-8899",
            "country": "SE",
            "name": "Bohusläns Verkstad AB",
            "sni": None,
            "municipality": "1485",
            "employees": 48,
        },
        {
            "id": companies["norsk"].pk,
            "org_number": "",
            "country": "NO",
            "name": "Fjordbåt AS",
            "sni": None,
            "municipality": None,
            "employees": 7,
        },
    ]
    assert items[0]["employees"] is None


def test_company_list_has_the_sni_code(api_client, org_admin, companies):
    from kompetensnav.reference.models import SniCode

    section, _ = SniCode.objects.get_or_create(
        code="C", defaults={"level": "section", "name_sv": "Tillverkning", "name_en": "Mfg"}
    )
    CompanyFactory(name="Snickeri Ek AB", sni_id=section.code)
    items = api_client(org_admin).get("/api/companies", {"q": "Snickeri"}).json()["items"]
    assert [(i["name"], i["sni"]) for i in items] == [("Snickeri Ek AB", "C")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bageri"}, ["Alingsås Bageri AB"]),  # case-insensitive
        ({"q": "  Verkstad "}, ["Bohusläns Verkstad AB"]),
        ({"q": "5566"}, ["Bohusläns Verkstad AB"]),  # the start of the org. number
        ({"q": "556677-8899"}, ["Bohusläns Verkstad AB"]),
        ({"q": "Ingen sådan"}, []),
        ({"q": ""}, ["Alingsås Bageri AB", "Bohusläns Verkstad AB", "Fjordbåt AS"]),
    ],
)
def test_company_list_search(api_client, org_admin, companies, params, expected):
    response = api_client(org_admin).get("/api/companies", params)
    assert response.status_code == 200
    assert _names(response) == expected
    assert response.json()["count"] == len(expected)


def test_company_list_paginates_in_a_stable_order(api_client, org_admin, companies):
    # same names: the id decides, so pages never overlap
    twins = CompanyFactory.create_batch(3, name="Alingsås Bageri AB")
    client = api_client(org_admin)
    everything = client.get("/api/companies", {"limit": 200}).json()
    first = client.get("/api/companies", {"limit": 3, "offset": 0}).json()
    second = client.get("/api/companies", {"limit": 3, "offset": 3}).json()
    assert first["count"] == second["count"] == everything["count"] == 6
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert ids == [i["id"] for i in everything["items"]]
    assert ids[:4] == sorted([companies["bageri"].pk, *(t.pk for t in twins)])
    assert client.get("/api/companies", {"offset": 99}).json() == {"items": [], "count": 6}


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 201},
        {"limit": 0},
        {"offset": -1},
        {"q": "x" * 101},
        {"q": "nul\x00byte"},
        {"limit": "many"},
    ],
)
def test_company_list_invalid_parameters_422(api_client, org_admin, params):
    response = api_client(org_admin).get("/api/companies", params)
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["errors"] and body["errors"][0]["loc"][0] == "query"


def test_company_list_query_count_independent_of_rows(
    api_client, org_admin, companies, django_assert_max_num_queries
):
    client = api_client(org_admin)
    client.get("/api/companies")  # the token's first use also records last_used
    with CaptureQueriesContext(connection) as few:
        client.get("/api/companies")
    CompanyFactory.create_batch(30, municipality_id="1380")
    CompanyFactory.create_batch(5, municipality_id=None, org_number="", country_id="NO")
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as many:
        response = client.get("/api/companies")
    assert len(response.json()["items"]) == 38
    assert len(many) == len(few)
