"""Import kinds of the collaboration model: actors, councils, priorities, initiatives
(docs/interchange.md). References by the other kinds' ids, as everywhere in the contract."""

from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course
from kompetensnav.companies.models import Company
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.interchange.fields import (
    Column,
    choice,
    integer,
    iso_date,
    listing,
    text,
)
from kompetensnav.interchange.kinds import ImportContext, Kind, reference_values
from kompetensnav.interchange.registry import register
from kompetensnav.network.models import Event, Organisation
from kompetensnav.projects.models import Project
from kompetensnav.reference.models import Municipality, SniCode, Subregion

from .enums import CouncilKind, Function, InitiativeKind, InitiativeStatus, Level, Origin
from .models import Actor, Council, Initiative, Priority
from .services import imports as services

ID = Column("id", text(64), required=True)


def _unknown(
    column: str, model, field: str, values: list[str], message: str, context: ImportContext
) -> dict[str, str]:
    known = reference_values(context, model, field)
    unknown = [v for v in values if v and v not in known]
    return {column: message % {"values": ", ".join(unknown)}} if unknown else {}


def _sni(column: str, codes: list[str], context: ImportContext) -> dict[str, str]:
    return _unknown(column, SniCode, "code", codes, _("Unknown SNI code: %(values)s."), context)


def _subregions(column: str, slugs: list[str], context: ImportContext) -> dict[str, str]:
    return _unknown(
        column,
        Subregion,
        "slug",
        slugs,
        _("Unknown subregion: %(values)s. Use the identifier, such as skaraborg or fyrbodal."),
        context,
    )


def _by_ids(model, ids: list[str]) -> list:
    return list(model.objects.filter(external_id__in=ids)) if ids else []


def _one(model, external_id: str | None):
    return model.objects.get(external_id=external_id) if external_id else None


