"""Import of answers exported from another survey tool: a CSV/XLSX file with a column per
question. The user maps each column to a question (or to the respondent id, the date, the
company's organisation number, or "ignore"); every cell is validated and each problem is
reported as `row N, column C: message`; nothing is written unless the whole file is valid.

Survey tools export a choice question either as one column (the chosen options' texts) or
as one column per option, marked when chosen (1, x, ja, "checked" or the option's text;
empty or 0 when not): such a column is mapped to the question's option (`key=value`), and
the marked options of a row are its answer. A date answered may carry a time of day
("2019-03-14 10:22"), as the tools write it.

The text column of an "Annat, nämligen" option is mapped to that option's text
(`key.other`); a text there chooses the option. A repeated block (the tool's "Behov 1 –
Område", "Behov 2 – Område", …) maps each repetition's column to the same question when the
question takes several answers: a multiple choice gets every option marked in any of them,
a text question the texts one per line. Other questions take one column each.

The mapping of the questionnaire's last import is offered again for the columns of the same
name, so a yearly export from the same tool is mapped once.

Importing the same file again creates nothing new: each row gets an external id, the value
of the respondent-id column or else a fingerprint of the row's mapped cells (with a counter
for identical rows), and rows whose id the questionnaire already has are skipped."""

import contextlib
import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompetensnav.common.permissions import require_unless_system
from kompetensnav.common.validators import normalise_org_number, validate_org_number
from kompetensnav.companies.models import Company
from kompetensnav.interchange.tables import Table, read_table, unsafe_cell

from .answers import FALSE_WORDS, TRUE_WORDS, clean_answers, coerce, other_key
from .enums import TEXT_TYPES, Channel, QuestionType
from .models import AnswerImport, Question, Response
from .services import response_submit

RESPONDENT_ID = "_id"
DATE = "_date"
ORG_NUMBER = "_org_number"
SPECIAL_HEADERS = {
    RESPONDENT_ID: {
        "id",
        "respondent_id",
        "respondent id",
        "respondent-id",
        "svars-id",
        "svarsid",
        "response_id",
        "response id",
    },
    DATE: {
        "date",
        "datum",
        "submitted",
        "inskickad",
        "inskickat",
        "datum inskickat",
        "datum inskickad",
        "date submitted",
        "submit date",
        "svarsdatum",
        "svarstid",
        "tidpunkt",
        "timestamp",
    },
    ORG_NUMBER: {"org_number", "organisationsnummer", "orgnr", "org.nr", "company_org_number"},
}


OPTION = "="  # a target `key=value`: the column marks the question's option `value`
MARKED_WORDS = TRUE_WORDS | {"x", "checked", "markerad", "markerat", "vald", "valt", "✓", "✔"}
UNMARKED_WORDS = FALSE_WORDS | {"", "-", "unchecked", "ej vald", "inte vald"}
OPTION_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)
# words of a header that names the text written for "other" ("Annat, nämligen", "Ange vad")
OTHER_WORDS = {"namligen", "namely", "specify", "ange", "fritext", "precisera", "beskriv"}


def targets(questions: list[Question], language: str) -> list[tuple[str, str]]:
    choices = [
        ("", _("Ignore this column")),
        (RESPONDENT_ID, _("Respondent id (makes a repeated import skip known rows)")),
        (DATE, _("Date answered (YYYY-MM-DD)")),
        (ORG_NUMBER, _("Company's organisation number")),
    ]
    for q in questions:
        choices.append((q.key, f"{q.text(language)} ({q.key})"))
        if q.type in OPTION_TYPES:
            choices += [
                (
                    f"{q.key}{OPTION}{value}",
                    _("“%(option)s” marked, of %(question)s (a column per option)")
                    % {"question": q.text(language), "option": label},
                )
                for value, label in q.choices(language)
            ]
        if q.other_value:
            choices.append(
                (
                    other_key(q.key),
                    _("Text written for “%(option)s”, of %(question)s")
                    % {
                        "question": q.text(language),
                        "option": q.option_label(q.other_value, language),
                    },
                )
            )
    return choices


