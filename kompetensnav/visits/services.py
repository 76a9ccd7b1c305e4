"""Writes of visits, needs, follow-ups and visit plans (keyword-only, atomic, permission
checked inside). The visit form, the importer and the demo all come here."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_affiliation, acting_person, acting_user
from kompetensnav.accounts.models import User
from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.companies.models import Company
from kompetensnav.companies.services import company_find_or_create
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.questionnaires.enums import Channel
from kompetensnav.questionnaires.models import QuestionnaireVersion
from kompetensnav.questionnaires.services import response_submit, response_update
from kompetensnav.reference.models import SeqfLevel

from .enums import GapArea, Horizon, PlanStatus
from .models import Need, PlanItem, Visit, VisitDraft
from .notices import routed_visit_tell

if TYPE_CHECKING:  # visits reaches projects through Visit.project, never at run time
    from kompetensnav.projects.models import Project


def _acting_organisation_id(actor: Actor) -> int:
    affiliation = acting_affiliation(actor)
    if affiliation is None:
        raise PermissionDenied
    return affiliation.organisation_id


@dataclass(frozen=True)
class NewCompany:
    """A company the visit form adds (name, org. number, municipality). visit_log and
    visit_update make it inside the visit's transaction, so a visit that fails leaves no
    company behind; an org. number we know gives that company."""

    name: str
    org_number: str = ""
    municipality_code: str | None = None
    # the user has said that a company already registered under this number, with another
    # name, is the one they mean (the form asks "did you mean …?" first)
    existing_confirmed: bool = False


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _company(company: Company | NewCompany) -> Company:
    if isinstance(company, NewCompany):
        known = (
            Company.objects.filter(org_number=company.org_number).first()
            if company.org_number
            else None
        )
        if (
            known is not None
            and not company.existing_confirmed
            and not _same_name(known.name, company.name)
        ):
            raise ValidationError(
                {
                    "new_org_number": ValidationError(
                        _(
                            "%(number)s is already registered as %(name)s. Did you mean "
                            "%(name)s? Then tick the box below; otherwise correct the number."
                        ),
                        code="existing_company",
                        params={"number": known.org_number, "name": known.name},
                    )
                }
            )
        found, _created = company_find_or_create(
            name=company.name,
            org_number=company.org_number,
            municipality_code=company.municipality_code,
        )
        return found
    return company


@dataclass
class NeedData:
    """One need row as the visit form or the importer gives it."""

    area: str
    description: str = ""
    horizon: str = ""
    employees_affected: int | None = None
    seqf_level: SeqfLevel | int | None = None
    gap_area: str = ""
    pk: int | None = None  # an existing need of the visit (when editing)


def competence_area_for(name: str) -> CompetenceArea:
    """The vocabulary's area this name (or synonym, any letter case) names, created when new."""
    if not " ".join((name or "").split()):
        raise ValidationError({"area": _("Name the competence area.")})
    return area_find_or_create(name=name)


def _need_fields(data: NeedData) -> dict[str, Any]:
    if data.horizon and data.horizon not in Horizon.values:
        raise ValidationError({"horizon": _("Choose a time horizon from the list.")})
    if data.gap_area and data.gap_area not in GapArea.values:
        raise ValidationError({"gap_area": _("Choose a gap area from the list.")})
    level = data.seqf_level
    return {
        "area": competence_area_for(data.area),
        "description": data.description or "",
        "horizon": data.horizon or "",
        "employees_affected": data.employees_affected,
        "seqf_level_id": level.pk if isinstance(level, SeqfLevel) else level,
        "gap_area": data.gap_area or "",
    }


def _sync_needs(visit: Visit, needs: Sequence[NeedData]) -> None:
    """Make the visit's needs exactly the given rows: update those with a pk, create the
    others, delete the rest."""
    existing = {n.pk: n for n in visit.needs.all()}
    keep: set[int] = set()
    for data in needs:
        fields = _need_fields(data)
        need = existing.get(data.pk) if data.pk else None
        if need is None:
            need = Need(visit=visit)
        for name, value in fields.items():
            setattr(need, name, value)
        need.save()
        keep.add(need.pk)
    Need.objects.filter(visit=visit).exclude(pk__in=keep).delete()


