"""Writes of projects and mobilities (keyword-only, atomic)."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from .models import Mobility, Project


@transaction.atomic
def project_upsert(
    *,
    actor,
    external_id: str,
    name: str,
    funder: str,
    start: date | None = None,
    end: date | None = None,
    budget_sek: Decimal | None = None,
    cofinancing_sek_per_hour: Decimal | None = None,
    granted_places_student: int | None = None,
    granted_places_staff: int | None = None,
    budget_student_sek: Decimal | None = None,
    budget_staff_sek: Decimal | None = None,
) -> tuple[Project, bool]:
    project, created = Project.objects.update_or_create(
        external_id=external_id,
        defaults={
            "name": name,
            "funder": funder,
            "start": start,
            "end": end,
            "budget_sek": budget_sek,
            "cofinancing_sek_per_hour": cofinancing_sek_per_hour,
            "granted_places_student": granted_places_student,
            "granted_places_staff": granted_places_staff,
            "budget_student_sek": budget_student_sek,
            "budget_staff_sek": budget_staff_sek,
        },
    )
    return project, created


@transaction.atomic
def mobility_upsert(
    *,
    actor,
    external_id: str,
    project: Project,
    kind: str,
    status: str,
    country_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
    grant_sek: Decimal | None = None,
) -> tuple[Mobility, bool]:
    mobility, created = Mobility.objects.update_or_create(
        external_id=external_id,
        defaults={
            "project": project,
            "kind": kind,
            "status": status,
            "country_id": country_id,
            "start": start,
            "end": end,
            "grant_sek": grant_sek,
        },
    )
    return mobility, created