@register
class Actors(Kind):
    referenced_kinds = ("organisations", "companies")
    name = "actors"
    model = Actor
    list_url_name = "collaboration:overview"
    columns = [
        ID,
        Column("organisation", text(64), default=""),
        Column("company", text(64), default=""),
        Column("level", choice(Level.values), required=True),
        Column("functions", listing(choice(Function.values)), default=[]),
        Column("mandate", text(300), default=""),
        Column("industries", listing(text(6)), default=[]),
        Column("subregions", listing(text(40)), default=[]),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        if bool(values["organisation"]) == bool(values["company"]):
            return {
                "organisation": _(
                    "Give either an organisation or a company: an actor is exactly one of them."
                )
            }
        errors = self.reference_error(
            "organisations", "organisation", [values["organisation"]], context
        )
        errors |= self.reference_error("companies", "company", [values["company"]], context)
        errors |= _sni("industries", values["industries"], context)
        errors |= _subregions("subregions", values["subregions"], context)
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.actor_upsert(
            actor=context.actor,
            external_id=values["id"],
            organisation=_one(Organisation, values["organisation"]),
            company=_one(Company, values["company"]),
            level=values["level"],
            functions=values["functions"],
            mandate=values["mandate"] or "",
            industries=list(SniCode.objects.filter(code__in=values["industries"])),
            subregions=list(Subregion.objects.filter(slug__in=values["subregions"])),
        )
        return created

    def export_queryset(self):
        return (
            Actor.objects.select_related("organisation", "company")
            .prefetch_related("functions", "industries", "subregions")
            .order_by("pk")
        )

    def export_row(self, obj: Actor) -> list:
        return [
            obj.external_id,
            obj.organisation.external_id if obj.organisation_id else "",
            obj.company.external_id if obj.company_id else "",
            obj.level,
            ";".join(sorted(f.function for f in obj.functions.all())),
            obj.mandate,
            ";".join(sorted(s.code for s in obj.industries.all())),
            ";".join(sorted(s.slug for s in obj.subregions.all())),
        ]


@register
class Councils(Kind):
    name = "councils"
    model = Council
    list_url_name = "collaboration:council_list"
    columns = [
        ID,
        Column("name", text(200), required=True),
        Column("industry", text(6), required=True),
        Column("subregion", text(40), required=True),
        Column("municipality", text(4), default=""),
        Column("kind", choice(CouncilKind.values), default=CouncilKind.STANDING),
        Column("started", iso_date, required=True),
        Column("ends", iso_date),
        Column("purpose", text(5000, multiline=True), default=""),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = _sni("industry", [values["industry"]], context)
        errors |= _subregions("subregion", [values["subregion"]], context)
        if values["municipality"]:
            code = values["municipality"]
            # (name, subregion) of the municipality, looked up once per code and import
            municipality = context.memo(
                "municipality",
                code,
                lambda: (
                    Municipality.objects.filter(code=code)
                    .values_list("name", "subregion_id")
                    .first()
                ),
            )
            if municipality is None:
                errors["municipality"] = _("Unknown SCB municipality code: %(codes)s.") % {
                    "codes": values["municipality"]
                }
            elif municipality[1] != values["subregion"]:
                errors["municipality"] = _("%(municipality)s is not in %(subregion)s.") % {
                    "municipality": municipality[0],
                    "subregion": values["subregion"],
                }
        kind = values["kind"] or CouncilKind.STANDING
        if kind == CouncilKind.TEMPORARY and not values["ends"]:
            errors["ends"] = _("A temporary council needs an end date.")
        if values["ends"] and values["started"] and values["ends"] < values["started"]:
            errors["ends"] = _("The end date cannot be before the start.")
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.council_upsert(
            actor=context.actor,
            external_id=values["id"],
            name=values["name"],
            industry=SniCode.objects.get(code=values["industry"]),
            subregion=Subregion.objects.get(slug=values["subregion"]),
            municipality=Municipality.objects.filter(code=values["municipality"]).first()
            if values["municipality"]
            else None,
            kind=values["kind"] or CouncilKind.STANDING,
            started=values["started"],
            ends=values["ends"],
            purpose=values["purpose"] or "",
        )
        return created

    def export_queryset(self):
        return Council.objects.order_by("pk")

    def export_row(self, obj: Council) -> list:
        return [
            obj.external_id,
            obj.name,
            obj.industry_id,
            obj.subregion_id,
            obj.municipality_id or "",
            obj.kind,
            obj.started,
            obj.ends or "",
            obj.purpose,
        ]


@register
class Priorities(Kind):
    referenced_kinds = ("actors",)
    name = "priorities"
    model = Priority
    list_url_name = "collaboration:overview"
    columns = [
        ID,
        Column("year", integer(1900, 2999), required=True),
        Column("title", text(200), required=True),
        Column("subregion", text(40), default=""),
        Column("rank", integer(1, 99), default=1),
        Column("rationale", text(5000, multiline=True), default=""),
        Column("area", text(120), default=""),
        Column("decided_by", text(64), default=""),
        Column("decided_on", iso_date),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = _subregions("subregion", [values["subregion"]], context)
        errors |= self.reference_error("actors", "decided_by", [values["decided_by"]], context)
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.priority_upsert(
            actor=context.actor,
            external_id=values["id"],
            year=values["year"],
            title=values["title"],
            subregion=Subregion.objects.filter(slug=values["subregion"]).first()
            if values["subregion"]
            else None,
            rank=values["rank"] or 1,
            rationale=values["rationale"] or "",
            area=area_find_or_create(name=values["area"]) if values["area"] else None,
            decided_by=_one(Actor, values["decided_by"]),
            decided_on=values["decided_on"],
        )
        return created

    def export_queryset(self):
        return Priority.objects.select_related("area", "decided_by").order_by("pk")

    def export_row(self, obj: Priority) -> list:
        return [
            obj.external_id,
            obj.year,
            obj.title,
            obj.subregion_id or "",
            obj.rank,
            obj.rationale,
            obj.area.name if obj.area_id else "",
            obj.decided_by.external_id if obj.decided_by_id else "",
            obj.decided_on or "",
        ]


@register
class Initiatives(Kind):
    referenced_kinds = ("actors", "priorities", "courses", "projects", "events")
    name = "initiatives"
    model = Initiative
    list_url_name = "collaboration:overview"
    columns = [
        ID,
        Column("title", text(200), required=True),
        Column("kind", choice(InitiativeKind.values), required=True),
        Column("owner", text(64), required=True),
        Column("status", choice(InitiativeStatus.values), default=InitiativeStatus.IDEA),
        Column("origin", choice(Origin.values), default=Origin.NEEDS),
        Column("description", text(5000, multiline=True), default=""),
        Column("start", iso_date),
        Column("end", iso_date),
        Column("priority", text(64), default=""),
        Column("actors", listing(text(64)), default=[]),
        Column("courses", listing(text(64)), default=[]),
        Column("projects", listing(text(64)), default=[]),
        Column("events", listing(text(64)), default=[]),
    ]

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error("actors", "owner", [values["owner"]], context)
        errors |= self.reference_error("actors", "actors", values["actors"], context)
        errors |= self.reference_error("priorities", "priority", [values["priority"]], context)
        for column in ("courses", "projects", "events"):
            errors |= self.reference_error(column, column, values[column], context)
        if values["start"] and values["end"] and values["end"] < values["start"]:
            errors["end"] = _("The end date cannot be before the start.")
        return errors

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.initiative_upsert(
            actor=context.actor,
            external_id=values["id"],
            title=values["title"],
            kind=values["kind"],
            status=values["status"] or InitiativeStatus.IDEA,
            origin=values["origin"] or Origin.NEEDS,
            owner=Actor.objects.get(external_id=values["owner"]),
            description=values["description"] or "",
            start=values["start"],
            end=values["end"],
            priority=_one(Priority, values["priority"]),
            actors=_by_ids(Actor, values["actors"]),
            courses=_by_ids(Course, values["courses"]),
            projects=_by_ids(Project, values["projects"]),
            events=_by_ids(Event, values["events"]),
        )
        return created

    def export_queryset(self):
        return (
            Initiative.objects.select_related("owner", "priority")
            .prefetch_related("actors", "courses", "projects", "events")
            .order_by("pk")
        )

    def export_row(self, obj: Initiative) -> list:
        def ids(objects) -> str:
            return ";".join(sorted(o.external_id for o in objects if o.external_id))

        return [
            obj.external_id,
            obj.title,
            obj.kind,
            obj.owner.external_id,
            obj.status,
            obj.origin,
            obj.description,
            obj.start or "",
            obj.end or "",
            obj.priority.external_id if obj.priority_id else "",
            ids(obj.actors.all()),
            ids(obj.courses.all()),
            ids(obj.projects.all()),
            ids(obj.events.all()),
        ]
