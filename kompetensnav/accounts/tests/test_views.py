import pytest
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, ApiToken
from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db


def test_people_list_shows_only_own_organisation(org_admin, own_org, foreign_org, client_for):
    mine = AffiliationFactory(organisation=own_org, user__full_name="Egen Person")
    theirs = AffiliationFactory(organisation=foreign_org, user__full_name="Främmande Person")
    body = client_for(org_admin).get(reverse("accounts:people")).content.decode()
    assert mine.user.email in body
    assert theirs.user.email not in body


def test_people_list_search_keeps_the_query(org_admin, own_org, client_for):
    AffiliationFactory(organisation=own_org, user__full_name="Sökbar Svensson")
    AffiliationFactory(organisation=own_org, user__full_name="Annan Andersson")
    response = client_for(org_admin).get(reverse("accounts:people"), {"q": "Sökbar"})
    body = response.content.decode()
    assert "Sökbar Svensson" in body
    assert "Annan Andersson" not in body
    assert 'value="Sökbar"' in body


def test_people_list_query_count_does_not_grow_with_rows(
    coordinator, client_for, django_assert_max_num_queries
):
    client = client_for(coordinator)
    AffiliationFactory.create_batch(5)
    with django_assert_max_num_queries(10) as small:
        client.get(reverse("accounts:people"))
    AffiliationFactory.create_batch(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("accounts:people"))


def test_people_list_is_paginated(coordinator, client_for):
    AffiliationFactory.create_batch(30)
    response = client_for(coordinator).get(reverse("accounts:people"))
    assert len(response.context["object_list"]) == 25
    assert response.context["page_obj"].has_next()


def test_invite_form_with_bad_email_keeps_input_and_explains(org_admin, client_for):
    response = client_for(org_admin).post(
        reverse("accounts:person_invite"),
        {"full_name": "Kalle Test", "email": "inte-en-adress", "role": Role.BROKER},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kalle Test"' in body
    assert 'value="inte-en-adress"' in body
    assert 'aria-invalid="true"' in body


def test_invite_form_as_org_admin_cannot_pick_coordinator_or_other_org(
    org_admin, own_org, foreign_org, client_for
):
    client = client_for(org_admin)
    body = client.get(reverse("accounts:person_invite")).content.decode()
    assert 'value="coordinator"' not in body
    response = client.post(
        reverse("accounts:person_invite"),
        {
            "full_name": "X",
            "email": "x@example.se",
            "role": Role.BROKER,
            "organisation": foreign_org.pk,
        },
    )
    assert response.status_code == 200
    assert not Affiliation.objects.filter(user__email="x@example.se").exists()


def test_invite_form_success_redirects_with_message(org_admin, own_org, client_for):
    response = client_for(org_admin).post(
        reverse("accounts:person_invite"),
        {
            "full_name": "Ny",
            "email": "ny@example.se",
            "role": Role.BROKER,
            "organisation": own_org.pk,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:people")
    assert "ny@example.se" in response.content.decode()
    assert Affiliation.objects.get(user__email="ny@example.se").organisation == own_org


def test_switch_affiliation_changes_acting_organisation(
    make_user, own_org, foreign_org, client_for
):
    user = make_user(Role.BROKER, own_org)
    second = Affiliation.objects.create(user=user, organisation=foreign_org, role=Role.VIEWER)
    client = client_for(user)
    client.post(reverse("accounts:switch_affiliation"), {"affiliation": second.pk})
    body = client.get("/").content.decode()
    assert foreign_org.name in body
    # an affiliation that is not the user's answers 404
    other = AffiliationFactory()
    assert (
        client.post(reverse("accounts:switch_affiliation"), {"affiliation": other.pk}).status_code
        == 404
    )


def test_api_token_created_once_then_revoked_after_confirmation(broker, client_for):
    client = client_for(broker)
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "Integration", "scopes": ["read"]}
    )
    token = ApiToken.objects.get(affiliation__user=broker)
    assert 'id="new-token"' in response.content.decode()
    assert 'id="new-token"' not in client.get(reverse("accounts:api_tokens")).content.decode()
    confirm = client.get(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert "Integration" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked is None  # GET only asks
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked is not None


def test_coordinator_disables_account_after_confirmation(coordinator, broker, client_for):
    affiliation = Affiliation.objects.get(user=broker)
    client = client_for(coordinator)
    url = reverse("accounts:user_set_active", args=[affiliation.pk])
    assert broker.email in client.get(url).content.decode()
    broker.refresh_from_db()
    assert broker.is_active
    client.post(url)
    broker.refresh_from_db()
    assert not broker.is_active
    client.post(url)
    broker.refresh_from_db()
    assert broker.is_active


def test_profile_saves_language(broker, client_for):
    client = client_for(broker)
    client.post(reverse("accounts:profile"), {"full_name": "Nytt Namn", "language": "en"})
    broker.refresh_from_db()
    assert broker.full_name == "Nytt Namn"
    assert '<html lang="en">' in client.get("/").content.decode()
