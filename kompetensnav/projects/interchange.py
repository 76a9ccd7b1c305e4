"""Import kinds of projects: projects and Erasmus+ mobilities."""

from decimal import Decimal

from django.utils.translation import gettext as _

from kompetensnav.interchange.fields import Column, choice, decimal, integer, iso_date, text
from kompetensnav.interchange.kinds import ImportContext, Kind, reference_values
from kompetensnav.interchange.registry import register
from kompetensnav.reference.models import Country

from . import services
from .enums import Funder, MobilityKind, MobilityStatus
from .models import Mobility, Project

ID = Column("id", text(64), required=True)
MONEY = decimal(Decimal(0), max_digits=14)  # the models' money fields


def _end_before_start(values: dict) -> dict[str, str]:
    if values["start"] and values["end"] and values["end"] < values["start"]:
        return {"end": _("The end date is before the start date.")}
    return {}


@register
class Projects(Kind):
    name = "projects"
    model = Project
    columns = [
        ID,
        Column("name", text(200), required=True),
        Column("funder", choice(Funder.values), required=True),
        Column("start", iso_date),
        Column("end", iso_date),
        Column("budget_sek", MONEY),
        Column("cofinancing_sek_per_hour", MONEY),
        Column("granted_places_student", integer(0)),
        Column("granted_places_staff", integer(0)),
        Column("budget_student_sek", MONEY),
        Column("budget_staff_sek", MONEY),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        return _end_before_start(values)

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.project_upsert(
            actor=context.actor,
            external_id=values["id"],
            name=values["name"],
            funder=values["funder"],
            start=values["start"],
            end=values["end"],
            budget_sek=values["budget_sek"],
            cofinancing_sek_per_hour=values["cofinancing_sek_per_hour"],
            granted_places_student=values["granted_places_student"],
            granted_places_staff=values["granted_places_staff"],
            budget_student_sek=values["budget_student_sek"],
            budget_staff_sek=values["budget_staff_sek"],
        )
        return created

    def export_row(self, obj: Project) -> list:
        return [
            obj.external_id,
            obj.name,
            obj.funder,
            obj.start,
            obj.end,
            obj.budget_sek,
            obj.cofinancing_sek_per_hour,
            obj.granted_places_student,
            obj.granted_places_staff,
            obj.budget_student_sek,
            obj.budget_staff_sek,
        ]


@register
class Mobilities(Kind):
    referenced_kinds = ("projects",)
    name = "mobilities"
    model = Mobility
    columns = [
        ID,
        Column("project", text(64), required=True),
        Column("kind", choice(MobilityKind.values), required=True),
        Column("status", choice(MobilityStatus.values), required=True),
        Column("country", text(2)),
        Column("start", iso_date),
        Column("end", iso_date),
        Column("grant_sek", MONEY),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error("projects", "project", [values["project"]], context)
        country = (values["country"] or "").upper()
        if country and country not in reference_values(context, Country, "code"):
            errors["country"] = _(
                "Unknown country code “%(code)s”: use ISO 3166-1 alpha-2 (SE, DK, NO…)."
            ) % {"code": country}
        return errors | _end_before_start(values)

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.mobility_upsert(
            actor=context.actor,
            external_id=values["id"],
            project=Project.objects.get(external_id=values["project"]),
            kind=values["kind"],
            status=values["status"],
            country_id=(values["country"] or "").upper() or None,
            start=values["start"],
            end=values["end"],
            grant_sek=values["grant_sek"],
        )
        return created

    def export_queryset(self):
        return Mobility.objects.select_related("project").order_by("pk")

    def export_row(self, obj: Mobility) -> list:
        return [
            obj.external_id,
            obj.project.external_id,
            obj.kind,
            obj.status,
            obj.country_id or "",
            obj.start,
            obj.end,
            obj.grant_sek,
        ]
