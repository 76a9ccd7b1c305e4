"""Network's part of a person's data (common/people.py): the person as an organisation's
contact. Erasing removes the contact (the audit log keeps that it happened)."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.people import Source, record_erasure, redact_audit_log

from .models import Contact


def _find(email: str) -> list[Contact]:
    return list(Contact.objects.filter(email__iexact=email).select_related("organisation"))


def _export(contact: Contact) -> dict[str, Any]:
    return {
        "organisation": contact.organisation.name,
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "last_confirmed": contact.last_confirmed.isoformat() if contact.last_confirmed else None,
    }


def _erase(contact: Contact) -> None:
    pk = contact.pk
    contact.delete()
    redact_audit_log(Contact, [pk])  # the entry of the deletion too
    record_erasure(Contact, pk)


def _rows(contact: Contact) -> list[tuple[str, str]]:
    confirmed = contact.last_confirmed.isoformat() if contact.last_confirmed else "–"
    return [
        (gettext("Organisation"), contact.organisation.name),
        (gettext("Name"), contact.name),
        (gettext("Role"), contact.role or "–"),
        (gettext("E-mail address"), contact.email or "–"),
        (gettext("Phone"), contact.phone or "–"),
        (gettext("Last confirmed"), confirmed),
    ]


SOURCE = Source(
    "organisation_contact", _("Contact person of an organisation"), _find, _export, _erase, _rows
)