def _not_in_the_future(date_: date) -> None:
    """A visit is a meeting that took place: one still to come is a planned visit."""
    if date_ > timezone.localdate():
        raise ValidationError(
            {"date": _("A visit cannot be in the future: put a coming meeting in the visit "
                       "plan, and log the visit when it has taken place.")}
        )  # fmt: skip


def _validate_follow_up(*, date_: date, follow_up_date: date | None) -> None:
    if follow_up_date and follow_up_date < date_:
        raise ValidationError({"follow_up_date": _("The follow-up cannot be before the visit.")})


def _validate_visit(*, date_: date, follow_up_date: date | None) -> None:
    _not_in_the_future(date_)
    _validate_follow_up(date_=date_, follow_up_date=follow_up_date)


@transaction.atomic
def visit_log(
    *,
    actor: Actor,
    company: Company | NewCompany,
    date: date,
    visited_by: list[User] | None = None,
    also_present: str = "",
    notes: str = "",
    advice: str = "",
    follow_up_date: date | None = None,
    needs: Sequence[NeedData] = (),
    plan_item: PlanItem | None = None,
    answers: dict[str, Any] | None = None,
    answer_version: QuestionnaireVersion | None = None,
    project: "Project | None" = None,
    duplicate_confirmed: bool = False,
    draft: VisitDraft | None = None,
) -> Visit:
    """Log a visit for the organisation the actor acts for, at a company or a NewCompany
    (made here, in the same transaction). visited_by defaults to the actor. A second visit to
    the same company on the same day by the same broker is refused (code "duplicate_visit")
    unless `duplicate_confirmed`: it is more often the same visit logged twice. A plan entry
    given is marked visited and linked to the visit. `answers` to the shared visit
    questionnaire (`answer_version`) are stored as the visit's response, with the company
    and the broker's organisation so that results can be filtered by them. The `draft` the
    visit was finished from is deleted with the same commit. The members that represent the
    company's municipality, if the visit is not theirs, are told (routing)."""
    require_unless_system(actor, "visits.log_visit")
    _validate_visit(date_=date, follow_up_date=follow_up_date)
    organisation_id = _acting_organisation_id(actor)
    company = _company(company)
    brokers = visited_by or [acting_person(actor)]
    if not duplicate_confirmed:
        _refuse_a_second_visit(company, date, organisation_id, brokers)
    visit = Visit.objects.create(
        company=company,
        organisation_id=organisation_id,
        date=date,
        also_present=also_present,
        notes=notes,
        advice=advice,
        follow_up_date=follow_up_date,
        created_by=acting_user(actor),
        project=project,
    )
    visit.visited_by.set(visited_by or [acting_person(actor)])
    _sync_needs(visit, list(needs))
    if plan_item is not None:
        if plan_item.organisation_id != organisation_id:
            raise PermissionDenied
        plan_item.status = PlanStatus.VISITED
        plan_item.visit = visit
        plan_item.save(update_fields=["status", "visit"])
    _save_answers(actor, visit, answers, answer_version)
    if draft is not None:
        _own_draft(actor, draft).delete()
    routed_visit_tell(visit=visit)
    return visit


def _refuse_a_second_visit(
    company: Company, day: date, organisation_id: int | None, brokers: Sequence[User]
) -> None:
    visits = Visit.objects.filter(company=company, date=day)
    if organisation_id is not None:
        visits = visits.filter(organisation_id=organisation_id)
    twin = visits.filter(visited_by__in=[b.pk for b in brokers]).first()
    if twin is not None:
        raise ValidationError(
            {
                "date": ValidationError(
                    _(
                        "A visit to %(company)s on %(date)s by the same broker is already "
                        "logged. If this is another visit, tick the box below; otherwise open "
                        "the one logged."
                    ),
                    code="duplicate_visit",
                    params={"company": company.name, "date": f"{day:%Y-%m-%d}"},
                )
            }
        )


