import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from tests.factories import AffiliationFactory

from .helpers import translated


@pytest.fixture
def people(coordinator, org_admin, broker, foreign_admin, make_user, foreign_org, own_org):
    """Both organisations with people in them, so that a leak would show."""
    foreign_broker = make_user(Role.BROKER, foreign_org, email="hemlig@annan.se")
    own_viewer = make_user(Role.VIEWER, own_org, email="tittare@egen.se", full_name="Tova Tittare")

    def aff(user):
        return Affiliation.objects.get(user=user)

    return {
        "coordinator": aff(coordinator),
        "org_admin": aff(org_admin),
        "broker": aff(broker),
        "own_viewer": aff(own_viewer),
        "foreign_admin": aff(foreign_admin),
        "foreign_broker": aff(foreign_broker),
    }


def _ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


def test_person_list_as_coordinator_includes_every_organisation(api_client, coordinator, people):
    response = api_client(coordinator).get("/api/people")
    assert response.status_code == 200
    assert _ids(response) == {a.pk for a in people.values()}
    assert response.json()["count"] == len(people)


def test_person_list_as_org_admin_only_own_organisation(api_client, org_admin, people):
    response = api_client(org_admin).get("/api/people")
    assert _ids(response) == {
        people["org_admin"].pk,
        people["broker"].pk,
        people["own_viewer"].pk,
    }
    emails = {item["email"] for item in response.json()["items"]}
    assert "hemlig@annan.se" not in emails
    assert {item["organisation"]["name"] for item in response.json()["items"]} == {
        "Lärcentrum Egen"
    }


def test_person_list_as_foreign_admin_only_their_organisation(api_client, foreign_admin, people):
    response = api_client(foreign_admin).get("/api/people")
    assert _ids(response) == {people["foreign_admin"].pk, people["foreign_broker"].pk}


def test_person_list_search_never_reaches_foreign_people(api_client, org_admin, people):
    response = api_client(org_admin).get("/api/people", {"q": "hemlig"})
    assert response.json() == {"items": [], "count": 0}
    response = api_client(org_admin).get("/api/people", {"q": "Annan"})
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "tittare"}, {"own_viewer"}),
        ({"q": "TOVA"}, {"own_viewer"}),
        ({"role": "broker"}, {"broker"}),
        ({"role": "coordinator"}, set()),
    ],
)
def test_person_list_filters(api_client, org_admin, people, params, expected):
    response = api_client(org_admin).get("/api/people", params)
    assert _ids(response) == {people[key].pk for key in expected}


def test_person_list_item_content(api_client, org_admin, own_org, people):
    items = api_client(org_admin).get("/api/people", {"q": "tittare"}).json()["items"]
    viewer = people["own_viewer"]
    assert items == [
        {
            "id": viewer.pk,
            "email": "tittare@egen.se",
            "name": "Tova Tittare",
            "organisation": {"id": own_org.pk, "name": "Lärcentrum Egen"},
            "role": "viewer",
            "role_label": translated(Role.VIEWER.label),
            "is_active": True,
            "created": items[0]["created"],
        }
    ]


def test_person_list_inactive_account_shown_inactive(api_client, org_admin, people):
    viewer = people["own_viewer"].user
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    items = api_client(org_admin).get("/api/people", {"q": "tittare"}).json()["items"]
    assert items[0]["is_active"] is False


@pytest.mark.parametrize("role", [Role.BROKER, Role.COURSE_PROVIDER, Role.BOARD, Role.VIEWER])
def test_person_list_forbidden_for_roles_without_permission(
    api_client, make_user, own_org, people, role
):
    response = api_client(make_user(role, own_org)).get("/api/people")
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}


def test_person_list_invalid_role_422(api_client, org_admin):
    assert api_client(org_admin).get("/api/people", {"role": "king"}).status_code == 422


def test_person_list_query_count_independent_of_rows(
    api_client, org_admin, own_org, foreign_org, people, django_assert_max_num_queries
):
    client = api_client(org_admin)
    client.get("/api/people")  # the token's first use also records last_used
    with CaptureQueriesContext(connection) as few:
        client.get("/api/people")
    AffiliationFactory.create_batch(25, organisation=own_org)
    AffiliationFactory.create_batch(10, organisation=foreign_org)
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as many:
        response = client.get("/api/people")
    assert response.json()["count"] == 28
    assert len(many) == len(few)


def test_person_list_query_count_as_coordinator(
    api_client, coordinator, own_org, foreign_org, people, django_assert_max_num_queries
):
    client = api_client(coordinator)
    client.get("/api/people")
    AffiliationFactory.create_batch(20, organisation=own_org)
    AffiliationFactory.create_batch(20, organisation=foreign_org)
    with django_assert_max_num_queries(3):
        response = client.get("/api/people", {"limit": 200})
    assert len(response.json()["items"]) == len(people) + 40


def test_person_get_own_organisation(api_client, org_admin, people):
    response = api_client(org_admin).get(f"/api/people/{people['broker'].pk}")
    assert response.status_code == 200
    assert response.json()["id"] == people["broker"].pk
    assert response.json()["role"] == "broker"


def test_person_get_foreign_organisation_404(api_client, org_admin, people):
    """Another organisation's person answers 404, exactly like one that does not exist."""
    client = api_client(org_admin)
    foreign = client.get(f"/api/people/{people['foreign_broker'].pk}")
    missing = client.get("/api/people/999999")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == {"detail": translated("Not found.")}
    assert "hemlig" not in foreign.content.decode()


def test_person_get_as_coordinator_any_organisation(api_client, coordinator, people):
    response = api_client(coordinator).get(f"/api/people/{people['foreign_broker'].pk}")
    assert response.status_code == 200
    assert response.json()["email"] == "hemlig@annan.se"


def test_person_get_forbidden_for_broker(api_client, broker, people):
    response = api_client(broker).get(f"/api/people/{people['own_viewer'].pk}")
    assert response.status_code == 403
