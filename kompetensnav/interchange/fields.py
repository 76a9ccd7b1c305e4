"""Column types of the interchange contract. Each parses one cell or raises CellError
with a message that tells the user what to write instead.

Control characters: a single-line cell (every column except the few declared
`text(..., multiline=True)`) may not hold a line break or another control character; a tab,
which spreadsheets and copied text often carry, becomes a space. A multi-line cell keeps
line breaks and tabs and refuses the other control characters. Either way, a value that
gets through cannot break a page, an e-mail header or a calendar feed (docs/interchange.md).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kompetensnav.common.text import (
    has_control_characters,
    has_control_characters_beyond_lines,
    single_line,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TRUE = {"true", "ja", "yes", "1"}
FALSE = {"false", "nej", "no", "0"}


class CellError(Exception):
    pass


def _shown(value: str) -> str:
    """A cell's value quoted back in a message, on one line."""
    return single_line(value)


def one_line(value: str) -> str:
    """The cell with its tabs as spaces; CellError for any other control character."""
    value = value.replace("\t", " ")
    if has_control_characters(value):
        raise CellError(
            _(
                "Keep this value on one line: remove the line breaks (Alt+Enter in Excel) and "
                "other control characters."
            )
        )
    return value


@dataclass(frozen=True)
class Column:
    """One column: its name, whether it is required, and how a cell becomes a value."""

    name: str
    parse: Callable[[str], object] = one_line
    required: bool = False
    default: object = None


def text(max_length: int, *, multiline: bool = False) -> Callable[[str], str]:
    """Text of at most max_length characters: on one line unless `multiline` (see above)."""

    def parse(value: str) -> str:
        if multiline:
            if has_control_characters_beyond_lines(value):
                raise CellError(
                    _(
                        "Remove the control characters from the text (line breaks and tabs "
                        "may stay)."
                    )
                )
        else:
            value = one_line(value)
        if len(value) > max_length:
            raise CellError(_("At most %(n)s characters.") % {"n": max_length})
        return value

    return parse


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise CellError(
        _("Write true/false, ja/nej, yes/no or 1/0, not “%(v)s”.") % {"v": _shown(value)}
    )


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise CellError(
            _("Write the date as YYYY-MM-DD, not “%(v)s”.") % {"v": _shown(value)}
        ) from exc


def iso_datetime(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise CellError(
            _("Write the time as YYYY-MM-DDTHH:MM (ISO 8601), not “%(v)s”.") % {"v": _shown(value)}
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=STOCKHOLM)


# The largest whole number an integer column keeps (PostgreSQL's integer): a larger one
# is a row error, not a database error at the write.
INTEGER_MAX = 2_147_483_647


def integer(minimum: int | None = None, maximum: int = INTEGER_MAX) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise CellError(_("Write a whole number, not “%(v)s”.") % {"v": _shown(value)})
        number = int(value)
        if minimum is not None and number < minimum:
            raise CellError(_("Must be at least %(n)s.") % {"n": minimum})
        if number > maximum:
            raise CellError(
                _("Must be at most %(n)s.")
                % {"n": number_format(maximum, force_grouping=maximum >= 10_000)}
            )
        return number

    return parse


def decimal(
    minimum: Decimal | None = None, places: int = 2, *, max_digits: int
) -> Callable[[str], Decimal]:
    """A number with at most `places` decimals and `max_digits` digits in all (the model
    field's): one too large for its column is a row error, not a database error."""

    def parse(value: str) -> Decimal:
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation as exc:
            raise CellError(_("Write a number, not “%(v)s”.") % {"v": _shown(value)}) from exc
        if not number.is_finite():
            raise CellError(_("Write a number, not “%(v)s”.") % {"v": _shown(value)})
        if minimum is not None and number < minimum:
            raise CellError(_("Must be at least %(n)s.") % {"n": minimum})
        if number.as_tuple().exponent < -places:
            raise CellError(_("At most %(n)s decimals.") % {"n": places})
        if abs(number) >= Decimal(10) ** (max_digits - places):
            raise CellError(
                _("At most %(n)s digits before the decimal point.") % {"n": max_digits - places}
            )
        return number

    return parse


def choice(values: list[str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in values:
            raise CellError(
                _("Write one of %(values)s, not “%(v)s”.")
                % {"values": ", ".join(f"“{v}”" for v in values), "v": _shown(value)}
            )
        return value

    return parse


# The addresses most files hold (ASCII: a dot-atom, host names of letters, digits and
# hyphens, a top-level domain of letters), every one of which Django's validate_email accepts
# too (test_fields.py): such a cell skips validate_email, which costs more than the rest of
# a participant's row. Any other address is checked by validate_email.
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"\.[a-z]{2,63}\Z",
    re.IGNORECASE | re.ASCII,
)
_EMAIL_MAX = 320  # validate_email's limit


def email(value: str) -> str:
    value = value.strip()
    if len(value) > _EMAIL_MAX or not _PLAIN_EMAIL.match(value):
        try:
            validate_email(value)
        except ValidationError as exc:
            raise CellError(_("“%(v)s” is not an e-mail address.") % {"v": _shown(value)}) from exc
    return value.lower()


def listing(item: Callable[[str], object]) -> Callable[[str], list]:
    """Values separated by `;`."""

    def parse(value: str) -> list:
        return [item(part.strip()) for part in value.split(";") if part.strip()]

    return parse


def validated(validator: Callable[[str], object]) -> Callable[[str], object]:
    """Wrap a Django validator or normaliser that raises ValidationError."""

    def parse(value: str) -> object:
        value = one_line(value)
        try:
            result = validator(value)
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from exc
        return value if result is None else result

    return parse
