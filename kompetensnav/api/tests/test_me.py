import pytest

from kompetensnav.accounts.enums import Role

from .helpers import translated


def test_me_answers_token_user_and_acting_organisation(api_client, make_user, own_org):
    user = make_user(Role.ORG_ADMIN, own_org, full_name="Anna Admin", language="en")
    response = api_client(user).get("/api/me")
    assert response.status_code == 200
    assert response.json() == {
        "email": user.email,
        "name": "Anna Admin",
        "language": "en",
        "organisation": {"id": own_org.pk, "name": own_org.name},
        "role": "org_admin",
        "role_label": translated(Role.ORG_ADMIN.label, "en"),
    }


def test_me_as_coordinator_acts_for_network_org(api_client, coordinator, network_org):
    body = api_client(coordinator).get("/api/me").json()
    assert body["role"] == "coordinator"
    assert body["organisation"] == {"id": network_org.pk, "name": network_org.name}


def test_me_acts_for_token_affiliation_not_users_other_one(
    api_client, token_for, org_admin, foreign_org
):
    """A user with roles in two organisations: the token acts for the one it was made for."""
    token = token_for(org_admin)
    org_admin.affiliations.create(organisation=foreign_org, role=Role.VIEWER)
    body = api_client(token=token).get("/api/me").json()
    assert body["role"] == "org_admin"
    assert body["organisation"]["name"] == "Lärcentrum Egen"


@pytest.mark.parametrize("saved", ["sv", "en"])
def test_me_texts_in_users_saved_language(api_client, make_user, own_org, saved):
    """As on the web pages, the account's language decides; Accept-Language does not."""
    user = make_user(Role.BROKER, own_org, language=saved)
    other = "en" if saved == "sv" else "sv"
    response = api_client(user).get("/api/me", headers={"Accept-Language": other})
    assert response.json()["language"] == saved
    assert response.json()["role_label"] == translated(Role.BROKER.label, saved)
    assert response["Content-Language"] == saved


def test_me_records_token_last_use(api_client, org_admin):
    from kompetensnav.accounts.models import ApiToken

    api_client(org_admin).get("/api/me")
    assert ApiToken.objects.get(affiliation__user=org_admin).last_used is not None
