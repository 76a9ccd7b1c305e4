"""The shapes the API answers with. JSON keys are English and never translated; `*_label`
fields carry a human text in the token user's language."""

from datetime import datetime

from ninja import Field, Schema

from kompetensnav.accounts.enums import Role
from kompetensnav.network.enums import OrganisationKind
from kompetensnav.reference.models import SniCode

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
