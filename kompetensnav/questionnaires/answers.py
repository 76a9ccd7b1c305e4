"""What an answer value is, per question type, and which questions a set of answers shows.

The canonical values (what AnswerForm.answers() returns and response_submit takes):
single choice: the option's value (str); multiple choice: a list of values; scale: int 1–5;
number: Decimal; short/long text: str; date: datetime.date; yes/no: bool.
coerce() also accepts the text forms an import file has ("4", "2024-05-01", "ja", "a;b").

A choice question may have an option that asks for a text ("Annat, nämligen"; the option's
`other` is true): what is written there is the value of `other_key(key)` ("key.other", a
key no question can have), stored on the option's answer row. Writing it chooses the
option."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .enums import SCALE_VALUES, QuestionType

TRUE_WORDS = {"true", "yes", "ja", "1", "y", "j"}
FALSE_WORDS = {"false", "no", "nej", "0", "n"}
MAX_NUMBER = Decimal("9999999999")
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000


OTHER_SUFFIX = ".other"


def other_key(key: str) -> str:
    """The key of the text written for a question's "other" option."""
    return f"{key}{OTHER_SUFFIX}"


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _option_value(question, raw: str, language_labels: bool = True) -> str:
    """An option by its value, or (for imports) by its label in either language."""
    text = str(raw).strip()
    for option in question.options:
        if text == str(option["value"]):
            return str(option["value"])
    if language_labels:
        folded = text.casefold()
        for option in question.options:
            labels = {str(option.get("label_sv", "")).casefold()}
            labels.add(str(option.get("label_en", "")).casefold())
            if folded in labels:
                return str(option["value"])
    allowed = ", ".join(str(o["value"]) for o in question.options)
    raise ValidationError(
        _("“%(value)s” is not one of the options (%(allowed)s).")
        % {"value": text, "allowed": allowed}
    )


def coerce(question, raw):
    """The canonical value of one answer, or None when it is empty. Raises ValidationError
    with a message that says what is wrong."""
    if is_empty(raw):
        return None
    kind = question.type
    if kind == QuestionType.SINGLE:
        return _option_value(question, raw)
    if kind == QuestionType.MULTIPLE:
        items = raw if isinstance(raw, (list, tuple)) else str(raw).split(";")
        values = [_option_value(question, item) for item in items if str(item).strip()]
        return list(dict.fromkeys(values)) or None
    if kind == QuestionType.YES_NO:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(_("Answer yes or no (ja/nej, true/false, 1/0)."))
    if kind in (QuestionType.SCALE, QuestionType.NUMBER):
        try:
            number = Decimal(str(raw).strip().replace(",", ".").replace("\u00a0", ""))
        except InvalidOperation:
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}) from None
        if not number.is_finite() or abs(number) > MAX_NUMBER:
            raise ValidationError(_("The number is too large."))
        if kind == QuestionType.SCALE:
            if number != number.to_integral_value() or int(number) not in SCALE_VALUES:
                raise ValidationError(_("Answer with a whole number from 1 to 5."))
            return int(number)
        return number
    if kind == QuestionType.DATE:
        if isinstance(raw, date):
            return raw
        try:
            parsed = parse_date(str(raw).strip()[:10])
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(_("Write the date as YYYY-MM-DD."))
        return parsed
    text = str(raw).strip()
    limit = SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        raise ValidationError(
            _("The answer can have at most %(limit)s characters.") % {"limit": limit}
        )
    if "\x00" in text:
        raise ValidationError(_("The text contains a NUL character."))
    return text


def matches(value, expected: str) -> bool:
    """Does an answer value meet a condition's value?"""
    if value is None:
        return False
    if isinstance(value, bool):
        return ("yes" if value else "no") == expected
    if isinstance(value, (list, tuple)):
        return expected in value
    return str(value) == expected


def visible_keys(questions, values: dict) -> set[str]:
    """Keys of the questions shown, given the (canonical) answers. A question with a
    condition is shown when the question it depends on is shown and its answer matches;
    questions are in order, and a condition always refers to an earlier question."""
    shown: set[str] = set()
    for question in questions:
        if not question.condition_key or (
            question.condition_key in shown
            and matches(values.get(question.condition_key), question.condition_value)
        ):
            shown.add(question.key)
    return shown


