"""Companies' part of a person's data (common/people.py): the person as a company's contact.
Erasing removes the contact (the audit log keeps that it happened)."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.people import Source, record_erasure, redact_audit_log, yes_no

from .models import CompanyContact


def _find(email: str) -> list[CompanyContact]:
    return list(CompanyContact.objects.filter(email__iexact=email).select_related("company"))


def _export(contact: CompanyContact) -> dict[str, Any]:
    return {
        "company": contact.company.name,
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "consent": contact.consent,
        "consent_date": contact.consent_date.isoformat() if contact.consent_date else None,
        "created": contact.created.isoformat(),
        "updated": contact.updated.isoformat(),
    }


def _erase(contact: CompanyContact) -> None:
    pk = contact.pk
    contact.delete()
    redact_audit_log(CompanyContact, [pk])  # the entry of the deletion too
    record_erasure(CompanyContact, pk)


def _rows(contact: CompanyContact) -> list[tuple[str, str]]:
    consent = contact.consent_date.isoformat() if contact.consent_date else yes_no(False)
    return [
        (gettext("Company"), contact.company.name),
        (gettext("Name"), contact.name),
        (gettext("Role"), contact.role or "–"),
        (gettext("E-mail address"), contact.email or "–"),
        (gettext("Phone"), contact.phone or "–"),
        (gettext("Consent"), consent),
    ]


SOURCE = Source("company_contact", _("Contact person of a company"), _find, _export, _erase, _rows)
