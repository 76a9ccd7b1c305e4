"""Writes of companies (keyword-only, atomic). The web forms, the visit form's inline
"new company", the importer and the demo all come here."""

from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.common.validators import normalise_org_number

from .models import Company, CompanyContact


@dataclass(frozen=True)
class CompanyFields:
    """What the forms and the importer set on a company."""

    name: str
    org_number: str = ""
    country_id: str = "SE"
    municipality_id: str | None = None
    sni_id: str | None = None
    employees: int | None = None


class DuplicateCompany(ValidationError):
    """The organisation number belongs to a company that already exists (`existing`)."""

    def __init__(self, existing: Company) -> None:
        self.existing = existing
        super().__init__(
            {
                "org_number": ValidationError(
                    _("%(name)s already has this organisation number.") % {"name": existing.name},
                    code="duplicate",
                )
            }
        )


def _duplicate_of(org_number: str, exclude_pk: int | None = None) -> Company | None:
    if not org_number:
        return None
    qs = Company.objects.filter(org_number=org_number)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _save(company: Company, fields: CompanyFields) -> Company:
    for name, value in asdict(fields).items():
        setattr(company, name, value)
    if company.org_number:
        try:
            company.org_number = normalise_org_number(company.org_number)
        except ValidationError as exc:
            raise ValidationError({"org_number": exc.messages}) from exc
    duplicate = _duplicate_of(company.org_number, company.pk)
    if duplicate is not None:
        raise DuplicateCompany(duplicate)
    company.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:
        duplicate = _duplicate_of(company.org_number, company.pk)
        if duplicate is not None:
            raise DuplicateCompany(duplicate) from None
        raise
    return company


@transaction.atomic
def company_create(*, actor: Actor, fields: CompanyFields) -> Company:
    """A new company. Raises DuplicateCompany when the org. number is taken, ValidationError
    for invalid values (a Swedish company needs an org. number)."""
    require_unless_system(actor, "companies.edit_companies")
    return _save(Company(), fields)


@transaction.atomic
def company_update(*, actor: Actor, company: Company, fields: CompanyFields) -> Company:
    require_unless_system(actor, "companies.edit_companies", company)
    return _save(company, fields)


@transaction.atomic
def company_upsert(
    *, actor: Actor = None, external_id: str, fields: CompanyFields
) -> tuple[Company, bool]:
    """Create or update the company with this import id (the `companies` kind)."""
    require_unless_system(actor, "companies.import")
    company = Company.objects.filter(external_id=external_id).first()
    created = company is None
    if company is None:
        company = Company(external_id=external_id)
    return _save(company, fields), created


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
            {
                "org_number": ValidationError(
                    Company._meta.constraints[1].violation_error_message or ""
                )
            }
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


# --- contact people ----------------------------------------------------------------------


@dataclass(frozen=True)
class ContactFields:
    """What the contact form sets on a company's contact person."""

    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    consent: bool = False
    consent_date: date | None = None


@transaction.atomic
def company_contact_save(
    *,
    actor: Actor,
    company: Company,
    contact: CompanyContact | None = None,
    fields: ContactFields,
) -> CompanyContact:
    """A new contact person of the company, or changes to one. Consent given without a date
    is dated today; consent withdrawn forgets the date. Raises ValidationError for invalid
    values."""
    require_unless_system(actor, "companies.edit_companies", company)
    contact = contact or CompanyContact(company=company)
    if contact.company_id != company.pk:
        raise ValidationError(_("The contact belongs to another company."))
    for name, value in asdict(fields).items():
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    if contact.consent and contact.consent_date is None:
        contact.consent_date = timezone.localdate()
    if not contact.consent:
        contact.consent_date = None
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def company_contact_delete(*, actor: Actor, contact: CompanyContact) -> None:
    """Removes the contact person and their details (the audit log keeps that it happened)."""
    require_unless_system(actor, "companies.edit_companies", contact.company)
    contact.delete()
