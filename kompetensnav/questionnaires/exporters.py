"""Results as tables: the raw answers in long format (one row per answer value) and the
summary per question. Both go out through interchange.tables.table_download (formula-safe)."""

from collections.abc import Iterator

from django.db.models import QuerySet

from .enums import NUMERIC_TYPES
from .models import Answer
from .statistics import QuestionStats

RAW_HEADER = [
    "response_id",
    "submitted",
    "channel",
    "version",
    "question_key",
    "question",
    "value",
    "label",
    "company_org_number",
    "company_sni",
    "company_municipality",
    "organisation",
]
IDENTITY_HEADER = ["respondent_name", "respondent_email"]
SUMMARY_HEADER = [
    "question_key",
    "question",
    "type",
    "measure",
    "value",
    "label",
    "count",
    "share_pct",
]


def raw_rows(
    responses: QuerySet, *, language: str, include_identity: bool = False
) -> Iterator[list]:
    """One row per stored answer value, ordered by response. Names and e-mail addresses only
    with include_identity (and never for anonymous responses, which have none)."""
    answers = (
        Answer.objects.filter(response__in=responses.values("pk"))
        .select_related(
            "question",
            "response__version",
            "response__company",
            "response__organisation",
        )
        .order_by("response__submitted_on", "response_id", "question__position", "choice")
    )
    for answer in answers.iterator(chunk_size=2000):
        response = answer.response
        question = answer.question
        company = response.company
        value = answer.display_value
        label = question.option_label(answer.choice, language) if answer.choice else value
        if answer.choice and answer.text:  # written for "Annat, nämligen"
            label = f"{label}: {answer.text}"
        row = [
            response.pk,
            response.submitted_on,
            response.channel,
            response.version.number,
            answer.key,
            question.text(language),
            value,
            label,
            company.org_number if company else "",
            company.sni_id if company and company.sni_id else "",
            company.municipality_id if company and company.municipality_id else "",
            response.organisation.name if response.organisation else "",
        ]
        if include_identity:
            row += [response.respondent_name, response.respondent_email]
        yield row


def summary_rows(statistics: list[QuestionStats], total: int) -> Iterator[list]:
    yield ["", "", "", "responses", "", "", total, ""]
    for stats in statistics:
        base = [stats.key, stats.label, stats.type]
        yield [*base, "answered", "", "", stats.answered, ""]
        for option in stats.options:
            yield [*base, "option", option.value, option.label, option.count, option.share]
        if stats.type in NUMERIC_TYPES:
            for measure in ("mean", "median", "minimum", "maximum"):
                # a number in a spreadsheet; a CSV writes it as format_number would
                yield [*base, measure, getattr(stats, measure), "", "", ""]
