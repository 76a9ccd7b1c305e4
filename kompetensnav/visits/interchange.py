"""The `visits` and `needs` kinds of the interchange contract."""

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_user
from kompetensnav.companies.interchange import resolve_companies
from kompetensnav.companies.models import Company
from kompetensnav.interchange import importer
from kompetensnav.interchange.fields import Column, choice, email, integer, iso_date, text
from kompetensnav.interchange.kinds import (
    ImportContext,
    Kind,
    by_reference,
    pks_by_external_id,
)
from kompetensnav.interchange.plain import (
    DATE,
    EMAIL,
    Plain,
    line_text,
    one_of,
    or_empty,
)
from kompetensnav.interchange.plain import ID as PLAIN_ID
from kompetensnav.interchange.registry import register
from kompetensnav.network.interchange import resolve_organisations
from kompetensnav.network.models import Organisation

from . import services
from .enums import GapArea, Horizon
from .models import Need, Visit
from .signals import needs_imported

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
        Column("company", text(200), required=True),
        Column("organisation", text(200), required=True),
        Column("broker", email, default=""),
        Column("notes", text(10000, multiline=True), default=""),
    ]

    plain = Plain(
        cells={
            "id": PLAIN_ID,
            "date": DATE,
            "company": PLAIN_ID,
            "organisation": PLAIN_ID,
            "broker": or_empty(EMAIL),
            "notes": or_empty(line_text(10000)),
        },
        values={
            "external_id": "s.id",
            "date": "s.date::date",
            "company_id": "company.id",
            "organisation_id": "organisation.id",
            "notes": "COALESCE(s.notes, '')",
            "broker_given": "''",  # a broker given has an account (else: the general path)
            "created_by_id": "%(created_by)s",
        },
        joins=(
            "JOIN companies_company company ON company.external_id = s.company "
            "JOIN network_organisation organisation ON organisation.external_id = "
            "s.organisation "
            "LEFT JOIN accounts_user broker ON lower(broker.email) = lower(s.broker)"
        ),
        # not in the future; a broker without an account is a notice: the general path's
        where="s.date::date <= %(today)s AND (s.broker IS NULL OR broker.id IS NOT NULL)",
        params=lambda cells, context: {
            "created_by": getattr(acting_user(context.actor), "pk", None)
        },
        after=lambda cursor, stage, pks, context: _plain_brokers(cursor, stage),
    )
    bulk_fields = ("company", "organisation", "date", "notes", "broker_given", "updated")
    bulk_references = {
        "companies": (Company, "company"),
        "organisations": (Organisation, "organisation"),
    }
    bulk_permission = "visits.import"

    def resolve(self, values: dict, context: ImportContext) -> dict[str, str]:
        """The company and the organisation by id, org. number or name."""
        return resolve_companies(values, ("company",), context) | resolve_organisations(
            values, ("organisation",), context
        )

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error("companies", "company", [values["company"]], context)
        errors |= self.reference_error(
            "organisations", "organisation", [values["organisation"]], context
        )
        if values["date"] > timezone.localdate():
            errors["date"] = _(
                "A visit cannot be in the future: put a coming meeting in the visit plan, and "
                "log the visit when it has taken place."
            )
        return errors

    def check_rows(
        self, rows: list[tuple[int, dict]], context: ImportContext
    ) -> dict[int, dict[str, str]]:
        brokers = _brokers(context, [v["broker"] for _n, v in rows])  # one query for the batch
        for number, values in rows:
            if values["broker"] and brokers.get(values["broker"].lower()) is None:
                # history: a broker who has left, or has no account yet (never a refusal)
                context.notice(
                    number,
                    "broker",
                    _(
                        "No user has the e-mail address %(email)s: the visit keeps it as "
                        "given, and is linked to the account made with it later."
                    )
                    % {"email": values["broker"]},
                )
        return super().check_rows(rows, context)

    def prepare(self, rows: list[tuple[int, dict]], context: ImportContext) -> None:
        super().prepare(rows, context)
        _brokers(context, [v["broker"] for _n, v in rows])

    def build(self, values: dict, context: ImportContext) -> dict[str, Any]:
        return {
            "external_id": values["id"],
            "company_id": context.seen["companies"][values["company"]],
            "organisation_id": context.seen["organisations"][values["organisation"]],
            "date": values["date"],
            "notes": values["notes"] or "",
            "broker_given": _given(values, context),
            "created_by_id": getattr(acting_user(context.actor), "pk", None),
        }

    def bulk_write(self, rows: list[tuple[int, dict]], context: ImportContext) -> bool:
        """The visits in bulk, then their brokers: a row's broker becomes the visit's only
        visitor unless they are among its visitors already (as a row at a time)."""
        if not super().bulk_write(rows, context):
            return False
        brokers = context.seen["brokers"]
        wanted = {
            v["id"]: brokers[v["broker"].lower()]
            for _n, v in rows
            if v["broker"] and brokers[v["broker"].lower()] is not None
        }
        if not wanted:
            return True
        visits = pks_by_external_id(Visit, wanted)
        through = Visit.visited_by.through
        present = set(
            through.objects.filter(visit_id__any_of=visits.values()).values_list(
                "visit_id", "user_id"
            )
        )
        replace = {
            visits[external_id]: user_id
            for external_id, user_id in wanted.items()
            if (visits[external_id], user_id) not in present
        }
        through.objects.filter(visit_id__any_of=replace).delete()
        through.objects.bulk_create(
            [through(visit_id=visit_id, user_id=user_id) for visit_id, user_id in replace.items()]
        )
        return True

    def upsert(self, values: dict, context: ImportContext) -> bool:
        _obj, created = services.visit_upsert(
            actor=context.actor,
            external_id=values["id"],
            company=by_reference(Company, values["company"]),
            organisation_id=by_reference(Organisation, values["organisation"]).pk,
            date=values["date"],
            broker=_user_by_email(values["broker"]) if values["broker"] else None,
            broker_given=_given(values, context),
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
            visitors[0].email if visitors else obj.broker_given,
            obj.notes,
        ]


