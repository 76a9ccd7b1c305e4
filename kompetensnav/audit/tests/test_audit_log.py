import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.audit.registry import AUDITED
from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db

PERSONAL_FIELD_NAMES = {
    "email",
    "full_name",
    "first_name",
    "last_name",
    "phone",
    "gender",
    "birth_date",
    "personal_identity_number",
    "personnummer",
}


def _holds_personal_data(model) -> bool:
    return any(
        isinstance(f, models.EmailField) or f.name in PERSONAL_FIELD_NAMES
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
    )


def test_every_model_with_personal_data_is_audited():
    ours = [m for m in apps.get_models() if m.__module__.startswith("kompetensnav.")]
    personal = {m._meta.label for m in ours if _holds_personal_data(m)}
    assert "accounts.User" in personal
    missing = sorted(personal - AUDITED)
    assert not missing, f"models with personal data but no audit log: {missing}"


def test_role_change_is_logged_with_actor_and_change(org_admin, client_for, own_org):
    person = AffiliationFactory(organisation=own_org, role=Role.VIEWER)
    response = client_for(org_admin).post(
        reverse("accounts:person_edit", args=[person.pk]),
        {"role": Role.BROKER, "is_active": "on"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == org_admin
    assert entry.changes_dict["role"] == ["viewer", "broker"]


def test_password_is_never_in_the_log(broker):
    broker.set_password("a-new-secret-password")
    broker.save()
    for entry in LogEntry.objects.get_for_object(broker):
        assert "password" not in (entry.changes_dict or {})


def test_log_rows_cannot_be_changed_or_deleted(broker):
    entry = LogEntry.objects.get_for_object(broker).first()
    assert entry is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.object_repr != "tampered"


REDACTED = {"object_repr": "—", "changes": None, "changes_text": "", "serialized_data": None}


def test_a_redaction_is_the_one_change_allowed(broker):
    """Erasure at the end of a retention period (participants/retention.py) removes what an
    entry said of a person and nothing else; any other change with it is refused."""
    entry = LogEntry.objects.get_for_object(broker).first()
    for tampered in (
        {**REDACTED, "object_repr": "tampered"},
        {**REDACTED, "changes_text": "x"},
        {**REDACTED, "action": LogEntry.Action.DELETE},
        {**REDACTED, "timestamp": entry.timestamp.replace(year=2000)},
        {**REDACTED, "additional_data": {"x": 1}},
        {"changes": None},
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            LogEntry.objects.filter(pk=entry.pk).update(**tampered)
    LogEntry.objects.filter(pk=entry.pk).update(**REDACTED)
    entry.refresh_from_db()
    assert (entry.object_repr, entry.changes, entry.changes_text) == ("—", None, "")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()


def test_deleting_an_actor_keeps_their_entries(org_admin, own_org, client_for):
    person = AffiliationFactory(organisation=own_org, role=Role.VIEWER)
    client_for(org_admin).post(
        reverse("accounts:person_edit", args=[person.pk]), {"role": Role.BOARD, "is_active": "on"}
    )
    email = org_admin.email
    org_admin.delete()
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor is None
    assert entry.actor_email == email


def test_log_page_lists_changes_for_coordinator(
    coordinator, broker, client_for, django_assert_max_num_queries
):
    for i in range(5):
        AffiliationFactory(role=Role.VIEWER, user__full_name=f"Person {i}")
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:log"))
    body = response.content.decode()
    assert response.status_code == 200
    assert broker.email in body
    filtered = client.get(reverse("audit:log"), {"model": "accounts.affiliation"})
    assert filtered.status_code == 200
    assert filtered.context["page_obj"].paginator.count == Affiliation.objects.count()


@pytest.mark.parametrize("fixture", ["org_admin", "broker", "foreign_admin"])
def test_log_page_forbidden_for_other_roles(fixture, request, client_for):
    user = request.getfixturevalue(fixture)
    assert client_for(user).get(reverse("audit:log")).status_code == 403


def test_log_page_says_what_changed_in_words(coordinator, own_org, client_for):
    """Field names as the forms call them and a role's label, not "role: viewer → broker"."""
    person = AffiliationFactory(organisation=own_org, role=Role.VIEWER)
    person.role = Role.BROKER
    person.is_active = False
    person.save()
    body = client_for(coordinator).get(reverse("audit:log")).content.decode()
    from django.utils.translation import override

    with override("sv"):
        role = str(Affiliation._meta.get_field("role").verbose_name).capitalize()
        expected = f"<strong>{role}</strong>: {Role.VIEWER.label} → {Role.BROKER.label}"
    assert expected in body
    assert "viewer → broker" not in body
    assert "<strong>Aktiv</strong>: ja → nej" in body
    assert "<strong>role</strong>" not in body and "True → False" not in body
