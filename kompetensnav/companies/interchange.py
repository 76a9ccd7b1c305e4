"""The `companies` kind of the interchange contract."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.common.validators import normalise_org_number
from kompetensnav.interchange.fields import Column, integer, text, validated
from kompetensnav.interchange.kinds import (
    ImportContext,
    Kind,
    KnownAs,
    named_by_number_or_name,
    resolve_known_as,
)
from kompetensnav.interchange.plain import (
    ID,
    ORG_NUMBER,
    PLAIN_ORG_NUMBER,
    Plain,
    line_text,
    luhn,
    or_empty,
)
from kompetensnav.interchange.registry import register
from kompetensnav.reference.models import Country
from kompetensnav.reference.selectors import municipality_by_code, sni_lookup

from . import services
from .models import Company

COMPANIES_KNOWN_AS = KnownAs(
    "companies",
    named_by_number_or_name(Company),
    several=gettext_lazy(
        "“%(value)s” matches several companies: %(candidates)s. Give the org. number or the "
        "id instead."
    ),
    none=gettext_lazy(
        "No company has the id, org. number or name “%(value)s”: check the spelling, or "
        "import the company first."
    ),
)


def resolve_companies(values: dict, columns: tuple[str, ...], context: ImportContext) -> dict:
    """A company may be given by its interchange id, its org. number or its name."""
    return resolve_known_as(values, columns, COMPANIES_KNOWN_AS, context)


def _pk(found) -> str | None:
    return found.pk if found is not None else None


@register
class Companies(Kind):
    name = "companies"
    model = Company
    list_url_name = "companies:company_list"
    columns = [
        Column("id", text(64), required=True),
        Column("name", text(200), required=True),
        # required by the contract for Swedish companies; empty with a country for foreign ones
        Column("org_number", validated(normalise_org_number), default=""),
        Column("sni", text(10), default=""),
        Column("municipality", text(4), default=""),
        Column("country", text(2), default="SE"),
        Column("employees", integer(0), default=None),
    ]

    def required_names(self) -> set[str]:
        # The column is required; its cell may be empty for a foreign company (checked below).
        return {*super().required_names(), "org_number"}

    plain = Plain(
        cells={
            "id": ID,
            "name": line_text(200),
            "org_number": or_empty(ORG_NUMBER),
            "sni": or_empty(rb"[0-9]{2}|[A-Z]"),  # a division or a section (sni_lookup)
            "municipality": or_empty(rb"[0-9]{4}"),
            "country": or_empty(rb"[A-Z]{2}"),
            "employees": or_empty(rb"[0-9]{1,9}"),
        },
        values={
            "external_id": "s.id",
            "name": "s.name",
            "org_number": PLAIN_ORG_NUMBER,
            "sni_id": "sni.code",
            "municipality_id": "municipality.code",
            "country_id": "country.code",
            "employees": "s.employees::integer",
        },
        joins=(
            "LEFT JOIN reference_snicode sni ON sni.code = s.sni AND sni.level = CASE "
            "WHEN length(s.sni) = 1 THEN 'section' ELSE 'division' END "
            "LEFT JOIN reference_municipality municipality ON municipality.code = "
            "s.municipality "
            "JOIN reference_country country ON country.code = COALESCE(s.country, 'SE')"
        ),
        # a Swedish company's number, and each number once: the table's constraints
        where=(
            "(s.sni IS NULL OR sni.code IS NOT NULL) "
            "AND (s.municipality IS NULL OR municipality.code IS NOT NULL) "
            f"AND (s.org_number IS NULL OR {luhn("replace(s.org_number, '-', '')")})"
        ),
    )
    bulk_fields = (
        "name",
        "org_number",
        "sni",
        "municipality",
        "country",
        "employees",
        "updated",
    )
    bulk_permission = "companies.import"

    def check_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, str]]:
        """A batch at a time: the codes are looked up once per import, the organisation
        numbers once per batch, and a number given twice in the file is found too."""
        countries = context.memo(
            "countries", None, lambda: set(Country.objects.values_list("code", flat=True))
        )
        numbers = {values["org_number"] for _n, values in rows if values["org_number"]}
        taken = {
            org_number: (external_id, name, pk)
            for org_number, external_id, name, pk in Company.objects.filter(
                org_number__any_of=numbers
            )
            # the index on the number leaves out companies without one (partial): PostgreSQL
            # proves a list of more than 100 numbers inside it only when told
            .exclude(org_number="")
            .order_by()
            .values_list("org_number", "external_id", "name", "pk")
        }
        problems: dict[int, dict[str, str]] = {}
        for number, values in rows:
            errors: dict[str, str] = {}
            country = (values["country"] or "SE").upper()
            if country not in countries:
                errors["country"] = _(
                    "Unknown country code “%(code)s”: use ISO 3166-1 alpha-2 (SE, DK, NO…)."
                ) % {"code": country}
            org_number = values["org_number"]
            if country == "SE" and not org_number:
                errors["org_number"] = _(
                    "A Swedish company needs its organisation number; leave it empty only for "
                    "a foreign company and give its country."
                )
            if values["municipality"] and self._municipality(values, context) is None:
                errors["municipality"] = _("Unknown SCB municipality code: %(codes)s.") % {
                    "codes": values["municipality"]
                }
            if values["sni"] and self._sni(values, context) is None:
                errors["sni"] = _(
                    "Unknown SNI 2007 code “%(code)s”: give a section letter (C) or a code that "
                    "starts with a division (31 or 31.01)."
                ) % {"code": values["sni"]}
            if org_number:
                clash = taken.get(org_number)
                if clash is not None and clash[0] != values["id"]:
                    errors["org_number"] = _(
                        "Another company (%(name)s, id %(id)s) already has this organisation "
                        "number."
                    ) % {"name": clash[1], "id": clash[0] or clash[2]}
                elif earlier := context.earlier_row("org", org_number, number, values["id"]):
                    errors["org_number"] = _(
                        "Row %(n)s of the file gives this organisation number too."
                    ) % {"n": earlier}
            if errors:
                problems[number] = errors
        return problems

    def _municipality(self, values: dict, context: ImportContext) -> str | None:
        code = values["municipality"]
        return context.memo("municipality", code, lambda: _pk(municipality_by_code(code)))

    def _sni(self, values: dict, context: ImportContext) -> str | None:
        code = values["sni"]
        return context.memo("sni", code, lambda: _pk(sni_lookup(code)))

    def _fields(self, values: dict, context: ImportContext) -> services.CompanyFields:
        return services.CompanyFields(
            name=values["name"],
            org_number=values["org_number"] or "",
            sni_id=self._sni(values, context) if values["sni"] else None,
            municipality_id=(
                self._municipality(values, context) if values["municipality"] else None
            ),
            country_id=(values["country"] or "SE").upper(),
            employees=values["employees"],
        )

    def build(self, values: dict, context: ImportContext) -> dict[str, Any]:
        return {"external_id": values["id"], **vars(self._fields(values, context))}

    def upsert(self, values: dict, context: ImportContext) -> bool:
        """A row at a time: when a batch clashes in the database, to name the row."""
        _obj, created = services.company_upsert(
            actor=context.actor, external_id=values["id"], fields=self._fields(values, context)
        )
        return created

    def export_queryset(self):
        return Company.objects.order_by("pk")

    def export_row(self, obj: Company) -> list:
        return [
            obj.external_id,
            obj.name,
            obj.org_number,
            obj.sni_id or "",
            obj.municipality_id or "",
            obj.country_id,
            "" if obj.employees is None else obj.employees,
        ]
