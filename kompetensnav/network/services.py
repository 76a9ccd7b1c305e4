"""Writes on the network's records. The importer, the web forms and the API all come here."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.competences.services import areas_find_or_create
from kompetensnav.reference.models import Municipality, SeqfLevel

from .enums import OrganisationKind
from .models import Collaboration, Contact, DigitalSystem, Event, Membership, Organisation


class OrganisationFields(TypedDict, total=False):
    """What the importer sets on an organisation; a key left out keeps its value."""

    name: str
    kind: str
    org_number: str
    municipality_id: str | None
    country_id: str


class ProfileFields(TypedDict, total=False):
    """What an organisation says about itself on its profile page."""

    description: str
    website: str
    formats: list[str]


class ContactFields(TypedDict, total=False):
    organisation: Organisation
    name: str
    role: str
    email: str
    phone: str
    last_confirmed: date | None


class EventFields(TypedDict, total=False):
    kind: str
    date: date
    title: str
    organiser: Organisation | None
    participants: int
    transnational: bool
    notes: str


class CollaborationFields(TypedDict, total=False):
    established: date
    title: str


def _save[M: models.Model](obj: M, fields: Mapping[str, Any], *, as_stored: bool = False) -> M:
    """Set the fields and save. `as_stored`: obj was just read from the database, and if its
    fields already have these values it is not written (its change time stays, so importing
    the same file again changes nothing). A form's instance holds the new values already."""
    unchanged = (
        as_stored
        and not obj._state.adding
        and all(getattr(obj, name) == value for name, value in fields.items())
    )
    for name, value in fields.items():
        setattr(obj, name, value)
    if unchanged:
        return obj
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def organisation_upsert(
    *, actor: Actor = None, external_id: str, **fields: Unpack[OrganisationFields]
) -> tuple[Organisation, bool]:
    require_unless_system(actor, "network.import")
    organisation = Organisation.objects.filter(external_id=external_id).first()
    created = organisation is None
    organisation = _save(
        organisation or Organisation(external_id=external_id), fields, as_stored=True
    )
    return organisation, created


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    org_number: str = "",
    municipality: Municipality | None = None,
) -> Organisation:
    """A new organisation of the network (a coordinator, from the organisation list); its
    own admin fills in the profile afterwards."""
    require_unless_system(actor, "network.create_organisation")
    name = " ".join(name.split())
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("An organisation named %(name)s already exists.") % {"name": name}}
        )
    return _save(
        Organisation(),
        {"name": name, "kind": kind, "org_number": org_number, "municipality": municipality},
    )


@transaction.atomic
def first_coordinator_create(
    *,
    email: str,
    organisation_name: str,
    municipality: Municipality | None = None,
    full_name: str = "",
    password: str | None = None,
) -> Affiliation:
    """The network's first coordinator, in its organisation (created as the network's office
    unless one of that name exists), for `manage.py createcoordinator` on a new installation.
    Without a password the account has none until the person sets one ("Forgot your
    password?" on the login page). The system acts: nobody can be signed in yet."""
    email = email.strip().lower()
    organisation = Organisation.objects.filter(name__iexact=organisation_name.strip()).first()
    if organisation is None:
        organisation = organisation_create(
            actor=None,
            name=organisation_name,
            kind=OrganisationKind.NETWORK,
            municipality=municipality,
        )
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=full_name.strip())
        user.full_clean(exclude=["password"])
        user.set_password(password) if password else user.set_unusable_password()
        user.save()
    if Affiliation.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("%(email)s already has a role in %(organisation)s.")
            % {"email": email, "organisation": organisation}
        )
    return Affiliation.objects.create(user=user, organisation=organisation, role=Role.COORDINATOR)


@transaction.atomic
def membership_upsert(
    *,
    actor: Actor = None,
    external_id: str,
    organisation: Organisation,
    year: int,
    fee_paid: bool,
    municipalities: list[Municipality],
) -> tuple[Membership, bool]:
    require_unless_system(actor, "network.import")
    membership = Membership.objects.filter(external_id=external_id).first()
    created = membership is None
    clash = Membership.objects.filter(organisation=organisation, year=year)
    if membership is not None:
        clash = clash.exclude(pk=membership.pk)
    if clash.exists():
        raise ValidationError(
            {
                "year": _("%(org)s already has a membership for %(year)s.")
                % {"org": organisation, "year": year}
            }
        )
    # the contract carries fee_paid only: the amount and dates stay, except a payment date
    # on a fee the file says is not paid
    paid_on = membership.paid_on if membership is not None and fee_paid else None
    membership = _save(
        membership or Membership(external_id=external_id),
        {"organisation": organisation, "year": year, "fee_paid": fee_paid, "paid_on": paid_on},
    )
    membership.municipalities.set(municipalities)
    return membership, created


