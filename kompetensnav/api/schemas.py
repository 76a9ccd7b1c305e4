"""The shapes the API answers with, and the types of its text input. JSON keys are English
and never translated; `*_label` fields carry a human text in the token user's language."""

import datetime as dt
from datetime import date, datetime
from typing import Annotated

from django.utils import translation
from ninja import Field, Schema
from pydantic import GetCoreSchemaHandler, create_model
from pydantic_core import PydanticCustomError, core_schema

from kompetensnav.accounts.enums import Role
from kompetensnav.campus.enums import CourseFormat
from kompetensnav.common.text import CONTROL_CHARACTERS_PATTERN, has_control_characters
from kompetensnav.common.validators import SINGLE_LINE_MESSAGE
from kompetensnav.figures import registry
from kompetensnav.figures.labels import part_label
from kompetensnav.figures.registry import Figure, Unit
from kompetensnav.network.enums import EventKind, OrganisationKind
from kompetensnav.reference.models import SniCode

# --- input ---


def _refuse_control_characters(value: object) -> object:
    if has_control_characters(value):
        raise PydanticCustomError("control_characters", str(SINGLE_LINE_MESSAGE))
    return value


class SingleLineText(str):
    """A one-line text input (a parameter or a body field): control characters are refused
    with the same clear message as on the web forms, and the schema says so with a pattern
    (params.SEARCH_PATTERN). Use it as `Annotated[SingleLineText, Query(...)]`."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            _refuse_control_characters,
            core_schema.str_schema(pattern=rf"^[^{CONTROL_CHARACTERS_PATTERN}]*$"),
        )


# --- errors ---


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the token user's language.")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(
        description="Where the error is: the parameter's source and name, e.g. ['query', 'limit']."
    )
    msg: str = Field(description="What is wrong with it.")


class ValidationErrorOut(Schema):
    detail: str = Field(description="A summary, in the token user's language.")
    errors: list[FieldErrorOut] = Field(description="One entry per invalid parameter or field.")


# --- small references used inside other objects ---


class OrganisationRef(Schema):
    id: int = Field(description="The organisation's id in kompetensnav.")
    name: str = Field(description="The organisation's name.")


class MunicipalityRef(Schema):
    code: str = Field(description="The four-digit SCB municipality code, e.g. '1485'.")
    name: str = Field(description="The municipality's name.")


class SubregionRef(Schema):
    slug: str = Field(description="The subregion's identifier, e.g. 'fyrbodal'.")
    name: str = Field(description="The subregion's name.")


# --- accounts ---


class MeOut(Schema):
    email: str = Field(description="The e-mail address the token's user logs in with.")
    name: str = Field(description="The user's full name (may be empty).")
    language: str = Field(description="The user's preferred language: 'sv' or 'en'.")
    organisation: OrganisationRef = Field(description="The organisation the token acts for.")
    role: Role = Field(description="The role the token acts with in that organisation.")
    role_label: str = Field(description="The role's name, in the token user's language.")

    @staticmethod
    def resolve_name(user) -> str:
        return user.full_name

    @staticmethod
    def resolve_organisation(user):
        return user.affiliation.organisation

    @staticmethod
    def resolve_role(user) -> str:
        return user.affiliation.role

    @staticmethod
    def resolve_role_label(user) -> str:
        return str(user.affiliation.get_role_display())


class PersonOut(Schema):
    id: int = Field(description="The id of this affiliation (a person's role in an organisation).")
    email: str = Field(description="The person's e-mail address.")
    name: str = Field(description="The person's full name (may be empty).")
    organisation: OrganisationRef = Field(description="The organisation the role is in.")
    role: Role = Field(description="The person's role in that organisation.")
    role_label: str = Field(description="The role's name, in the token user's language.")
    is_active: bool = Field(
        description="Whether the person can act in this role (both the role and the account "
        "are active)."
    )
    created: datetime = Field(description="When the person was given the role.")

    @staticmethod
    def resolve_email(affiliation) -> str:
        return affiliation.user.email

    @staticmethod
    def resolve_name(affiliation) -> str:
        return affiliation.user.full_name

    @staticmethod
    def resolve_role_label(affiliation) -> str:
        return str(affiliation.get_role_display())

    @staticmethod
    def resolve_is_active(affiliation) -> bool:
        return affiliation.is_active and affiliation.user.is_active


# --- network ---


class OrganisationOut(Schema):
    id: int = Field(description="The organisation's id in kompetensnav.")
    external_id: str | None = Field(description="The id used for the organisation in import files.")
    name: str = Field(description="The organisation's name.")
    kind: OrganisationKind = Field(description="What kind of organisation it is.")
    kind_label: str = Field(description="The kind's name, in the token user's language.")
    org_number: str = Field(
        description="The Swedish organisation number as NNNNNN-NNNN, or empty if not known."
    )
    municipality: MunicipalityRef | None = Field(
        description="The municipality the organisation is in, if known."
    )
    subregion: SubregionRef | None = Field(
        description="The subregion of that municipality, if it belongs to one."
    )
    country: str = Field(description="The ISO 3166-1 alpha-2 country code, e.g. 'SE'.")
    created: datetime = Field(description="When the organisation was added.")

    @staticmethod
    def resolve_kind_label(organisation) -> str:
        return str(organisation.get_kind_display())

    @staticmethod
    def resolve_country(organisation) -> str:
        return organisation.country_id


# --- companies ---


class CompanyOut(Schema):
    id: int = Field(description="The company's id in kompetensnav.")
    org_number: str = Field(
        description="The Swedish organisation number as NNNNNN-NNNN; empty for a foreign company."
    )
    country: str = Field(description="The ISO 3166-1 alpha-2 country code, e.g. 'SE'.")
    name: str = Field(description="The company's name.")
    sni: str | None = Field(
        description="The SNI 2007 code of its industry (a section letter or a division's two "
        "digits), if known."
    )
    municipality: str | None = Field(
        description="The four-digit SCB code of the municipality it is in, if known."
    )
    employees: int | None = Field(description="How many people it employs, if known.")
    updated: datetime = Field(description="When the company was last changed.")

    @staticmethod
    def resolve_country(company) -> str:
        return company.country_id

    @staticmethod
    def resolve_sni(company) -> str | None:
        return company.sni_id

    @staticmethod
    def resolve_municipality(company) -> str | None:
        return company.municipality_id


class CompanyIn(Schema):
    name: SingleLineText = Field(min_length=1, max_length=200, description="The company's name.")
    org_number: SingleLineText = Field(
        "",
        max_length=20,
        description="The Swedish organisation number (NNNNNN-NNNN, with or without the "
        "hyphen or century); required for a Swedish company, empty for a foreign one.",
    )
    country: SingleLineText = Field(
        "SE", min_length=2, max_length=2, description="The ISO 3166-1 alpha-2 country code."
    )
    municipality: SingleLineText | None = Field(
        None, max_length=4, description="The four-digit SCB code of its municipality."
    )
    sni: SingleLineText | None = Field(
        None, max_length=6, description="The SNI 2007 code of its industry."
    )
    employees: int | None = Field(
        None, ge=0, le=2_000_000_000, description="How many people it employs."
    )


class CompanyPatch(Schema):
    name: SingleLineText | None = Field(
        None, min_length=1, max_length=200, description="The company's name."
    )
    org_number: SingleLineText | None = Field(
        None, max_length=20, description="The Swedish organisation number."
    )
    country: SingleLineText | None = Field(
        None, min_length=2, max_length=2, description="The ISO 3166-1 alpha-2 country code."
    )
    municipality: SingleLineText | None = Field(
        None, max_length=4, description="The four-digit SCB code of its municipality."
    )
    sni: SingleLineText | None = Field(
        None, max_length=6, description="The SNI 2007 code of its industry."
    )
    employees: int | None = Field(
        None, ge=0, le=2_000_000_000, description="How many people it employs."
    )


# --- the course catalogue ---


class CourseOut(Schema):
    id: int = Field(description="The course's id in kompetensnav.")
    title_sv: str = Field(description="The title in Swedish.")
    title_en: str = Field(description="The title in English (may be empty).")
    provider: OrganisationRef = Field(description="The organisation that gives the course.")
    seqf_level: int | None = Field(description="The course's SEQF level (1–8), if given.")
    format: CourseFormat = Field(description="How the course is given.")
    format_label: str = Field(description="The format's name, in the token user's language.")
    pilot: bool = Field(description="Whether the course is a pilot course.")
    first_session_start: datetime | None = Field(
        description="When the course's first session starts (past sessions included); null "
        "without sessions."
    )
    last_session_start: datetime | None = Field(
        description="When the course's last session starts; null without sessions."
    )
    free_places: int = Field(
        description="The places a new registration can still get, as the public catalogue "
        "and the registration form show them: at each receiving site the fewest free seats "
        "among the course's sessions there (a registration takes a seat in each), plus "
        "remote the fewest among its sessions with remote places."
    )

    @staticmethod
    def resolve_seqf_level(course) -> int | None:
        return course.seqf_level_id

    @staticmethod
    def resolve_format_label(course) -> str:
        return str(course.get_format_display())


# --- key figures (derived from the figures' declarations: figures.registry.figure) ---


HIDDEN_NOTE = " Null when hidden (see `suppressed`)."
OPTIONAL_NOTE = " Null where there is nothing to compute it from (see the figure)."
_TYPES = {Unit.COUNT: int, Unit.HOURS: float, Unit.PERCENT: float, Unit.YES_NO: bool}


def _camel(key: str) -> str:
    return "".join(word.capitalize() for word in key.split("_"))


def _figure_field(declared: Figure) -> tuple[object, object]:
    """The type and Field of one figure in FiguresOut: its unit's JSON type, null where it may
    be hidden or have nothing to compute from, an object of its parts for a dict-valued one."""
    value_type: object = _TYPES[declared.unit]
    note = (HIDDEN_NOTE if declared.may_hide else "") + (OPTIONAL_NOTE if declared.optional else "")
    if declared.may_hide or declared.optional:
        value_type = value_type | None
    if not declared.parts:
        return value_type, Field(description=declared.rule + "." + note)
    with translation.override("en"):
        parts = {
            part: (value_type, Field(description=f"{part_label(part)}.{note}"))
            for part in declared.parts
        }
    model = create_model(f"{_camel(declared.key)}Out", __base__=Schema, **parts)  # type: ignore[call-overload]
    return model, Field(description=declared.rule + ".")


def _figures_schema() -> type[Schema]:
    fields: dict[str, tuple[object, object]] = {
        declared.key: _figure_field(declared) for declared in registry.declared()
    }
    fields["suppressed"] = (
        list[str],
        Field(
            description="The keys of the values hidden (null) because they concern fewer than "
            "5 people, a part of an object as `key.part`, e.g. `participants_by_gender.F`. "
            "Empty when nothing is hidden. Not a key of the interchange contract."
        ),
    )
    schema = create_model("FiguresOut", __base__=Schema, **fields)  # type: ignore[call-overload]
    schema.__doc__ = (
        "The keys and values of `manage.py figures --json`, in the contract's order, with "
        "small numbers hidden (null, and named in `suppressed`). P is the period [from, to], "
        "both days included. Derived from the figures' declarations."
    )
    return schema


FiguresOut = _figures_schema()


# --- reference data ---


class CountyOut(Schema):
    code: str = Field(description="The two-digit SCB county code, e.g. '14'.")
    name: str = Field(description="The county's name (Swedish).")


class SubregionOut(Schema):
    slug: str = Field(description="The subregion's identifier, e.g. 'fyrbodal'.")
    name: str = Field(description="The subregion's name.")


class MunicipalityOut(Schema):
    code: str = Field(description="The four-digit SCB municipality code, e.g. '1485'.")
    name: str = Field(description="The municipality's name (Swedish).")
    county: str = Field(description="The two-digit SCB code of the county it is in.")
    subregion: str | None = Field(
        description="The identifier of the subregion it belongs to, if any."
    )

    @staticmethod
    def resolve_county(municipality) -> str:
        return municipality.county_id

    @staticmethod
    def resolve_subregion(municipality) -> str | None:
        return municipality.subregion_id


class SniCodeOut(Schema):
    code: str = Field(
        description="The SNI 2007 code: a letter for a section, two digits for a division."
    )
    level: SniCode.Level = Field(description="Whether the code is a section or a division.")
    parent: str | None = Field(description="The code of the section a division belongs to.")
    name_sv: str = Field(description="The name in Swedish.")
    name_en: str = Field(description="The name in English.")

    @staticmethod
    def resolve_parent(sni) -> str | None:
        return sni.parent_id


class SeqfLevelOut(Schema):
    level: int = Field(description="The SEQF level, 1 to 8 (the same as the EQF level).")
    description_sv: str = Field(description="What the level means, in Swedish.")
    description_en: str = Field(description="What the level means, in English.")


class CountryOut(Schema):
    code: str = Field(description="The ISO 3166-1 alpha-2 code, e.g. 'SE'.")
    name_sv: str = Field(description="The name in Swedish.")
    name_en: str = Field(description="The name in English.")


# --- a company's contact people ---


class CompanyContactOut(Schema):
    id: int = Field(description="The contact person's id in kompetensnav.")
    company: int = Field(description="The company's id.")
    name: str = Field(description="Their name.")
    role: str = Field(description="Their role at the company.")
    email: str = Field(description="Their e-mail address (may be empty).")
    phone: str = Field(description="Their phone number (may be empty).")
    consent: bool = Field(description="Whether they agreed to be kept as a contact.")
    consent_date: date | None = Field(description="When they agreed, if they did.")
    updated: datetime = Field(description="When the contact was last changed.")

    @staticmethod
    def resolve_company(contact) -> int:
        return contact.company_id


class CompanyContactIn(Schema):
    name: SingleLineText = Field(min_length=1, max_length=150, description="Their name.")
    role: SingleLineText = Field("", max_length=100, description="Their role at the company.")
    email: SingleLineText = Field("", max_length=254, description="Their e-mail address.")
    phone: SingleLineText = Field("", max_length=40, description="Their phone number.")
    consent: bool = Field(
        False, description="They agreed to be kept as a contact (dated today when given)."
    )


class CompanyContactPatch(Schema):
    name: SingleLineText | None = Field(
        None, min_length=1, max_length=150, description="Their name."
    )
    role: SingleLineText | None = Field(None, max_length=100, description="Their role.")
    email: SingleLineText | None = Field(None, max_length=254, description="Their e-mail.")
    phone: SingleLineText | None = Field(None, max_length=40, description="Their phone.")
    consent: bool | None = Field(None, description="Whether they agree to be kept.")


# --- the network's contact people, events and collaborations ---


class OrganisationIn(Schema):
    name: SingleLineText = Field(min_length=1, max_length=200, description="Its name.")
    kind: OrganisationKind = Field(description="What kind of organisation it is.")
    org_number: SingleLineText = Field("", max_length=20, description="Its organisation number.")
    municipality: SingleLineText | None = Field(
        None, max_length=4, description="The four-digit SCB code of its municipality."
    )


class ContactOut(Schema):
    id: int = Field(description="The contact person's id in kompetensnav.")
    organisation: OrganisationRef = Field(description="Their organisation.")
    name: str = Field(description="Their name.")
    role: str = Field(description="Their role.")
    email: str = Field(description="Their e-mail address (may be empty).")
    phone: str = Field(description="Their phone number (may be empty).")
    last_confirmed: date | None = Field(description="When the details were last confirmed.")


class ContactIn(Schema):
    name: SingleLineText = Field(min_length=1, max_length=150, description="Their name.")
    role: SingleLineText = Field("", max_length=100, description="Their role.")
    email: SingleLineText = Field("", max_length=254, description="Their e-mail address.")
    phone: SingleLineText = Field("", max_length=40, description="Their phone number.")
    last_confirmed: date | None = Field(None, description="When the details were confirmed.")


class ContactPatch(Schema):
    name: SingleLineText | None = Field(
        None, min_length=1, max_length=150, description="Their name."
    )
    role: SingleLineText | None = Field(None, max_length=100, description="Their role.")
    email: SingleLineText | None = Field(None, max_length=254, description="Their e-mail.")
    phone: SingleLineText | None = Field(None, max_length=40, description="Their phone.")
    last_confirmed: date | None = Field(None, description="When the details were confirmed.")


class EventOut(Schema):
    id: int = Field(description="The event's id in kompetensnav.")
    kind: EventKind = Field(description="What kind of event.")
    kind_label: str = Field(description="The kind, in the token user's language.")
    date: dt.date = Field(description="The day it took place.")
    title: str = Field(description="Its title.")
    organiser: OrganisationRef | None = Field(description="The organisation that held it.")
    participants: int = Field(description="How many took part.")
    transnational: bool = Field(description="Whether it crossed a border (job shadowing).")

    @staticmethod
    def resolve_kind_label(event) -> str:
        return str(event.get_kind_display())


class EventIn(Schema):
    kind: EventKind = Field(description="What kind of event.")
    date: dt.date = Field(description="The day it took place.")
    title: SingleLineText = Field("", max_length=200, description="Its title.")
    organiser: int | None = Field(
        None, ge=1, le=2**63 - 1, description="The organising organisation's id."
    )
    participants: int = Field(0, ge=0, le=1_000_000, description="How many took part.")
    transnational: bool = Field(False, description="Whether it crossed a border.")


class CollaborationOut(Schema):
    id: int = Field(description="The collaboration's id in kompetensnav.")
    established: date = Field(description="When it was established.")
    title: str = Field(description="Its title.")
    parties: list[OrganisationRef] = Field(description="The organisations in it.")

    @staticmethod
    def resolve_parties(collaboration) -> list:
        return list(collaboration.parties.all())


class CollaborationIn(Schema):
    established: date = Field(description="When it was established.")
    title: SingleLineText = Field("", max_length=200, description="Its title.")
    parties: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        min_length=2,
        max_length=100,
        description="The ids of the organisations in it (two or more).",
    )


class MembershipOut(Schema):
    id: int = Field(description="The membership's id in kompetensnav.")
    organisation: int = Field(description="The member organisation's id.")
    year: int = Field(description="The year it is for.")
    fee_paid: bool = Field(description="Whether the fee is paid.")
    municipalities: list[str] = Field(
        description="The SCB codes of the municipalities it represents in the network."
    )

    @staticmethod
    def resolve_organisation(membership) -> int:
        return membership.organisation_id

    @staticmethod
    def resolve_municipalities(membership) -> list[str]:
        return sorted(m.code for m in membership.municipalities.all())


class MembershipIn(Schema):
    year: int = Field(ge=1990, le=2999, description="The year it is for.")
    fee_paid: bool = Field(False, description="Whether the fee is paid.")
    municipalities: list[Annotated[str, Field(pattern=r"^[0-9]{4}$")]] = Field(
        default_factory=list,
        max_length=300,
        description="The SCB codes of the municipalities it represents.",
    )
