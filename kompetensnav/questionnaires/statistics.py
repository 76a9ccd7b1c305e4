"""Statistics per question, aggregated in the database: a fixed number of GROUP BY queries
for the whole questionnaire, whatever the number of responses (plus one query per text
question, or choice question with an "Annat, nämligen" option, for its first few texts)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Min, QuerySet

from .enums import NUMERIC_TYPES, TEXT_TYPES, QuestionType
from .models import Answer, Question, format_number

TEXT_PREVIEW = 5
TOP_TEXTS = 10
# Below this many responses, shared views show no figures (a filter could otherwise single
# out one company's or person's answers); coordinators see everything.
SMALL_CELL = 3


def round1(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal:
    return round1(Decimal(part) * 100 / whole) if whole else Decimal("0.0")


@dataclass
class OptionCount:
    value: str
    label: str
    count: int
    share: Decimal  # % of those who answered the question, 1 decimal


@dataclass
class QuestionStats:
    question: Question
    label: str
    answered: int
    options: list[OptionCount] = field(default_factory=list)
    mean: Decimal | None = None
    median: Decimal | None = None
    minimum: object = None
    maximum: object = None
    texts: list[str] = field(default_factory=list)
    top_texts: list[dict] = field(default_factory=list)  # short texts: {"text", "n"}

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def is_numeric(self) -> bool:
        return self.question.type in NUMERIC_TYPES

    @property
    def is_text(self) -> bool:
        return self.question.type in TEXT_TYPES

    @property
    def more_texts(self) -> bool:
        return self.is_text and self.answered > len(self.texts)

    @property
    def other_label(self) -> str:
        """The label of the option that asks for a text, when it has texts to show."""
        if not self.texts or not self.question.other_value:
            return ""
        return next((o.label for o in self.options if o.value == self.question.other_value), "")

    @property
    def more_other_texts(self) -> bool:
        shown = len(self.texts)
        return bool(self.other_label) and shown >= TEXT_PREVIEW and self.other_count > shown

    @property
    def other_count(self) -> int:
        return next((o.count for o in self.options if o.value == self.question.other_value), 0)


def median_of(distribution: list[tuple[Decimal, int]]) -> Decimal | None:
    """Median from (value, count) pairs sorted by value."""
    total = sum(count for _value, count in distribution)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
    found = []
    seen = 0
    for value, count in distribution:
        for position in wanted:
            if seen <= position < seen + count:
                found.append(Decimal(value))
        seen += count
    return round1(sum(found) / len(found))


def question_statistics(
    responses: QuerySet, questions: list[Question], *, language: str
) -> tuple[int, list[QuestionStats]]:
    """(number of responses, statistics per question) over the responses."""
    total = responses.count()
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    keys = [q.key for q in questions]
    answered = dict(
        answers.filter(key__in=keys)
        .values("key")
        .annotate(n=Count("response", distinct=True))
        .values_list("key", "n")
    )
    choice_counts: dict[str, dict[str, int]] = {}
    for row in (
        answers.filter(key__in=keys)
        .exclude(choice="")
        .values("key", "choice")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        choice_counts.setdefault(row["key"], {})[row["choice"]] = row["n"]
    numeric_keys = [q.key for q in questions if q.type in NUMERIC_TYPES]
    numbers = {
        row["key"]: row
        for row in answers.filter(key__in=numeric_keys, number__isnull=False)
        .values("key")
        .annotate(mean=Avg("number"), low=Min("number"), high=Max("number"))
        .order_by()
    }
    distributions: dict[str, list[tuple[Decimal, int]]] = {}
    for row in (
        answers.filter(key__in=numeric_keys, number__isnull=False)
        .values("key", "number")
        .annotate(n=Count("pk"))
        .order_by("key", "number")
    ):
        distributions.setdefault(row["key"], []).append((row["number"], row["n"]))
    date_keys = [q.key for q in questions if q.type == QuestionType.DATE]
    dates = {
        row["key"]: row
        for row in answers.filter(key__in=date_keys, date__isnull=False)
        .values("key")
        .annotate(low=Min("date"), high=Max("date"))
        .order_by()
    }

    result = []
    for question in questions:
        n = answered.get(question.key, 0)
        stats = QuestionStats(question=question, label=question.text(language), answered=n)
        if question.is_choice or question.type == QuestionType.SCALE:
            counts = choice_counts.get(question.key, {})
            if question.type == QuestionType.SCALE:
                counts = {
                    format_number(value): count
                    for value, count in distributions.get(question.key, [])
                }
                choices = [(str(v), str(v)) for v in range(1, 6)]
            else:
                choices = question.choices(language)
                known = {v for v, _label in choices}
                choices += [(v, v) for v in counts if v not in known]  # options of old versions
            stats.options = [
                OptionCount(value, label, counts.get(value, 0), share(counts.get(value, 0), n))
                for value, label in choices
            ]
        if question.type in NUMERIC_TYPES and question.key in numbers:
            row = numbers[question.key]
            stats.mean = round1(row["mean"])
            stats.median = median_of(distributions.get(question.key, []))
            stats.minimum, stats.maximum = row["low"], row["high"]
        if question.type == QuestionType.DATE and question.key in dates:
            stats.minimum, stats.maximum = dates[question.key]["low"], dates[question.key]["high"]
        if (question.type in TEXT_TYPES or question.other_value) and n:
            stats.texts = list(text_answers(responses, question.key)[:TEXT_PREVIEW])
        if question.type == QuestionType.SHORT_TEXT and n:
            stats.top_texts = list(
                answers.filter(key=question.key)
                .exclude(text="")
                .values("text")
                .annotate(n=Count("pk"))
                .order_by("-n", "text")[:TOP_TEXTS]
            )
        result.append(stats)
    return total, result


def text_answers(responses: QuerySet, key: str) -> QuerySet:
    """The non-empty free-text answers to one question, newest first (a queryset of str)."""
    return (
        Answer.objects.filter(response__in=responses.values("pk"), key=key)
        .exclude(text="")
        .order_by("-response__submitted_on", "-pk")
        .values_list("text", flat=True)
    )
