"""The `companies` kind of the interchange contract."""

from django.utils.translation import gettext as _

from kompetensnav.common.validators import normalise_org_number
from kompetensnav.interchange.fields import Column, integer, text, validated
from kompetensnav.interchange.kinds import ImportContext, Kind
from kompetensnav.interchange.registry import register
from kompetensnav.reference.models import Country
from kompetensnav.reference.selectors import municipality_by_code, sni_lookup

from . import services
from .models import Company


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

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors: dict[str, str] = {}
        country = (values["country"] or "SE").upper()
        if not Country.objects.filter(code=country).exists():
            errors["country"] = _(
                "Unknown country code “%(code)s”: use ISO 3166-1 alpha-2 (SE, DK, NO…)."
            ) % {"code": country}
        if country == "SE" and not values["org_number"]:
            errors["org_number"] = _(
                "A Swedish company needs its organisation number; leave it empty only for a "
                "foreign company and give its country."
            )
        if values["municipality"] and municipality_by_code(values["municipality"]) is None:
            errors["municipality"] = _("Unknown SCB municipality code: %(codes)s.") % {
                "codes": values["municipality"]
            }
        if values["sni"] and sni_lookup(values["sni"]) is None:
            errors["sni"] = _(
                "Unknown SNI 2007 code “%(code)s”: give a section letter (C) or a code that "
                "starts with a division (31 or 31.01)."
            ) % {"code": values["sni"]}
        if values["org_number"]:
            clash = Company.objects.filter(org_number=values["org_number"]).exclude(
                external_id=values["id"]
            )
            taken = clash.first()
            if taken is not None:
                errors["org_number"] = _(
                    "Another company (%(name)s, id %(id)s) already has this organisation number."
                ) % {"name": taken.name, "id": taken.external_id or taken.pk}
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        sni = sni_lookup(values["sni"]) if values["sni"] else None
        _obj, created = services.company_upsert(
            actor=context.actor,
            external_id=values["id"],
            fields=services.CompanyFields(
                name=values["name"],
                org_number=values["org_number"] or "",
                sni_id=sni.pk if sni else None,
                municipality_id=(
                    municipality_by_code(values["municipality"]).pk
                    if values["municipality"]
                    else None
                ),
                country_id=(values["country"] or "SE").upper(),
                employees=values["employees"],
            ),
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
