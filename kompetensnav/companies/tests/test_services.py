import pytest
from django.core.exceptions import ValidationError

from kompetensnav.companies.models import Company
from kompetensnav.companies.selectors import company_search
from kompetensnav.companies.services import company_find_or_create
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_company_find_or_create_matches_org_number_in_any_form():
    existing = CompanyFactory(org_number="556036-0793", name="Volvo Test AB")
    found, created = company_find_or_create(name="Annat namn", org_number="165560360793")
    assert (found, created) == (existing, False)


def test_company_find_or_create_creates_new():
    company, created = company_find_or_create(name="Nya Möbler AB", org_number="5560360793")
    assert created and company.org_number == "556036-0793"
    assert Company.objects.count() == 1


def test_company_find_or_create_swedish_needs_org_number():
    with pytest.raises(ValidationError) as error:
        company_find_or_create(name="Utan nummer AB")
    assert "org_number" in error.value.message_dict


def test_company_find_or_create_foreign_by_name():
    first, _ = company_find_or_create(name="Fjord AS", country_code="NO")
    again, created = company_find_or_create(name="fjord as", country_code="NO")
    assert again == first and not created


def test_company_search_by_name_and_org_number():
    furniture = CompanyFactory(name="Lidköpings Möbelfabrik AB", org_number="556036-0793")
    CompanyFactory(name="Hotell Borås AB")
    assert list(company_search(query="möbel")) == [furniture]
    assert list(company_search(query="556036")) == [furniture]
    assert list(company_search(query="5560360793")) == [furniture]
    assert list(company_search(query="")) == []
