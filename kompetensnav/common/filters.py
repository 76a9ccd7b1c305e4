"""Reading query parameters: the fields the GET filter forms of the list and dashboard pages
share.

The rule (docs/architecture.md): every query parameter a page reads goes through a GET
filter form in its app's forms.py. A value the form does not accept falls back to the
default: the page answers 200 as if the parameter had not been given (every filter, this
month, the first page). A parameter that names an object the user may not see answers 404,
like the same object in the path. No value of a query string gives a server error:
tests/test_query_parameters.py throws odd values at every route's parameters, on SQLite and
on PostgreSQL."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.choices import flatten_choices
from django.utils.translation import gettext_lazy as _

# The largest id a 64-bit column holds: a larger number names nothing (and PostgreSQL or
# SQLite would refuse it).
MAX_ID = 2**63 - 1
# Dates far from the ends of the calendar, where "the day after" or a month's bounds as
# date-times cannot be computed (the same bounds as the key figures' periods).
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
# The months a calendar can show.
FIRST_YEAR, LAST_YEAR = 1990, 2100


class IdField(forms.IntegerField):
    """The id of a row: a whole number from 1 to MAX_ID (a longer string of digits is
    refused before it is converted)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and len(value.strip()) > len(str(MAX_ID)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class FilterDateField(forms.DateField):
    """A date of a filter, from EARLIEST to LATEST."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.validators += [MinValueValidator(EARLIEST), MaxValueValidator(LATEST)]


class MonthField(forms.Field):
    """A month as YYYY-MM (a calendar page's `month`), cleaned to its first day; FIRST_YEAR
    to LAST_YEAR."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        year, _dash, month = str(value).strip().partition("-")
        if (
            len(year) == 4
            and len(month) in (1, 2)
            and (year + month).isascii()
            and (year + month).isdigit()
            and FIRST_YEAR <= int(year) <= LAST_YEAR
            and 1 <= int(month) <= 12
        ):
            return date(int(year), int(month), 1)
        raise ValidationError(_("Write the month as YYYY-MM, for example 2026-03."), code="invalid")


def accepted(form: forms.Form) -> dict[str, Any]:
    """The values a bound GET filter form accepts: an invalid value is left out, so that its
    parameter falls back to its default while the others still apply."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def id_or_none(value: object) -> int | None:
    """The id a parameter names, or None when it names none (not a number, out of range)."""
    try:
        return IdField().clean(value)
    except ValidationError:
        return None


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def filter_notes(form: forms.Form, *, skip: tuple[str, ...] = ()) -> list[tuple[str, object]]:
    """The filters a GET filter form was given, as (label, value) in the form's order, for a
    download's notes: choices by their labels, objects by their names, dates as dates.
    Hidden fields, empty values, values the form refused and the names in `skip` are left
    out."""
    if not form.is_bound:
        return []
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    notes: list[tuple[str, object]] = []
    for name, field in form.fields.items():
        value = data.get(name)
        if name in skip or value in (None, "", [], ()) or field.widget.is_hidden:
            continue
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices: Any = field.choices
            value = dict(flatten_choices(choices)).get(value, value)
        notes.append((str(field.label), value if isinstance(value, date) else str(value)))
    return notes