def clean_answers(
    questions, raw: dict, *, check_required: bool = True, apply_conditions: bool = True
):
    """(values, errors): canonical values of the shown questions (hidden questions' answers
    are dropped) and {key: message} for every problem. Without apply_conditions every
    question counts as shown: an import of answers given in another tool keeps them all,
    whatever the file says (or does not say) of the questions they depend on."""
    questions = list(questions)
    values: dict = {}
    errors: dict[str, str] = {}
    known = {q.key for q in questions}
    others = {other_key(q.key): q for q in questions if q.other_value}
    for key in raw:
        if key not in known and key not in others:
            errors[key] = _("There is no question with the key “%(key)s”.") % {"key": key}
    for question in questions:
        try:
            value = coerce(question, raw.get(question.key))
        except ValidationError as exc:
            errors[question.key] = " ".join(exc.messages)
            continue
        if value is not None:
            values[question.key] = value
    for key, question in others.items():
        try:
            value, text = with_other_text(question, values.get(question.key), raw.get(key))
        except ValidationError as exc:
            errors[key] = " ".join(exc.messages)
            continue
        if value is not None:
            values[question.key] = value
        if text:
            values[key] = text
    shown = visible_keys(questions, values) if apply_conditions else known
    values = {k: v for k, v in values.items() if k.removesuffix(OTHER_SUFFIX) in shown}
    if check_required:
        for question in questions:
            if question.required and question.key in shown and question.key not in values:
                errors.setdefault(question.key, _("This question needs an answer."))
    return values, {
        k: v
        for k, v in errors.items()
        if (base := k.removesuffix(OTHER_SUFFIX)) not in known or base in shown
    }


def with_other_text(question, value, raw_text):
    """(value, text): a choice question's value and the text written for its "other"
    option. Writing a text chooses the option (added to a multiple choice, the answer of a
    single choice that has none); a single choice of another option with a text is an
    error that says so."""
    text = "" if is_empty(raw_text) else str(raw_text).strip()
    if not text:
        return value, ""
    if len(text) > SHORT_TEXT_MAX:
        raise ValidationError(
            _("The answer can have at most %(limit)s characters.") % {"limit": SHORT_TEXT_MAX}
        )
    if "\x00" in text:
        raise ValidationError(_("The text contains a NUL character."))
    other = question.other_value
    if question.type == QuestionType.MULTIPLE:
        chosen = list(value or [])
        return (chosen if other in chosen else [*chosen, other]), text
    if value not in (None, other):
        raise ValidationError(
            _("The text belongs to “%(option)s”, but another option is chosen.")
            % {"option": question.option_label(other, get_language() or "sv")}
        )
    return other, text


def answer_rows(question, value, other_text: str = "") -> list[dict]:
    """The Answer columns for a canonical value (several rows for multiple choice); the
    text written for the "other" option goes on that option's row."""
    kind = question.type
    if kind in (QuestionType.MULTIPLE, QuestionType.SINGLE):
        chosen = value if kind == QuestionType.MULTIPLE else [value]
        return [
            {"choice": v, "text": other_text if v == question.other_value else ""} for v in chosen
        ]
    if kind == QuestionType.YES_NO:
        return [{"choice": "yes" if value else "no"}]
    if kind in (QuestionType.SCALE, QuestionType.NUMBER):
        return [{"number": Decimal(value)}]
    if kind == QuestionType.DATE:
        return [{"date": value}]
    return [{"text": value}]


def values_from_answers(answers) -> dict:
    """Canonical values from stored Answer rows (with their questions)."""
    values: dict = {}
    for answer in answers:
        kind = answer.question.type
        if kind in (QuestionType.MULTIPLE, QuestionType.SINGLE) and answer.text:
            values[other_key(answer.key)] = answer.text
        if kind == QuestionType.MULTIPLE:
            values.setdefault(answer.key, []).append(answer.choice)
        elif kind == QuestionType.SINGLE:
            values[answer.key] = answer.choice
        elif kind == QuestionType.YES_NO:
            values[answer.key] = answer.choice == "yes"
        elif kind == QuestionType.SCALE:
            values[answer.key] = int(answer.number)
        elif kind == QuestionType.NUMBER:
            values[answer.key] = answer.number.normalize()
        elif kind == QuestionType.DATE:
            values[answer.key] = answer.date
        else:
            values[answer.key] = answer.text
    return values
