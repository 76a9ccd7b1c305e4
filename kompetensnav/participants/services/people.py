"""Participants and their employers as the registration forms name them: one participant
per e-mail address, and the company a person names as their employer."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from kompetensnav.companies.models import Company
from kompetensnav.companies.services import company_find_or_create
from kompetensnav.network.models import Organisation

from ..models import Participant


def participant_with_email(email: str) -> Participant | None:
    """The participant with this e-mail address (stored lower-cased), by the index on
    lower(email)."""
    if not email:
        return None
    return with_email_query([email]).first()


def with_email_query(emails: Iterable[str]) -> QuerySet[Participant]:
    """The participants with these e-mail addresses (lower-cased), read by the index on
    lower(email): it leaves out the participants without an address (a partial index), so
    the query must too, or PostgreSQL reads the whole table instead."""
    return (
        Participant.objects.alias(email_ci=Lower("email"))
        .filter(email_ci__any_of=[e.lower() for e in emails])
        .exclude(email="")
        .order_by()
    )


def participant_for(
    *,
    email: str,
    full_name: str,
    gender: str,
    employer: Company | None,
    organisation: Organisation | None = None,
    update: bool = False,
) -> Participant:
    """The participant with this e-mail (case-insensitive), or a new one. Safe when the same
    person registers twice at the same moment. What is stored about a known person is changed
    only with `update`, i.e. when the person has proved that the address is theirs (the
    confirmation link) or staff act for them: a form typed by anyone never rewrites them."""
    email = email.strip().lower()
    participant = participant_with_email(email)
    if participant is None:
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    email=email,
                    full_name=full_name,
                    gender=gender,
                    employer=employer,
                    organisation=organisation,
                )
        except IntegrityError:
            participant = participant_with_email(email)
    assert participant is not None  # found, or made by the registration we ran into
    if not update:
        return participant
    changed = []
    for name, value in (("full_name", full_name), ("gender", gender), ("employer", employer)):
        if value and getattr(participant, name) != value:
            setattr(participant, name, value)
            changed.append(name)
    if changed:
        participant.save(update_fields=changed)
    return participant


def employer_lookup(*, org_number: str, name: str, create: bool = True) -> Company | None:
    """The employer a person names on the public form: the company with the organisation
    number, a new company (number and name), or the only company of that name. None when
    both are empty (taking part privately). With `create` False nothing is written: the
    input is only checked, and a company that would be new gives None."""
    name = (name or "").strip()
    if not org_number and not name:
        return None
    if org_number:
        existing = Company.objects.filter(org_number=org_number).first()
        if existing is not None:
            return existing
        if not name:
            raise ValidationError(
                {"employer_name": _("This organisation number is new to us: give the name too.")}
            )
        if not create:
            return None
        company, _created = company_find_or_create(name=name, org_number=org_number)
        return company
    matches = list(Company.objects.filter(name__iexact=name)[:2])
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        {
            "employer_org_number": _(
                "Give your employer's organisation number too, so that we find the right company."
            )
        }
    )
