"""The `visits` and `needs` kinds of the interchange contract."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from kompetensnav.companies.models import Company
from kompetensnav.interchange.fields import Column, choice, email, integer, iso_date, text
from kompetensnav.interchange.kinds import ImportContext, Kind
from kompetensnav.interchange.registry import register
from kompetensnav.network.models import Organisation

from . import services
from .enums import GapArea, Horizon
from .models import Need, Visit

ID = Column("id", text(64), required=True)


@register
class Visits(Kind):
    name = "visits"
    model = Visit
    referenced_kinds = ("companies", "organisations")
    list_url_name = "visits:visit_list"
    columns = [
        ID,
        Column("date", iso_date, required=True),
        Column("company", text(64), required=True),
        Column("organisation", text(64), required=True),
        Column("broker", email, default=""),
        Column("notes", text(10000, multiline=True), default=""),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error("companies", "company", [values["company"]], context)
        errors |= self.reference_error(
            "organisations", "organisation", [values["organisation"]], context
        )
        if values["broker"] and not _user_by_email(values["broker"]):
            errors["broker"] = _(
                "No user has the e-mail address %(email)s: invite the broker first or leave "
                "the cell empty."
            ) % {"email": values["broker"]}
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.visit_upsert(
            actor=context.actor,
            external_id=values["id"],
            company=Company.objects.get(external_id=values["company"]),
            organisation_id=Organisation.objects.get(external_id=values["organisation"]).pk,
            date=values["date"],
            broker=_user_by_email(values["broker"]) if values["broker"] else None,
            notes=values["notes"] or "",
        )
        return created

    def export_queryset(self):
        users = get_user_model().objects.order_by("email")
        return (
            Visit.objects.select_related("company", "organisation")
            .prefetch_related(Prefetch("visited_by", queryset=users))
            .order_by("pk")
        )

    def export_row(self, obj: Visit) -> list:
        visitors = list(obj.visited_by.all())
        return [
            obj.external_id,
            obj.date,
            obj.company.external_id,
            obj.organisation.external_id,
            visitors[0].email if visitors else "",
            obj.notes,
        ]


def _user_by_email(address: str):
    return get_user_model().objects.filter(email__iexact=address).first()


@register
class Needs(Kind):
    name = "needs"
    model = Need
    referenced_kinds = ("visits",)
    list_url_name = "visits:dashboard"
    columns = [
        ID,
        Column("visit", text(64), required=True),
        Column("area", text(120), required=True),
        Column("description", text(5000, multiline=True), default=""),
        Column("horizon", choice(Horizon.values), default=""),
        Column("employees_affected", integer(0), default=None),
        Column("seqf_level", integer(1, 8), default=None),
        Column("gap_area", choice(GapArea.values), default=""),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        return self.reference_error("visits", "visit", [values["visit"]], context)

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.need_upsert(
            actor=context.actor,
            external_id=values["id"],
            visit=Visit.objects.get(external_id=values["visit"]),
            data=services.NeedData(
                area=values["area"],
                description=values["description"] or "",
                horizon=values["horizon"] or "",
                employees_affected=values["employees_affected"],
                seqf_level=values["seqf_level"],
                gap_area=values["gap_area"] or "",
            ),
        )
        return created

    def export_queryset(self):
        return Need.objects.select_related("visit", "area").order_by("pk")

    def export_row(self, obj: Need) -> list:
        return [
            obj.external_id,
            obj.visit.external_id,
            obj.area.name,
            obj.description,
            obj.horizon,
            "" if obj.employees_affected is None else obj.employees_affected,
            obj.seqf_level_id or "",
            obj.gap_area,
        ]
