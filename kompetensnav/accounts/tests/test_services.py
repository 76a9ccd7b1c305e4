import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kompetensnav.accounts import services
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, ApiToken, User
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def test_person_invite_by_org_admin_creates_user_and_mails_after_commit(
    org_admin, own_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        affiliation = services.person_invite(
            actor=org_admin,
            organisation=own_org,
            email="Ny.Person@Example.se",
            full_name="Ny Person",
            role=Role.BROKER,
            base_url="http://testserver/",
        )
    assert affiliation.user.email == "ny.person@example.se"
    assert not affiliation.user.has_usable_password()
    assert mail.outbox == []  # the mail goes out from the task worker, not the request
    assert run_queued_tasks() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.person@example.se"]
    assert "/accounts/password/reset/key/" in message.body
    assert own_org.name in message.body


def test_person_invite_rolled_back_sends_no_mail(
    org_admin, own_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.person_invite(
            actor=org_admin,
            organisation=own_org,
            email="ny@example.se",
            full_name="Ny",
            role=Role.VIEWER,
            base_url="http://testserver/",
        )
    # the mail is only queued by an on-commit callback: nothing is enqueued before the commit
    assert len(callbacks) == 1
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.exists()


def test_person_invite_into_foreign_organisation_is_denied(org_admin, foreign_org):
    with pytest.raises(PermissionDenied):
        services.person_invite(
            actor=org_admin,
            organisation=foreign_org,
            email="x@example.se",
            full_name="X",
            role=Role.VIEWER,
            base_url="http://testserver/",
        )
    assert not User.objects.filter(email="x@example.se").exists()


def test_person_invite_coordinator_role_only_by_coordinator(org_admin, own_org):
    with pytest.raises(PermissionDenied):
        services.person_invite(
            actor=org_admin,
            organisation=own_org,
            email="y@example.se",
            full_name="Y",
            role=Role.COORDINATOR,
            base_url="http://testserver/",
        )


def test_person_invite_existing_user_adds_role_without_new_account(
    coordinator, org_admin, foreign_org
):
    affiliation = services.person_invite(
        actor=coordinator,
        organisation=foreign_org,
        email=org_admin.email.upper(),
        full_name="ignored",
        role=Role.VIEWER,
        base_url="http://testserver/",
    )
    assert affiliation.user == org_admin
    assert User.objects.filter(email=org_admin.email).count() == 1


def test_person_invite_twice_in_same_organisation_is_a_validation_error(org_admin, broker, own_org):
    with pytest.raises(ValidationError) as info:
        services.person_invite(
            actor=org_admin,
            organisation=own_org,
            email=broker.email,
            full_name="",
            role=Role.VIEWER,
            base_url="http://testserver/",
        )
    assert "email" in info.value.message_dict


def test_affiliation_update_cannot_change_own_role(org_admin):
    affiliation = Affiliation.objects.get(user=org_admin)
    with pytest.raises(ValidationError):
        services.affiliation_update(
            actor=org_admin, affiliation=affiliation, role=Role.VIEWER, is_active=True
        )


def test_affiliation_update_deactivation_removes_access(org_admin, broker, client_for):
    affiliation = Affiliation.objects.get(user=broker)
    services.affiliation_update(
        actor=org_admin, affiliation=affiliation, role=Role.BROKER, is_active=False
    )
    response = client_for(broker).get(reverse("network:organisation_list"))
    assert response.status_code == 403


def test_user_set_active_false_ends_existing_sessions(coordinator, broker, client):
    client.force_login(broker)
    assert client.get(reverse("accounts:profile")).status_code == 200
    services.user_set_active(actor=coordinator, user=broker, is_active=False)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_user_set_active_only_by_coordinator(org_admin, broker):
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=org_admin, user=broker, is_active=False)


def test_api_token_create_stores_only_a_hash(broker):
    broker.affiliation = Affiliation.objects.get(user=broker)
    token, raw = services.api_token_create(actor=broker, name="Integration")
    assert raw.startswith("knav_")
    assert raw not in token.key_hash
    assert ApiToken.find(raw) == token
    services.api_token_revoke(actor=broker, token=token)
    assert ApiToken.find(raw) is None


def test_api_token_revoke_of_someone_elses_token_is_denied(broker, org_admin):
    org_admin.affiliation = Affiliation.objects.get(user=org_admin)
    token, _raw = services.api_token_create(actor=org_admin, name="A")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=broker, token=token)
