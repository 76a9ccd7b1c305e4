from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .figures import Period

# The names in the address are the same as the options of `manage.py figures`.
PARAMS = {"start": "from", "end": "to"}
DATE_ERRORS = {
    "invalid": _("Write the date as YYYY-MM-DD, for example 2026-03-31."),
    "required": _("Enter a date."),
}


def year_params(year: int) -> dict[str, str]:
    return {"from": date(year, 1, 1).isoformat(), "to": date(year, 12, 31).isoformat()}


class PeriodForm(forms.Form):
    """The period of the key figures: inclusive dates, the current year by default."""

    start = forms.DateField(
        label=_("From"),
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To"),
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, params, *, today: date | None = None) -> None:
        today = today or timezone.localdate()
        bound = any(name in params for name in PARAMS.values())
        initial = {"start": date(today.year, 1, 1), "end": date(today.year, 12, 31)}
        super().__init__(params if bound else None, initial=initial)

    def add_prefix(self, field_name: str) -> str:
        return PARAMS.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must not be before the start date."))
        return cleaned

    def period(self) -> Period | None:
        """The chosen period, or None while the input has errors."""
        if not self.is_bound:
            return Period(start=self.initial["start"], end=self.initial["end"])
        if not self.is_valid():
            return None
        return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