@transaction.atomic
def contact_upsert(
    *,
    actor: Actor = None,
    external_id: str | None = None,
    contact: Contact | None = None,
    **fields: Unpack[ContactFields],
) -> tuple[Contact, bool]:
    as_stored = contact is None
    if contact is None and external_id:
        contact = Contact.objects.filter(external_id=external_id).first()
    organisation = fields.get("organisation") or (contact.organisation if contact else None)
    require_unless_system(actor, "network.edit_organisation", organisation)
    if contact is not None:
        require_unless_system(actor, "network.edit_organisation", contact.organisation)
    created = contact is None
    contact = _save(contact or Contact(external_id=external_id), fields, as_stored=as_stored)
    return contact, created


def contact_without_id(
    *, organisation: Organisation | None, email: str, name: str
) -> Contact | None:
    """The organisation's contact, made in the web interface (no import id), that a row of a
    contact list without ids means: the same e-mail address in any case, else, for a row
    without one, the same name among the contacts without an address."""
    contacts = Contact.objects.filter(organisation=organisation, external_id__isnull=True)
    if email:
        return contacts.filter(email__iexact=email).order_by("pk").first()
    return contacts.filter(name__iexact=name, email="").order_by("pk").first()


@transaction.atomic
def contact_confirm(*, actor: Actor, contact: Contact, on: date) -> Contact:
    require_unless_system(actor, "network.edit_organisation", contact.organisation)
    contact.last_confirmed = on
    contact.save(update_fields=["last_confirmed"])
    return contact


@transaction.atomic
def contact_delete(*, actor: Actor, contact: Contact) -> None:
    require_unless_system(actor, "network.edit_organisation", contact.organisation)
    contact.delete()


@transaction.atomic
def event_upsert(
    *,
    actor: Actor = None,
    external_id: str | None = None,
    event: Event | None = None,
    **fields: Unpack[EventFields],
) -> tuple[Event, bool]:
    require_unless_system(actor, "network.manage_events")
    as_stored = event is None
    if event is None and external_id:
        event = Event.objects.filter(external_id=external_id).first()
    created = event is None
    event = _save(event or Event(external_id=external_id), fields, as_stored=as_stored)
    return event, created


@transaction.atomic
def collaboration_upsert(
    *,
    actor: Actor = None,
    external_id: str | None = None,
    collaboration: Collaboration | None = None,
    parties: list[Organisation],
    **fields: Unpack[CollaborationFields],
) -> tuple[Collaboration, bool]:
    require_unless_system(actor, "network.manage_events")
    if len({p.pk for p in parties}) < 2:
        raise ValidationError({"parties": _("A collaboration needs at least two organisations.")})
    if collaboration is None and external_id:
        collaboration = Collaboration.objects.filter(external_id=external_id).first()
    created = collaboration is None
    collaboration = _save(collaboration or Collaboration(external_id=external_id), fields)
    collaboration.parties.set(parties)
    return collaboration, created


@transaction.atomic
def organisation_profile_update(
    *,
    actor: Actor,
    organisation: Organisation,
    education_areas: list[str],
    seqf_levels: Iterable[SeqfLevel],
    digital_systems: Iterable[DigitalSystem],
    **fields: Unpack[ProfileFields],
) -> Organisation:
    require_unless_system(actor, "network.edit_organisation", organisation)
    organisation = _save(organisation, fields)
    organisation.education_areas.set(areas_find_or_create(names=education_areas))
    organisation.seqf_levels.set(seqf_levels)
    organisation.digital_systems.set(digital_systems)
    return organisation


@transaction.atomic
def membership_save(
    *,
    actor: Actor,
    organisation: Organisation,
    year: int,
    fee_paid: bool,
    municipalities: list[Municipality],
    membership: Membership | None = None,
    fee_sek: Decimal | None = None,
    invoiced_on: date | None = None,
    paid_on: date | None = None,
) -> Membership:
    """Add or change a membership from the web form (the importer uses membership_upsert,
    which finds memberships by their external id)."""
    require_unless_system(actor, "network.manage_memberships")
    clash = Membership.objects.filter(organisation=organisation, year=year)
    if membership is not None:
        clash = clash.exclude(pk=membership.pk)
    if clash.exists():
        raise ValidationError(
            {
                "year": _("%(org)s already has a membership for %(year)s.")
                % {"org": organisation, "year": year}
            }
        )
    membership = _save(
        membership or Membership(),
        {
            "organisation": organisation,
            "year": year,
            "fee_paid": fee_paid or paid_on is not None,
            "fee_sek": fee_sek,
            "invoiced_on": invoiced_on,
            "paid_on": paid_on,
        },
    )
    membership.municipalities.set(municipalities)
    return membership
