"""Reads of questionnaires. Questionnaires and their results are shared across the network,
so selectors narrow by filters and permissions, not by organisation."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, QuerySet

from kompetensnav.common.actor import Actor
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.companies.models import SizeClass

from .enums import VersionStatus
from .models import Invitation, Question, Questionnaire, QuestionnaireVersion, Response


def current_version(key: str) -> QuestionnaireVersion | None:
    """The newest published version of the questionnaire with that key."""
    return (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .filter(questionnaire__key=key, status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )


def questionnaire_list(*, actor: Actor, search: str = "") -> QuerySet[Questionnaire]:
    require_unless_system(actor, "questionnaires.view_results")
    qs = Questionnaire.objects.annotate(
        version_count=Count("versions", distinct=True),
        newest_number=Max("versions__number"),
        published_number=Max(
            "versions__number", filter=Q(versions__status=VersionStatus.PUBLISHED)
        ),
    )
    if search:
        qs = qs.filter(
            Q(title_sv__icontains=search) | Q(title_en__icontains=search) | Q(key__icontains=search)
        )
    return qs.order_by("title_sv", "pk")


def response_counts(questionnaire_ids: list[int]) -> dict[int, int]:
    rows = (
        Response.objects.filter(version__questionnaire_id__in=questionnaire_ids)
        .values("version__questionnaire_id")
        .annotate(n=Count("pk"))
    )
    return {r["version__questionnaire_id"]: r["n"] for r in rows}


def questionnaire_get(
    *, actor: Actor, pk: int, permission: str = "questionnaires.view_results"
) -> Questionnaire:
    """Raises Questionnaire.DoesNotExist; PermissionDenied when the actor may not."""
    require_unless_system(actor, permission)
    return Questionnaire.objects.select_related("owner").get(pk=pk)


def versions_of(*, questionnaire: Questionnaire) -> list[QuestionnaireVersion]:
    return list(
        questionnaire.versions.annotate(
            response_count=Count("responses", distinct=True),
            question_count=Count("questions", distinct=True),
        ).order_by("-number")
    )


def invitation_list(*, actor: Actor, questionnaire: Questionnaire) -> QuerySet[Invitation]:
    require_unless_system(actor, "questionnaires.manage")
    return (
        Invitation.objects.filter(version__questionnaire=questionnaire)
        .select_related("version")
        .order_by("answered_at", "-sent_at", "email")
    )


def invitation_by_token(token: str) -> Invitation:
    """Raises Invitation.DoesNotExist."""
    return Invitation.objects.select_related("version__questionnaire").get(token=token)


def questionnaire_by_public_token(token: str) -> Questionnaire:
    """Raises Questionnaire.DoesNotExist (also when the public link is switched off)."""
    return Questionnaire.objects.exclude(public_mode="off").get(public_token=token)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFilters:
    date_from: date | None = None
    date_to: date | None = None
    sni_section: str = ""
    subregion: str = ""
    municipality: str = ""
    size_class: str = ""
    organisation: int | None = None
    version: int | None = None
    channel: str = ""
    subject_type: int | None = None
    subject_id: int | None = None


def response_list(
    *, actor: Actor, questionnaire: Questionnaire, filters: ResultFilters | None = None
) -> QuerySet[Response]:
    """The questionnaire's responses that match the filters (all versions unless one is
    chosen)."""
    require_unless_system(actor, "questionnaires.view_results")
    f = filters or ResultFilters()
    qs = Response.objects.filter(version__questionnaire=questionnaire)
    if f.date_from:
        qs = qs.filter(submitted_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(submitted_on__lte=f.date_to)
    if f.sni_section:
        qs = qs.filter(Q(company__sni_id=f.sni_section) | Q(company__sni__parent_id=f.sni_section))
    if f.subregion:
        qs = qs.filter(company__municipality__subregion_id=f.subregion)
    if f.municipality:
        qs = qs.filter(company__municipality_id=f.municipality)
    if f.size_class:
        low, high = SizeClass.bounds(f.size_class)
        qs = qs.filter(company__employees__gte=low)
        if high is not None:
            qs = qs.filter(company__employees__lte=high)
    if f.organisation:
        qs = qs.filter(organisation_id=f.organisation)
    if f.version:
        qs = qs.filter(version_id=f.version)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.subject_type and f.subject_id:
        qs = qs.filter(subject_type_id=f.subject_type, subject_id=f.subject_id)
    return qs


def result_questions(
    *, questionnaire: Questionnaire, version_id: int | None = None
) -> list[Question]:
    """The questions to report, by key: those of the chosen version, or those of the newest
    version followed by keys only older versions have (texts from the newest that has
    them)."""
    versions = list(questionnaire.versions.order_by("-number"))
    if version_id:
        versions = [v for v in versions if v.pk == version_id]
    questions = Question.objects.filter(version__in=versions).order_by(
        "-version__number", "position", "pk"
    )
    by_key: dict[str, Question] = {}
    for question in questions:
        by_key.setdefault(question.key, question)
    return list(by_key.values())
