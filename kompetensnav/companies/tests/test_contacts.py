"""A company's contact people (the company as a customer): added, changed and removed by the
people who meet companies, with the person's consent and its date; shown on the company's
page to the roles that work with companies, never to viewers or the board; every change in
the audit log."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.companies import services
from kompetensnav.companies.models import CompanyContact
from kompetensnav.companies.services import ContactFields
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_consent_is_dated_and_forgotten_when_withdrawn(broker):
    company = CompanyFactory()
    contact = services.company_contact_save(
        actor=broker,
        company=company,
        fields=ContactFields(name=" Eva Ek ", role="HR-chef", phone="0500-12 34 56", consent=True),
    )
    assert contact.name == "Eva Ek" and contact.consent_date == timezone.localdate()
    services.company_contact_save(
        actor=broker, company=company, contact=contact, fields=ContactFields(name="Eva Ek")
    )
    contact.refresh_from_db()
    assert (contact.consent, contact.consent_date) == (False, None)
    assert LogEntry.objects.get_for_object(contact).count() == 2


def test_bad_values_and_other_roles_are_refused(broker, make_user, own_org):
    company = CompanyFactory()
    with pytest.raises(ValidationError) as error:
        services.company_contact_save(
            actor=broker, company=company, fields=ContactFields(name="Eva", phone="ring mig")
        )
    assert "phone" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.company_contact_save(
            actor=make_user(Role.VIEWER, own_org), company=company, fields=ContactFields(name="X")
        )
    other = services.company_contact_save(
        actor=broker, company=CompanyFactory(), fields=ContactFields(name="Olle")
    )
    with pytest.raises(ValidationError):
        services.company_contact_save(
            actor=broker, company=company, contact=other, fields=ContactFields(name="Olle")
        )


def test_the_form_keeps_what_was_typed_and_says_what_to_fix(broker, client_for):
    company = CompanyFactory()
    client = client_for(broker)
    url = reverse("companies:contact_create", args=[company.pk])
    typed = {"name": "Eva Ek", "role": "VD", "email": "eva@", "phone": "ring mig", "consent": "on"}
    response = client.post(url, typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "phone"}
    assert form["name"].value() == "Eva Ek" and form["role"].value() == "VD"
    assert not CompanyContact.objects.exists()

    typed.update(email="eva@verkstad.se", phone="+46 500 12 34 56", consent_date="2026-03-01")
    response = client.post(url, typed)
    assert response["Location"] == reverse("companies:company_detail", args=[company.pk]) + (
        "#contacts"
    )
    contact = CompanyContact.objects.get()
    assert contact.consent_date == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.BROKER, True),
        (Role.ORG_ADMIN, True),
        (Role.COURSE_PROVIDER, True),
        (Role.BOARD, False),
        (Role.VIEWER, False),
    ],
)
def test_the_company_page_shows_contacts_to_those_who_work_with_companies(
    role, sees, make_user, own_org, client_for, broker
):
    company = CompanyFactory()
    services.company_contact_save(
        actor=broker,
        company=company,
        fields=ContactFields(name="Eva Ek", email="eva@verkstad.se", consent=True),
    )
    html = (
        client_for(make_user(role, own_org))
        .get(reverse("companies:company_detail", args=[company.pk]))
        .text
    )
    assert ("eva@verkstad.se" in html) is sees
    assert ("Eva Ek" in html) is sees


def test_a_contact_is_removed_after_the_question(broker, client_for):
    company = CompanyFactory()
    contact = services.company_contact_save(
        actor=broker, company=company, fields=ContactFields(name="Eva Ek")
    )
    client = client_for(broker)
    url = reverse("companies:contact_delete", args=[contact.pk])
    assert "Vill du ta bort Eva Ek?" in client.get(url).text
    assert CompanyContact.objects.exists()
    client.post(url)
    assert not CompanyContact.objects.exists()
    assert LogEntry.objects.filter(object_repr="Eva Ek", action=LogEntry.Action.DELETE).exists()


def test_the_company_page_uses_few_queries_whatever_the_contacts(
    broker, client_for, django_assert_max_num_queries
):
    company = CompanyFactory()
    for n in range(15):
        services.company_contact_save(
            actor=broker, company=company, fields=ContactFields(name=f"Person {n}")
        )
    client = client_for(broker)
    url = reverse("companies:company_detail", args=[company.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        client.get(url)
