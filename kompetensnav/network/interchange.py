"""Import kinds of the network: organisations, memberships, contacts, events, collaborations."""

import hashlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.common.validators import normalise_org_number
from kompetensnav.interchange.fields import (
    Column,
    boolean,
    choice,
    email,
    integer,
    iso_date,
    listing,
    text,
    validated,
)
from kompetensnav.interchange.kinds import (
    RESOLVED,
    ImportContext,
    Kind,
    KnownAs,
    named_by_number_or_name,
    reference_values,
    resolve_known_as,
)
from kompetensnav.interchange.plain import ID as PLAIN_ID
from kompetensnav.interchange.plain import (
    ORG_NUMBER,
    PLAIN_ORG_NUMBER,
    Plain,
    line_text,
    luhn,
    one_of,
    or_empty,
)
from kompetensnav.interchange.registry import register
from kompetensnav.reference.models import Country, Municipality

from . import services
from .enums import EventKind, OrganisationKind
from .models import Collaboration, Contact, Event, Membership, Organisation

ID = Column("id", text(64), required=True)
ORGANISATIONS_KNOWN_AS = KnownAs(
    "organisations",
    named_by_number_or_name(Organisation),
    several=gettext_lazy(
        "“%(value)s” matches several organisations: %(candidates)s. Give the org. number or "
        "the id instead."
    ),
    none=gettext_lazy(
        "No organisation has the id, org. number or name “%(value)s”: check the spelling, or "
        "import the organisation first."
    ),
)


def resolve_organisations(values: dict, columns: tuple[str, ...], context: ImportContext) -> dict:
    """An organisation may be given by its interchange id, its org. number or its name, as
    people know it (a contact list names the school, not an id the UI never shows)."""
    return resolve_known_as(values, columns, ORGANISATIONS_KNOWN_AS, context)


def _municipality_errors(column: str, codes: list[str], context: ImportContext) -> dict[str, str]:
    known = reference_values(context, Municipality, "code")
    unknown = [c for c in codes if c not in known]
    if unknown:
        return {
            column: _("Unknown SCB municipality code: %(codes)s.") % {"codes": ", ".join(unknown)}
        }
    return {}


def _org(context: ImportContext, external_id: str | None) -> Organisation | None:
    if not external_id:
        return None
    if external_id.startswith(RESOLVED):
        return Organisation.objects.get(pk=int(external_id.removeprefix(RESOLVED)))
    return Organisation.objects.get(external_id=external_id)


@register
class Organisations(Kind):
    name = "organisations"
    model = Organisation
    list_url_name = "network:organisation_list"
    columns = [
        ID,
        Column("name", text(200), required=True),
        Column("kind", choice(OrganisationKind.values), required=True),
        Column("org_number", validated(normalise_org_number), default=""),
        Column("municipality", text(4)),
        Column("country", text(2), default="SE"),
    ]
    plain = Plain(
        cells={
            "id": PLAIN_ID,
            "name": line_text(200),
            "kind": one_of(*OrganisationKind.values),
            "org_number": or_empty(ORG_NUMBER),
            "municipality": or_empty(rb"[0-9]{4}"),
            "country": or_empty(rb"[A-Z]{2}"),
        },
        values={
            "external_id": "s.id",
            "name": "s.name",
            "kind": "s.kind",
            "org_number": PLAIN_ORG_NUMBER,
            "municipality_id": "municipality.code",
            "country_id": "country.code",
        },
        joins=(
            "LEFT JOIN reference_municipality municipality ON municipality.code = "
            "s.municipality "
            "JOIN reference_country country ON country.code = COALESCE(s.country, 'SE')"
        ),
        where=(
            "(s.municipality IS NULL OR municipality.code IS NOT NULL) "
            f"AND (s.org_number IS NULL OR {luhn("replace(s.org_number, '-', '')")})"
        ),
    )
    bulk_permission = "network.import"  # organisation_upsert's (the plain path's)

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = {}
        if values["municipality"]:
            errors |= _municipality_errors("municipality", [values["municipality"]], context)
        country = (values["country"] or "SE").upper()
        if country not in reference_values(context, Country, "code"):
            errors["country"] = _(
                "Unknown country code “%(code)s”: use ISO 3166-1 alpha-2 (SE, DK, NO…)."
            ) % {"code": country}
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.organisation_upsert(
            actor=context.actor,
            external_id=values["id"],
            name=values["name"],
            kind=values["kind"],
            org_number=values["org_number"] or "",
            municipality_id=values["municipality"] or None,
            country_id=(values["country"] or "SE").upper(),
        )
        return created

    def export_queryset(self):
        return Organisation.objects.order_by("pk")

    def export_row(self, obj: Organisation) -> list:
        return [
            obj.external_id,
            obj.name,
            obj.kind,
            obj.org_number,
            obj.municipality_id or "",
            obj.country_id,
        ]