def repeatable(questions: list[Question]) -> set[str]:
    """The targets that several columns may have (a repeated block): those of questions that
    take several answers (multiple choice, text) and the texts of "other" options."""
    keys: set[str] = set()
    for q in questions:
        if q.type == QuestionType.MULTIPLE or q.type in TEXT_TYPES:
            keys.add(q.key)
        if q.type == QuestionType.MULTIPLE:
            keys |= {f"{q.key}{OPTION}{value}" for value, _label in q.choices("sv")}
        if q.other_value:
            keys.add(other_key(q.key))
    return keys


def _option_of(target: str, by_key: dict[str, Question]) -> tuple[Question, dict] | None:
    """The question and option a `key=value` target names, if it names one."""
    key, sep, value = target.partition(OPTION)
    question = by_key.get(key) if sep else None
    if question is None or question.type not in OPTION_TYPES:
        return None
    option = next((o for o in question.options if str(o["value"]) == value), None)
    return (question, option) if option is not None else None


def _marked(option: dict, cell: str) -> bool:
    """Whether a per-option column's cell marks the option. Raises ValidationError for a cell
    that is neither a mark nor empty."""
    word = cell.strip().casefold()
    if word in UNMARKED_WORDS:
        return False
    labels = {str(option["value"]).casefold()}
    labels |= {str(option.get(f"label_{lang}", "")).casefold() for lang in ("sv", "en")}
    if word in MARKED_WORDS or word in labels - {""}:
        return True
    raise ValidationError(_("Mark the option with 1, x, ja or its text, or leave the cell empty."))


def _fold(text: str) -> str:
    return slugify(text).replace("-", "_")


def suggest(
    columns: list[str], questions: list[Question], remembered: dict[str, str] | None = None
) -> dict[str, str]:
    """A first guess per column: what the questionnaire's last import mapped a column of
    the same name to, else the same key, the same question text (a repeated block's number
    aside), an option's column, an "other" text, or a known header."""
    suggestions: dict[str, str] = {}
    taken: set[str] = set()
    several = repeatable(questions)
    valid = {value for value, _label in targets(questions, "sv")}
    previous: Question | None = None  # the last question before with an "other" option
    for column in columns:
        choice = (remembered or {}).get(column, "")
        if not choice or choice not in valid:
            choice = _suggested(column, questions, previous)
        if choice and (choice not in taken or choice in several):
            suggestions[column] = choice
            taken.add(choice)
        key = choice.partition(OPTION)[0].removesuffix(".other")
        chosen = next((q for q in questions if q.key == key), None)
        if chosen is not None and chosen.other_value:
            previous = chosen
    return suggestions


def _suggested(column: str, questions: list[Question], previous: Question | None) -> str:
    folded = _fold(column)
    for special, names in SPECIAL_HEADERS.items():
        if column.strip().lower() in names or folded in {_fold(n) for n in names}:
            return special
    words = folded.split("_")
    unnumbered = "_".join(w for w in words if not w.isdigit())
    numbers = [i for i, w in enumerate(words) if w.isdigit()]
    # a repeated block's column: "Behov 2 - Område" is "Område" of the block's second round
    in_block = "_".join(words[numbers[-1] + 1 :]) if numbers else ""
    names = [n for n in dict.fromkeys((folded, unnumbered, in_block)) if n]
    for question in questions:
        texts = {_fold(question.key), _fold(question.text_sv), _fold(question.text_en)} - {""}
        other = _suggested_other(folded, question, texts)
        if other:
            return other
        if any(name in texts for name in names):
            return question.key
        for name in names:
            choice = _suggested_option(name, question, texts) or _suggested_other(
                name, question, texts
            )
            if choice:
                return choice
    if previous is not None and OTHER_WORDS & set(words):
        return other_key(previous.key)  # "Annat, nämligen" after its question's columns
    return ""


