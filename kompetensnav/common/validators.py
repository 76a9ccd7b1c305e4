"""Validators for Swedish identifiers, and for control characters in text."""

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import has_control_characters, has_control_characters_beyond_lines

SINGLE_LINE_MESSAGE = _(
    "This field takes one line of text: remove the line breaks, tabs and other invisible "
    "control characters (retyping the text removes them)."
)
MULTI_LINE_MESSAGE = _(
    "Remove the invisible control characters from the text (line breaks and tabs may stay; "
    "retyping the text removes the others)."
)


TextValidator = Callable[[object], None]


def validate_single_line(value: object) -> None:
    """Refuse any control character (line breaks and tabs too): see common.text."""
    if has_control_characters(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")


def validate_multi_line(value: object) -> None:
    """Refuse control characters other than tab, CR and LF."""
    if has_control_characters_beyond_lines(value):
        raise ValidationError(MULTI_LINE_MESSAGE, code="control_characters")


def text_validator(field: models.Field[Any, Any]) -> TextValidator | None:
    """The control-character validator a model field needs: every CharField (EmailField,
    SlugField, URLField... included) is one line, a TextField may have several."""
    if isinstance(field, models.CharField):
        return validate_single_line
    if isinstance(field, models.TextField):
        return validate_multi_line
    return None


def protect_model_text_fields(model_classes: Iterable[type[models.Model]]) -> None:
    """Give every text field of these models its control-character validator, so that
    full_clean() (ModelForms, the admin, the services that clean before saving) refuses
    them. Added to the field's validators, not its `validators` argument, so migrations do
    not change. CommonConfig.ready() calls this for every kompetensnav model."""
    for model in model_classes:
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field):
                continue  # a relation's other side holds no text
            validator = text_validator(field)
            if validator is not None and validator not in field.validators:
                field.validators.append(validator)


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


PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")


def validate_phone_number(value: str) -> None:
    """A phone number as people write it: digits, spaces, hyphens and brackets, optionally a
    leading + (0500-12 34 56, +46 500 12 34 56)."""
    if value and not PHONE_NUMBER.match(value.strip()):
        raise ValidationError(
            _("Write the phone number with digits, for example 0500-12 34 56 or +46 500 12 34 56."),
            code="invalid_phone",
        )