@register
class Memberships(Kind):
    referenced_kinds = ("organisations",)
    name = "memberships"
    model = Membership
    columns = [
        ID,
        Column("organisation", text(200), required=True),
        Column("year", integer(1990, 2100), required=True),
        Column("fee_paid", boolean, required=True),
        Column("municipalities", listing(text(4)), default=[]),
    ]

    def resolve(self, values: dict, context: ImportContext) -> dict[str, str]:
        return resolve_organisations(values, ("organisation",), context)

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error(
            "organisations", "organisation", [values["organisation"]], context
        )
        if values["municipalities"]:
            errors |= _municipality_errors("municipalities", values["municipalities"], context)
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.membership_upsert(
            actor=context.actor,
            external_id=values["id"],
            organisation=_org(context, values["organisation"]),
            year=values["year"],
            fee_paid=values["fee_paid"],
            municipalities=list(Municipality.objects.filter(code__in=values["municipalities"])),
        )
        return created

    def export_queryset(self):
        return (
            Membership.objects.select_related("organisation")
            .prefetch_related("municipalities")
            .order_by("pk")
        )

    def export_row(self, obj: Membership) -> list:
        codes = ";".join(sorted(m.code for m in obj.municipalities.all()))
        return [obj.external_id, obj.organisation.external_id, obj.year, obj.fee_paid, codes]


def contact_key(organisation: str, email_address: str, name: str) -> str:
    """The id of a contact in a list that gives none (a contact list as people keep it): the
    same person of the same organisation gets the same id in every import of the list, so
    importing it again updates. Made from the organisation and the e-mail address (else the
    name), hashed: an id outlives the address it was made from and must not repeat it."""
    person = email_address.strip().lower() or " ".join(name.casefold().split())
    digest = hashlib.sha256(f"{organisation}|{person}".encode()).hexdigest()
    return f"contact-{digest[:16]}"


@register
class Contacts(Kind):
    """A contact list. Its `id` may be left out: a row without one is the organisation's
    contact with the same e-mail address (else name), made by an earlier import of the list
    or in the web interface, or a new contact (`contact_key`). `phone` is read when the list
    has it (not part of the exported contract)."""

    referenced_kinds = ("organisations",)
    name = "contacts"
    model = Contact
    import_only = ("phone",)
    columns = [
        Column("id", text(64), default=""),
        Column("organisation", text(200), required=True),
        Column("name", text(150), required=True),
        Column("email", email, default=""),
        Column("role", text(100), default=""),
        Column("phone", text(40), default=""),
    ]

    def resolve(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = resolve_organisations(values, ("organisation",), context)
        if not errors and not values["id"]:
            values["id"] = contact_key(values["organisation"], values["email"], values["name"])
            values["id_made"] = True
        return errors

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        return self.reference_error(
            "organisations", "organisation", [values["organisation"]], context
        )

    def upsert(self, values: dict, context: ImportContext) -> bool:
        organisation = _org(context, values["organisation"])
        known = Contact.objects.filter(external_id=values["id"]).first()
        if known is None and values.get("id_made"):  # a list without ids: the same person
            known = services.contact_without_id(
                organisation=organisation, email=values["email"] or "", name=values["name"]
            )
            if known is not None:
                known.external_id = values["id"]
        _obj, created = services.contact_upsert(
            actor=context.actor,
            external_id=values["id"],
            contact=known,
            organisation=organisation,
            name=values["name"],
            email=values["email"] or "",
            role=values["role"] or "",
            phone=values["phone"] or "",
        )
        return created

    def export_queryset(self):
        return Contact.objects.select_related("organisation").order_by("pk")

    def export_row(self, obj: Contact) -> list:
        return [obj.external_id, obj.organisation.external_id, obj.name, obj.email, obj.role]


@register
class Events(Kind):
    referenced_kinds = ("organisations",)
    name = "events"
    model = Event
    columns = [
        ID,
        Column("kind", choice(EventKind.values), required=True),
        Column("date", iso_date, required=True),
        Column("title", text(200), default=""),
        Column("organiser", text(200)),
        Column("participants", integer(0), default=0),
        Column("transnational", boolean, default=False),
    ]

    def resolve(self, values: dict, context: ImportContext) -> dict[str, str]:
        return resolve_organisations(values, ("organiser",), context)

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        return self.reference_error("organisations", "organiser", [values["organiser"]], context)

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.event_upsert(
            actor=context.actor,
            external_id=values["id"],
            kind=values["kind"],
            date=values["date"],
            title=values["title"] or "",
            organiser=_org(context, values["organiser"]),
            participants=values["participants"] or 0,
            transnational=bool(values["transnational"]),
        )
        return created

    def export_queryset(self):
        return Event.objects.select_related("organiser").order_by("pk")

    def export_row(self, obj: Event) -> list:
        organiser = obj.organiser.external_id if obj.organiser else ""
        return [
            obj.external_id,
            obj.kind,
            obj.date,
            obj.title,
            organiser,
            obj.participants,
            obj.transnational,
        ]


@register
class Collaborations(Kind):
    referenced_kinds = ("organisations",)
    name = "collaborations"
    model = Collaboration
    columns = [
        ID,
        Column("established", iso_date, required=True),
        Column("parties", listing(text(64)), required=True),
        Column("title", text(200), default=""),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        parties = values["parties"]
        if len(set(parties)) < 2:
            return {"parties": _("List at least two different organisation ids, separated by ;.")}
        return self.reference_error("organisations", "parties", parties, context)

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.collaboration_upsert(
            actor=context.actor,
            external_id=values["id"],
            established=values["established"],
            title=values["title"] or "",
            parties=list(Organisation.objects.filter(external_id__in=values["parties"])),
        )
        return created

    def export_queryset(self):
        return Collaboration.objects.prefetch_related("parties").order_by("pk")

    def export_row(self, obj: Collaboration) -> list:
        parties = ";".join(sorted(p.external_id for p in obj.parties.all()))
        return [obj.external_id, obj.established, parties, obj.title]