def _suggested_other(folded: str, question: Question, texts: set[str]) -> str:
    """The text column of an "other" option, named with its question ("Bransch - Annat,
    nämligen")."""
    if not question.other_value:
        return ""
    for text in texts:
        if folded.startswith(f"{text}_"):
            rest = set(folded[len(text) + 1 :].split("_"))
            if OTHER_WORDS & rest:
                return other_key(question.key)
    return ""


def remembered_mapping(answer_import: AnswerImport) -> dict[str, str]:
    """The mapping of the questionnaire's last import, for the columns of the same name."""
    last = (
        AnswerImport.objects.filter(
            questionnaire_id=answer_import.questionnaire_id, imported_at__isnull=False
        )
        .exclude(pk=answer_import.pk)
        .order_by("-imported_at")
        .values_list("mapping", flat=True)
        .first()
    )
    return dict(last or {})


def _suggested_option(folded: str, question: Question, texts: set[str]) -> str:
    """A per-option column named as tools name it: the question, then the option
    ("Format - Livesänt", "Format: På plats")."""
    if question.type not in OPTION_TYPES:
        return ""
    for option in question.options:
        for language in ("sv", "en"):
            label = _fold(str(option.get(f"label_{language}", "")))
            if label and any(folded == f"{text}_{label}" for text in texts):
                return f"{question.key}{OPTION}{option['value']}"
    return ""


@dataclass
class ParsedRow:
    number: int
    external_id: str
    answers: dict
    submitted_on: date
    company: Company | None


@dataclass
class Validation:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    known: set[str] = field(default_factory=set)

    @property
    def new_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.external_id not in self.known]


def load_table(answer_import: AnswerImport) -> Table:
    return read_table(bytes(answer_import.content), answer_import.filename)


