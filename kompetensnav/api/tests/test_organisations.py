import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetensnav.network.enums import OrganisationKind
from tests.factories import OrganisationFactory

from .helpers import translated


@pytest.fixture
def orgs(own_org, foreign_org, network_org):
    halmstad = OrganisationFactory(
        name="Campus Halmstad",
        kind=OrganisationKind.ADULT_EDUCATION,
        municipality_id="1380",
        org_number="212000-1355",
    )
    abroad = OrganisationFactory(
        name="Folkhøgskole Oslo", kind=OrganisationKind.OTHER, municipality_id=None, country_id="NO"
    )
    return {"own": own_org, "foreign": foreign_org, "halmstad": halmstad, "abroad": abroad}


def _names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


@pytest.mark.parametrize("caller", ["coordinator", "org_admin", "foreign_admin", "broker"])
def test_organisation_list_shared_with_every_role(request, api_client, orgs, caller):
    """Organisations and their public facts are network-wide, as on the web pages."""
    response = api_client(request.getfixturevalue(caller)).get("/api/organisations")
    assert response.status_code == 200
    body = response.json()
    assert _names(response) == sorted(_names(response))
    assert {"Lärcentrum Egen", "Vuxenutbildning Annan", "Campus Halmstad"} <= set(_names(response))
    assert body["count"] == len(body["items"])


def test_organisation_list_item_content(api_client, org_admin, orgs):
    items = api_client(org_admin).get("/api/organisations", {"q": "Halmstad"}).json()["items"]
    assert items == [
        {
            "id": orgs["halmstad"].pk,
            "external_id": None,
            "name": "Campus Halmstad",
            "kind": "adult_education",
            "kind_label": translated(OrganisationKind.ADULT_EDUCATION.label),
            "org_number": "212000-1355",
            "municipality": {"code": "1380", "name": "Halmstad"},
            "subregion": {"slug": "halland", "name": "Halland"},
            "country": "SE",
            "created": items[0]["created"],
        }
    ]


def test_organisation_list_without_municipality_has_nulls(api_client, org_admin, orgs):
    items = api_client(org_admin).get("/api/organisations", {"q": "Oslo"}).json()["items"]
    assert [(i["name"], i["municipality"], i["subregion"], i["country"]) for i in items] == [
        ("Folkhøgskole Oslo", None, None, "NO")
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "halmstad"}, ["Campus Halmstad"]),  # case-insensitive, municipality name too
        ({"q": "212000"}, ["Campus Halmstad"]),  # organisation number
        ({"subregion": "halland"}, ["Campus Halmstad"]),
        ({"kind": "adult_education"}, ["Campus Halmstad"]),
        ({"kind": "other", "q": "Oslo"}, ["Folkhøgskole Oslo"]),
        ({"subregion": "halland", "kind": "network"}, []),
        ({"q": "  Halmstad  "}, ["Campus Halmstad"]),
    ],
)
def test_organisation_list_filters(api_client, org_admin, orgs, params, expected):
    response = api_client(org_admin).get("/api/organisations", params)
    assert response.status_code == 200
    assert _names(response) == expected
    assert response.json()["count"] == len(expected)


def test_organisation_list_paginates_with_limit_and_offset(api_client, org_admin, orgs):
    client = api_client(org_admin)
    everything = client.get("/api/organisations", {"limit": 200}).json()
    first = client.get("/api/organisations", {"limit": 2, "offset": 0}).json()
    second = client.get("/api/organisations", {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] == everything["count"] == 5
    assert [i["id"] for i in first["items"] + second["items"]] == [
        i["id"] for i in everything["items"][:4]
    ]
    assert client.get("/api/organisations", {"offset": 99}).json() == {"items": [], "count": 5}


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 201},
        {"limit": 0},
        {"offset": -1},
        {"kind": "castle"},
        {"subregion": "not a slug"},
        {"q": "x" * 101},
        {"q": "nul\x00byte"},
        {"limit": "many"},
    ],
)
def test_organisation_list_invalid_parameters_422(api_client, org_admin, orgs, params):
    response = api_client(org_admin).get("/api/organisations", params)
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["errors"] and body["errors"][0]["loc"][0] == "query"


def test_organisation_list_query_count_independent_of_rows(
    api_client, org_admin, orgs, django_assert_max_num_queries
):
    client = api_client(org_admin)
    client.get("/api/organisations")  # the token's first use also records last_used
    with CaptureQueriesContext(connection) as few:
        client.get("/api/organisations")
    OrganisationFactory.create_batch(30, municipality_id="1380")
    OrganisationFactory.create_batch(5, municipality_id=None)
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as many:
        response = client.get("/api/organisations")
    assert len(response.json()["items"]) == 40
    assert len(many) == len(few)


def test_organisation_get_answers_detail(api_client, foreign_admin, orgs):
    """Another organisation's public facts are visible to everyone in the network."""
    response = api_client(foreign_admin).get(f"/api/organisations/{orgs['own'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == orgs["own"].pk
    assert body["name"] == "Lärcentrum Egen"
    assert body["municipality"] == {"code": "1485", "name": "Uddevalla"}
    assert body["subregion"] == {"slug": "fyrbodal", "name": "Fyrbodal"}


@pytest.mark.parametrize("pk", ["999999", "9223372036854775807"])
def test_organisation_get_missing_404_json(api_client, org_admin, orgs, pk):
    response = api_client(org_admin).get(f"/api/organisations/{pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": translated("Not found.")}


@pytest.mark.parametrize("pk", ["0", "-1", "abc", "9223372036854775808"])
def test_organisation_get_invalid_id_422(api_client, org_admin, pk):
    response = api_client(org_admin).get(f"/api/organisations/{pk}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "id"]
