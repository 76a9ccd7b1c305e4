"""Validators for Swedish identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """Return the organisation number as NNNNNN-NNNN, or raise ValidationError.

    Accepts 10 digits with or without the hyphen, and the 12-digit form with prefix 16.
    """
    digits = re.sub(r"[\s-]", "", value or "")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("Enter an organisation number as NNNNNN-NNNN (10 digits)."), code="format"
        )
    if not luhn_ok(digits):
        raise ValidationError(
            _("The organisation number's check digit is wrong: check for a typo."),
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_org_number(value: str) -> None:
    normalise_org_number(value)


def normalise_personal_identity_number(value: str) -> str:
    """Return a Swedish personal identity (or coordination) number as YYYYMMDD-NNNN, or raise
    ValidationError. Accepts 10 or 12 digits, with or without the hyphen or plus sign."""
    from datetime import date

    digits = re.sub(r"[\s+-]", "", value or "")
    if not re.fullmatch(r"\d{10}|\d{12}", digits):
        raise ValidationError(
            _("Enter a personal identity number as YYYYMMDD-NNNN (12 digits)."), code="format"
        )
    if len(digits) == 10:
        raise ValidationError(
            _("Write the century too: YYYYMMDD-NNNN (12 digits)."), code="century"
        )
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if day > 60:  # a coordination number adds 60 to the day
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("The date in the personal identity number does not exist."), code="date"
        ) from None
    if not luhn_ok(digits[2:]):
        raise ValidationError(
            _("The personal identity number's check digit is wrong: check for a typo."),
            code="checksum",
        )
    return f"{digits[:8]}-{digits[8:]}"
