"""Writes of actors: an organisation of the directory or a company with its level, functions,
mandate, contact people, and the industries and subregions it works in."""

import dataclasses
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Contact, Organisation
from kompetensnav.reference.models import SniCode, Subregion

from ..enums import Function, Level
from ..models import Actor, ActorFunction


@dataclasses.dataclass(frozen=True)
class ActorFields:
    level: str
    functions: Sequence[str] = ()
    mandate: str = ""
    industries: Sequence[SniCode] = ()
    subregions: Sequence[Subregion] = ()
    contacts: Sequence[Contact] = ()


def _check(fields: ActorFields, organisation: Organisation | None) -> None:
    errors: dict[str, str] = {}
    if fields.level not in Level.values:
        errors["level"] = _("Choose the actor's level from the list.")
    if any(f not in Function.values for f in fields.functions):
        errors["functions"] = _("Choose the functions from the list.")
    if organisation is None and fields.contacts:
        errors["contacts"] = _("Contact people belong to an organisation of the directory.")
    elif organisation is not None and any(
        c.organisation_id != organisation.pk for c in fields.contacts
    ):
        errors["contacts"] = _("Choose contact people of %(organisation)s.") % {
            "organisation": organisation.name
        }
    if errors:
        raise ValidationError(errors)


def _save_relations(record: Actor, fields: ActorFields) -> None:
    record.industries.set(fields.industries)
    record.subregions.set(fields.subregions)
    record.contacts.set(fields.contacts)
    wanted = set(fields.functions)
    record.functions.exclude(function__in=wanted).delete()
    have = set(record.functions.values_list("function", flat=True))
    ActorFunction.objects.bulk_create(
        [ActorFunction(actor=record, function=f) for f in sorted(wanted - have)]
    )


@transaction.atomic
def actor_create(
    *,
    actor: ActingUser,
    fields: ActorFields,
    organisation: Organisation | None = None,
    company: Company | None = None,
) -> Actor:
    """An organisation or a company (exactly one) becomes an actor, once."""
    require_unless_system(actor, "collaboration.manage_actors")
    if (organisation is None) == (company is None):
        raise ValidationError(
            {"organisation": _("Choose an organisation of the directory or a company, not both.")}
        )
    if organisation is not None and Actor.objects.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(name)s is already an actor.") % {"name": organisation.name}}
        )
    if company is not None and Actor.objects.filter(company=company).exists():
        raise ValidationError(
            {"company": _("%(name)s is already an actor.") % {"name": company.name}}
        )
    _check(fields, organisation)
    record = Actor.objects.create(
        organisation=organisation, company=company, level=fields.level, mandate=fields.mandate
    )
    _save_relations(record, fields)
    return record


@transaction.atomic
def actor_update(*, actor: ActingUser, record: Actor, fields: ActorFields) -> Actor:
    require_unless_system(actor, "collaboration.edit_actor", record)
    _check(fields, record.organisation)
    record.level, record.mandate = fields.level, fields.mandate
    record.save()
    _save_relations(record, fields)
    return record


def delete_blockers(*, record: Actor) -> list[str]:
    """Why the actor cannot be deleted: what still names it."""
    reasons = []
    if record.council_seats.exists():
        reasons.append(_("it has seats on industry councils"))
    if record.initiatives_owned.exists():
        reasons.append(_("it owns initiatives"))
    if record.priorities.exists():
        reasons.append(_("it decided strategic priorities"))
    return reasons


@transaction.atomic
def actor_delete(*, actor: ActingUser, record: Actor) -> None:
    """The actor goes, its organisation or company stays. Refused while councils,
    initiatives or priorities name it."""
    require_unless_system(actor, "collaboration.manage_actors")
    reasons = delete_blockers(record=record)
    if reasons:
        raise ValidationError(
            _("%(name)s cannot be deleted: %(reasons)s. Remove it from those first.")
            % {"name": record.name, "reasons": ", ".join(reasons)}
        )
    record.delete()
