"""The importer's writes of the collaboration model (`interchange.py`): one upsert per kind,
by the external id, all inside the import's transaction. The pages' services check more (a
chair per council, members of the council); an import carries what the file says."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from kompetensnav.campus.models import Course
from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.companies.models import Company
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Event, Organisation
from kompetensnav.projects.models import Project
from kompetensnav.reference.models import Municipality, SniCode, Subregion

from ..models import Actor, ActorFunction, Council, Initiative, Priority


def _get[M: Actor | Council | Initiative | Priority](model: type[M], external_id: str) -> M | None:
    found: M | None = model._default_manager.filter(external_id=external_id).first()  # type: ignore[assignment]
    return found


@transaction.atomic
def actor_upsert(
    *,
    actor: ActingUser,
    external_id: str,
    organisation: Organisation | None,
    company: Company | None,
    level: str,
    functions: Sequence[str] = (),
    mandate: str = "",
    industries: Sequence[SniCode] = (),
    subregions: Sequence[Subregion] = (),
) -> tuple[Actor, bool]:
    require_unless_system(actor, "collaboration.import")
    record = _get(Actor, external_id)
    if record is None and organisation is not None:
        record = Actor.objects.filter(organisation=organisation).first()
    if record is None and company is not None:
        record = Actor.objects.filter(company=company).first()
    created = record is None
    record = record or Actor()
    record.external_id = external_id
    record.organisation, record.company = organisation, company
    record.level, record.mandate = level, mandate
    record.full_clean(validate_unique=False)
    record.save()
    record.functions.all().delete()
    ActorFunction.objects.bulk_create(
        ActorFunction(actor=record, function=f) for f in set(functions)
    )
    record.industries.set(industries)
    record.subregions.set(subregions)
    return record, created


@transaction.atomic
def council_upsert(
    *,
    actor: ActingUser,
    external_id: str,
    name: str,
    industry: SniCode,
    subregion: Subregion,
    municipality: Municipality | None,
    kind: str,
    started: date,
    ends: date | None,
    purpose: str = "",
) -> tuple[Council, bool]:
    require_unless_system(actor, "collaboration.import")
    record = _get(Council, external_id)
    created = record is None
    record = record or Council(external_id=external_id)
    record.name, record.industry, record.subregion = name, industry, subregion
    record.municipality, record.kind = municipality, kind
    record.started, record.ends, record.purpose = started, ends, purpose
    record.full_clean(validate_unique=False)
    record.save()
    return record, created


@transaction.atomic
def priority_upsert(
    *,
    actor: ActingUser,
    external_id: str,
    year: int,
    title: str,
    subregion: Subregion | None = None,
    rank: int = 1,
    rationale: str = "",
    area: CompetenceArea | None = None,
    decided_by: Actor | None = None,
    decided_on: date | None = None,
) -> tuple[Priority, bool]:
    require_unless_system(actor, "collaboration.import")
    record = _get(Priority, external_id)
    created = record is None
    record = record or Priority(external_id=external_id)
    record.year, record.title, record.subregion, record.rank = year, title, subregion, rank
    record.rationale, record.area = rationale, area
    record.decided_by, record.decided_on = decided_by, decided_on
    record.full_clean(validate_unique=False)
    record.save()
    return record, created


@transaction.atomic
def initiative_upsert(
    *,
    actor: ActingUser,
    external_id: str,
    title: str,
    kind: str,
    status: str,
    owner: Actor,
    origin: str,
    description: str = "",
    start: date | None = None,
    end: date | None = None,
    priority: Priority | None = None,
    actors: Sequence[Actor] = (),
    courses: Sequence[Course] = (),
    projects: Sequence[Project] = (),
    events: Sequence[Event] = (),
) -> tuple[Initiative, bool]:
    require_unless_system(actor, "collaboration.import")
    record = _get(Initiative, external_id)
    created = record is None
    record = record or Initiative(external_id=external_id)
    record.title, record.kind, record.status, record.owner = title, kind, status, owner
    record.origin, record.description = origin, description
    record.start, record.end, record.priority = start, end, priority
    record.full_clean(validate_unique=False)
    record.save()
    record.actors.set(actors)
    record.courses.set(courses)
    record.projects.set(projects)
    record.events.set(events)
    return record, created