def _save_answers(
    actor: Actor,
    visit: Visit,
    answers: dict[str, Any] | None,
    version: QuestionnaireVersion | None,
) -> None:
    if answers is None or version is None:
        return
    if visit.response is not None and visit.response.version_id == version.pk:
        # the visit's editor may change its answers (permission checked for the visit)
        response = response_update(response=visit.response, answers=answers, actor=None)
        response.company = visit.company
        response.save(update_fields=["company"])
        return
    if not any(value not in (None, "", []) for value in answers.values()):
        return  # nothing answered: no empty response in the results
    visit.response = response_submit(
        version=version,
        answers=answers,
        channel=Channel.VISIT,
        company=visit.company,
        organisation=visit.organisation,
        submitted_by=acting_user(actor),
        submitted_on=visit.date,
        subject=visit,
    )
    visit.save(update_fields=["response"])


@transaction.atomic
def visit_update(
    *,
    actor: Actor,
    visit: Visit,
    company: Company | NewCompany,
    date: date,
    visited_by: list[User],
    also_present: str = "",
    notes: str = "",
    advice: str = "",
    follow_up_date: date | None = None,
    needs: Sequence[NeedData] = (),
    answers: dict[str, Any] | None = None,
    answer_version: QuestionnaireVersion | None = None,
    project: "Project | None" = None,
) -> Visit:
    require_unless_system(actor, "visits.edit_visit", visit)
    _validate_visit(date_=date, follow_up_date=follow_up_date)
    if follow_up_date != visit.follow_up_date:
        visit.follow_up_done = False
    visit.company = _company(company)
    visit.date = date
    visit.also_present = also_present
    visit.notes = notes
    visit.advice = advice
    visit.follow_up_date = follow_up_date
    visit.project = project
    visit.save()
    visit.visited_by.set(visited_by or [acting_person(actor)])
    _sync_needs(visit, list(needs))
    _save_answers(actor, visit, answers, answer_version)
    return visit


@transaction.atomic
def visit_delete(*, actor: Actor, visit: Visit) -> None:
    """Delete a visit logged by mistake, with its needs and its questionnaire answers. A plan
    entry it marked visited is planned again."""
    require_unless_system(actor, "visits.delete_visit", visit)
    for item in visit.plan_items.filter(status=PlanStatus.VISITED):
        item.status = PlanStatus.PLANNED
        item.save(update_fields=["status"])  # one by one, so the audit log has it
    response = visit.response
    visit.delete()
    if response is not None:
        response.delete()  # the answers are the visit's, not a survey's on their own


@transaction.atomic
def followup_done(*, actor: Actor, visit: Visit) -> Visit:
    require_unless_system(actor, "visits.edit_visit", visit)
    visit.follow_up_done = True
    visit.save(update_fields=["follow_up_done", "updated"])
    return visit


@transaction.atomic
def followup_reschedule(*, actor: Actor, visit: Visit, on: date) -> Visit:
    require_unless_system(actor, "visits.edit_visit", visit)
    _validate_follow_up(date_=visit.date, follow_up_date=on)
    visit.follow_up_date = on
    visit.follow_up_done = False
    visit.save(update_fields=["follow_up_date", "follow_up_done", "updated"])
    return visit


@transaction.atomic
def plan_item_save(
    *,
    actor: Actor,
    item: PlanItem | None = None,
    company: Company,
    status: str = PlanStatus.PLANNED,
    owner: User | None = None,
    target_date: date | None = None,
    note: str = "",
) -> PlanItem:
    """Add a company to the actor's organisation's visit plan, or change an entry of it."""
    require_unless_system(actor, "visits.plan_visits")
    organisation_id = _acting_organisation_id(actor)
    if item is None:
        item = PlanItem(organisation_id=organisation_id, created_by=acting_user(actor))
    elif item.organisation_id != organisation_id:
        raise PermissionDenied
    if status not in PlanStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    item.company = company
    item.status = status
    item.owner = owner
    item.target_date = target_date
    item.note = note
    item.save()
    return item


# --- import (the `visits` and `needs` kinds) ------------------------------------------------