def _given(values: dict, context: ImportContext) -> str:
    """The broker's address as given, when no account has it."""
    address = values["broker"]
    if not address or _brokers(context, [address]).get(address.lower()) is not None:
        return ""
    return address


def _user_by_email(address: str):
    return get_user_model().objects.filter(email__iexact=address).first()


def _brokers(context: ImportContext, addresses: list[str]) -> dict[str, int | None]:
    """{lower-case e-mail address: user pk or None}, looked up once per address and import."""
    known = context.seen.setdefault("brokers", {})
    wanted = {a.lower() for a in addresses if a} - set(known)
    if wanted:
        found = dict(
            get_user_model()
            .objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__any_of=wanted)
            .values_list("lower_email", "pk")
        )
        known.update({a: found.get(a) for a in wanted})
    return known


def _plain_brokers(cursor, stage: str) -> None:
    """A plain file's brokers (each has an account) become their new visits' visitors."""
    through = Visit.visited_by.through._meta.db_table
    cursor.execute(
        f"INSERT INTO {through} (visit_id, user_id) SELECT visit.id, broker.id "  # noqa: S608
        f"FROM {stage} s JOIN visits_visit visit ON visit.external_id = s.id "
        "JOIN accounts_user broker ON lower(broker.email) = lower(s.broker)"
    )


def _plain_areas(names: list[str]) -> dict[str, str]:
    """The competence areas a plain file of needs names, found or created once each."""
    areas = {name: services.competence_area_for(name).pk for name in set(names)}
    return {"areas": json.dumps(areas)}  # {name: pk}


def _needs_imported(pks: list[int]) -> None:
    """The matching hears of the new needs a batch at a time, as of a batch written."""
    pks, size = sorted(pks), importer.BATCH_ROWS
    for start in range(0, len(pks), size):
        needs_imported.send(sender=Need, need_ids=pks[start : start + size])


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

    plain = Plain(
        cells={
            "id": PLAIN_ID,
            "visit": PLAIN_ID,
            "area": line_text(120),
            "description": or_empty(line_text(5000)),
            "horizon": or_empty(one_of(*Horizon.values)),
            "employees_affected": or_empty(rb"[0-9]{1,9}"),
            "seqf_level": or_empty(rb"[1-8]"),
            "gap_area": or_empty(one_of(*GapArea.values)),
        },
        values={
            "external_id": "s.id",
            "visit_id": "visit.id",
            "area_id": "(%(areas)s::jsonb ->> s.area)::bigint",  # a lookup, not a join
            "description": "COALESCE(s.description, '')",
            "horizon": "COALESCE(s.horizon, '')",
            "employees_affected": "s.employees_affected::integer",
            "seqf_level_id": "s.seqf_level::smallint",
            "gap_area": "COALESCE(s.gap_area, '')",
            "visit_date": "visit.date",  # the database checks it once per statement (0009)
        },
        joins="JOIN visits_visit visit ON visit.external_id = s.visit",
        where="%(areas)s::jsonb ? s.area",
        read=("area",),
        params=lambda cells, context: _plain_areas(cells["area"]),
        after=lambda cursor, stage, pks, context: _needs_imported(pks),
    )
    bulk_references = {"visits": (Visit, "visit")}
    bulk_fields = (
        "visit",
        "area",
        "description",
        "horizon",
        "employees_affected",
        "seqf_level",
        "gap_area",
    )
    bulk_permission = "visits.import"

    def references(self, values: dict, context: ImportContext) -> dict[str, str]:
        errors = self.reference_error("visits", "visit", [values["visit"]], context)
        if not " ".join(values["area"].split()):
            errors["area"] = _("Name the competence area.")
        return errors

    def prepare(self, rows: list[tuple[int, dict]], context: ImportContext) -> None:
        super().prepare(rows, context)
        areas = context.seen.setdefault("areas", {})
        for _n, values in rows:  # a handful of names: found or created once per import
            if values["area"] not in areas:
                areas[values["area"]] = services.competence_area_for(values["area"]).pk

    def build(self, values: dict, context: ImportContext) -> dict[str, Any]:
        return {
            "external_id": values["id"],
            "visit_id": context.seen["visits"][values["visit"]],
            "area_id": context.seen["areas"][values["area"]],
            "description": values["description"] or "",
            "horizon": values["horizon"] or "",
            "employees_affected": values["employees_affected"],
            "seqf_level_id": values["seqf_level"],
            "gap_area": values["gap_area"] or "",
        }

    def bulk_write(self, rows: list[tuple[int, dict]], context: ImportContext) -> bool:
        """The needs in bulk; the matching hears of them once per batch (needs_imported)."""
        if not super().bulk_write(rows, context):
            return False
        ids = pks_by_external_id(Need, (v["id"] for _n, v in rows))
        needs_imported.send(sender=Need, need_ids=sorted(ids.values()))
        return True

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
