"""Company identity: org. number format, uniqueness and the Swedish/foreign rule."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kompetensnav.companies.models import Company, SizeClass
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_company_org_number_unique_in_database():
    CompanyFactory(org_number="556036-0793")
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(org_number="556036-0793")


def test_company_swedish_without_org_number_rejected_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(org_number="", country_id="SE")


def test_company_foreign_without_org_number_allowed():
    company = CompanyFactory(org_number="", country_id="NO", municipality_id=None)
    assert company.pk


def test_company_clean_normalises_digits_only():
    company = Company(name="X", org_number="5560360793", country_id="SE")
    company.full_clean()
    assert company.org_number == "556036-0793"


def test_company_wrong_check_digit_invalid():
    company = Company(name="X", org_number="556036-0794", country_id="SE")
    with pytest.raises(ValidationError) as error:
        company.full_clean()
    assert "org_number" in error.value.message_dict


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (None, None),
        (0, SizeClass.NONE),
        (9, SizeClass.MICRO),
        (10, SizeClass.SMALL),
        (249, SizeClass.MEDIUM),
        (250, SizeClass.LARGE),
    ],
)
def test_size_class_of_employees(employees, expected):
    assert SizeClass.of(employees) == expected