@transaction.atomic
def visit_upsert(
    *,
    actor: Actor = None,
    external_id: str,
    company: Company,
    organisation_id: int,
    date: date,
    broker: User | None = None,
    broker_given: str = "",
    notes: str = "",
) -> tuple[Visit, bool]:
    """A visit of the history (the importer): `broker_given` is the e-mail address of a
    broker who has no account, kept as given."""
    require_unless_system(actor, "visits.import")
    _not_in_the_future(date)
    visit = Visit.objects.filter(external_id=external_id).first()
    created = visit is None
    if visit is None:
        visit = Visit(external_id=external_id, created_by=acting_user(actor))
    visit.company = company
    visit.organisation_id = organisation_id
    visit.date = date
    visit.notes = notes
    visit.broker_given = "" if broker is not None else broker_given
    visit.save()
    if broker is not None and not visit.visited_by.filter(pk=broker.pk).exists():
        visit.visited_by.set([broker])
    return visit, created


@transaction.atomic
def need_upsert(
    *, actor: Actor = None, external_id: str, visit: Visit, data: NeedData
) -> tuple[Need, bool]:
    require_unless_system(actor, "visits.import")
    need = Need.objects.filter(external_id=external_id).first()
    created = need is None
    if need is None:
        need = Need(external_id=external_id)
    need.visit = visit
    for name, value in _need_fields(data).items():
        setattr(need, name, value)
    need.save()
    return need, created


# --- drafts -------------------------------------------------------------------------------

DRAFT_DAYS = 60
DRAFTS_PER_PERSON = 20
DRAFT_MAX_CHARS = 100_000


def _own_draft(actor: Actor, draft: VisitDraft) -> VisitDraft:
    user = acting_user(actor)
    if user is None or draft.author_id != user.pk:
        raise PermissionDenied
    return draft


def _draft_title(data: dict[str, list[str]]) -> str:
    def first(name: str) -> str:
        return ((data.get(name) or [""])[0] or "").strip()

    company_id = first("company")
    if company_id.isdigit():
        name = Company.objects.filter(pk=int(company_id)).values_list("name", flat=True).first()
        if name:
            return name[:200]
    return (first("new_name") or first("company_query"))[:200]


@transaction.atomic
def visit_draft_save(
    *, actor: Actor, data: dict[str, list[str]], draft: VisitDraft | None = None
) -> VisitDraft:
    """Keep the visit form as typed (`data`: field name → values, unvalidated) to finish
    later: a new draft, or the one it was resumed from (the author's own only)."""
    require_unless_system(actor, "visits.log_visit")
    size = sum(len(name) + sum(len(str(v)) for v in values) for name, values in data.items())
    if size > DRAFT_MAX_CHARS:
        raise ValidationError(
            _("The draft is too long to keep (%(size)d characters; at most %(max)d).")
            % {"size": size, "max": DRAFT_MAX_CHARS},
            code="draft_too_long",
        )
    if draft is None:
        user = acting_user(actor)
        if user is None:
            raise PermissionDenied  # a draft is a person's
        if VisitDraft.objects.filter(author=user).count() >= DRAFTS_PER_PERSON:
            raise ValidationError(
                _(
                    "You already keep %(n)d visit drafts: finish or discard some of them "
                    "(under Visits) before keeping another."
                )
                % {"n": DRAFTS_PER_PERSON},
                code="too_many_drafts",
            )
        draft = VisitDraft(author=user, organisation_id=_acting_organisation_id(actor))
    else:
        _own_draft(actor, draft)
    draft.data = {name: [str(v) for v in values] for name, values in data.items()}
    draft.title = _draft_title(draft.data)
    draft.save()
    return draft


@transaction.atomic
def visit_draft_delete(*, actor: Actor, draft: VisitDraft) -> None:
    _own_draft(actor, draft).delete()


def visit_drafts_purge(*, days: int = DRAFT_DAYS) -> int:
    """Delete the drafts nobody has touched for `days` days; the number deleted."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _by_model = VisitDraft.objects.filter(updated__lt=cutoff).delete()
    return deleted


@transaction.atomic
def given_brokers_link(*, user: User) -> int:
    """The visits an import kept with this person's e-mail address as their broker, linked
    to the person's account (made later); the number linked."""
    visits = list(Visit.objects.filter(broker_given__iexact=user.email).exclude(broker_given=""))
    for visit in visits:
        visit.visited_by.add(user)
    Visit.objects.filter(pk__in=[v.pk for v in visits]).update(broker_given="")
    return len(visits)