def validate(answer_import: AnswerImport, mapping: dict[str, str]) -> Validation:
    """Parse every row with the mapping; report every bad cell."""
    table = load_table(answer_import)
    version = answer_import.version
    questions = list(version.questions.order_by("position", "pk"))
    by_key = {q.key: q for q in questions}
    others = {other_key(q.key) for q in questions if q.other_value}
    result = Validation()
    mapped = {column: target for column, target in mapping.items() if target}
    options = {c: o for c, t in mapped.items() if (o := _option_of(t, by_key)) is not None}
    answering = set(by_key) | others
    if not any(target in answering for target in mapped.values()) and not options:
        result.errors.append(_("Map at least one column to a question."))
        return result
    companies = {}
    org_column = next((c for c, t in mapped.items() if t == ORG_NUMBER), None)
    if org_column:
        wanted = set()
        for row in table.rows:
            with contextlib.suppress(ValidationError):
                wanted.add(normalise_org_number(row.get(org_column, "").strip()))
        companies = {c.org_number: c for c in Company.objects.filter(org_number__in=wanted)}
    first_row_of: dict[str, int] = {}
    fingerprints: dict[str, int] = {}
    for number, row in enumerate(table.rows, start=1):
        errors: list[str] = []
        raw_answers = {}
        external_id = ""
        submitted_on = timezone.localdate()
        company = None
        marked: dict[str, list[tuple[str, str]]] = {}  # question key: [(column, value)]
        cells: dict[str, list[str]] = {}  # target: the non-empty cells of its columns
        for column, target in mapped.items():
            cell = unsafe_cell(row.get(column, "").strip())
            if column in options:
                question, option = options[column]
                try:
                    if _marked(option, cell):
                        marked.setdefault(question.key, []).append((column, str(option["value"])))
                except ValidationError as exc:
                    errors.append(_cell_error(number, column, " ".join(exc.messages)))
                continue
            if target == RESPONDENT_ID:
                external_id = cell[:90]
            elif target == DATE:
                if cell:
                    parsed = None
                    with contextlib.suppress(ValueError):
                        parsed = parse_date(cell[:10])  # a time of day after it is left

                    if parsed is None:
                        errors.append(
                            _cell_error(number, column, _("Write the date as YYYY-MM-DD."))
                        )
                    else:
                        submitted_on = parsed
            elif target == ORG_NUMBER:
                if cell:
                    try:
                        validate_org_number(cell)
                        company = companies.get(normalise_org_number(cell))
                    except ValidationError as exc:
                        errors.append(_cell_error(number, column, " ".join(exc.messages)))
                        continue
                    if company is None:
                        errors.append(
                            _cell_error(
                                number, column, _("No company has this organisation number.")
                            )
                        )
            elif target in others:
                if cell:
                    cells.setdefault(target, []).append(cell)
            else:
                question = by_key[target]
                try:
                    coerce(question, cell)
                except ValidationError as exc:
                    errors.append(_cell_error(number, column, " ".join(exc.messages)))
                    continue
                if cell:
                    cells.setdefault(target, []).append(cell)
        for target, given in cells.items():  # a repeated block's columns together
            question = by_key.get(target)
            if question is not None and question.type == QuestionType.MULTIPLE:
                raw_answers[target] = [v for c in given for v in _as_list(coerce(question, c))]
            else:
                raw_answers[target] = ("\n" if question is not None else "; ").join(given)
        for key, chosen in marked.items():
            question = by_key[key]
            values = [value for _column, value in chosen]
            if raw_answers.get(key):  # the question's own column as well
                values = [str(v) for v in _as_list(coerce(question, raw_answers[key]))] + values
            values = list(dict.fromkeys(values))
            if question.type == QuestionType.SINGLE and len(values) > 1:
                errors.append(
                    _cell_error(
                        number,
                        chosen[-1][0],
                        _("Only one option can be chosen here; this row marks %(n)s.")
                        % {"n": len(values)},
                    )
                )
                continue
            raw_answers[key] = values if question.type == QuestionType.MULTIPLE else values[0]
        if not errors:
            values, problems = clean_answers(
                questions, raw_answers, check_required=False, apply_conditions=False
            )
            column_of = {t: c for c, t in mapped.items()}
            errors += [_cell_error(number, column_of.get(k, k), m) for k, m in problems.items()]
        if external_id:
            if external_id in first_row_of:
                errors.append(
                    _cell_error(
                        number,
                        next(c for c, t in mapped.items() if t == RESPONDENT_ID),
                        _("The id appears twice (first in row %(n)s).")
                        % {"n": first_row_of[external_id]},
                    )
                )
            first_row_of.setdefault(external_id, number)
        else:
            content = "\x1f".join(f"{c}={row.get(c, '').strip()}" for c in sorted(mapped))
            digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:40]
            fingerprints[digest] = fingerprints.get(digest, 0) + 1
            external_id = f"row:{digest}:{fingerprints[digest]}"
        if errors:
            result.errors += errors
            continue
        result.rows.append(
            ParsedRow(
                number=number,
                external_id=external_id,
                answers=values,
                submitted_on=submitted_on,
                company=company,
            )
        )
    result.known = set(
        Response.objects.filter(
            version__questionnaire_id=answer_import.questionnaire_id,
            external_id__in=[r.external_id for r in result.rows],
        ).values_list("external_id", flat=True)
    )
    return result


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _cell_error(number: int, column: str, message: str) -> str:
    return _("row %(row)s, column %(column)s: %(message)s") % {
        "row": number,
        "column": column,
        "message": message,
    }


@transaction.atomic
def run(*, actor, answer_import: AnswerImport, mapping: dict[str, str]) -> Validation:
    """Validate again and, if the whole file is valid, store the new rows (all or nothing)."""
    require_unless_system(actor, "questionnaires.manage")
    result = validate(answer_import, mapping)
    if result.errors:
        return result
    for row in result.new_rows:
        response_submit(
            version=answer_import.version,
            answers=row.answers,
            channel=Channel.IMPORT,
            company=row.company,
            submitted_on=row.submitted_on,
            external_id=row.external_id,
            check_required=False,
            apply_conditions=False,  # the other tool's answers, all of them
        )
    answer_import.mapping = mapping
    answer_import.imported_at = timezone.now()
    answer_import.created_count = len(result.new_rows)
    answer_import.skipped_count = len(result.rows) - len(result.new_rows)
    answer_import.content = b""  # the answers are stored now; keep no copy of the file
    answer_import.save()
    return result
