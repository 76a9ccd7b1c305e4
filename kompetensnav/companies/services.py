"""Writes of companies (keyword-only, atomic)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kompetensnav.common.validators import normalise_org_number

from .models import Company


@transaction.atomic
def company_find_or_create(
    *,
    name: str,
    org_number: str = "",
    country_code: str = "SE",
    municipality_code: str | None = None,
) -> tuple[Company, bool]:
    """The company with this org. number, or a new one. Foreign companies (no org. number)
    are matched by name and country, case-insensitively. Raises ValidationError for a bad
    org. number, or a Swedish company without one."""
    name = (name or "").strip()
    if org_number:
        org_number = normalise_org_number(org_number)
        existing = Company.objects.filter(org_number=org_number).first()
        if existing:
            return existing, False
    elif country_code == "SE":
        raise ValidationError(
            {"org_number": ValidationError(Company._meta.constraints[1].violation_error_message)}
        )
    else:
        existing = Company.objects.filter(name__iexact=name, country_id=country_code).first()
        if existing:
            return existing, False
    if not name:
        raise ValidationError(
            {"name": ValidationError(Company._meta.get_field("name").error_messages["blank"])}
        )
    try:
        with transaction.atomic():
            company = Company.objects.create(
                name=name,
                org_number=org_number,
                country_id=country_code,
                municipality_id=municipality_code,
            )
    except IntegrityError:
        # Created at the same moment by someone else: theirs is the same company.
        return Company.objects.get(org_number=org_number), False
    return company, True
