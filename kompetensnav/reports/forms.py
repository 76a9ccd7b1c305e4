from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.forms import Form
from kompetensnav.figures.registry import Period
from kompetensnav.network.models import Organisation
from kompetensnav.projects.models import Project

from .services import FIRST_YEAR

# The names in the address are the same as the options of `manage.py figures`.
PARAMS = {"start": "from", "end": "to"}
DATE_ERRORS = {
    "invalid": _("Write the date as YYYY-MM-DD, for example 2026-03-31."),
    "required": _("Enter a date."),
}


def year_params(year: int) -> dict[str, str]:
    return {"from": date(year, 1, 1).isoformat(), "to": date(year, 12, 31).isoformat()}


class PeriodForm(Form):
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


def default_report_year(today: date) -> int:
    """In January–March the annual report is about the year that just ended."""
    return today.year - 1 if today.month <= 3 else today.year


class AnnualReportForm(Form):
    """The year and the optional restrictions of the annual report (the page's GET form)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=None,
        required=False,
        empty_label=_("All projects"),
        help_text=_("Courses, sessions, attendance and mobilities of this project only."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("All organisations"),
        help_text=_("Visits by this organisation's brokers and courses it provides only."),
    )

    def __init__(self, params=None, *, today: date | None = None, **kwargs) -> None:
        today = today or timezone.localdate()
        bound = params is not None and any(name in params for name in self.base_fields)
        initial = {"year": default_report_year(today)}
        super().__init__(params if bound else None, initial=initial, **kwargs)
        years = range(today.year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["project"].queryset = Project.objects.order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def choices(self) -> dict | None:
        """{"year", "project", "organisation"} as chosen, or None while the input has errors."""
        if not self.is_bound:
            return {"year": self.initial["year"], "project": None, "organisation": None}
        if not self.is_valid():
            return None
        return {name: self.cleaned_data[name] for name in ("year", "project", "organisation")}


class GenerateForm(AnnualReportForm):
    """The same choices plus the language of the files (the POST that starts the job)."""

    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)

    def __init__(self, params=None, *, language: str = "sv", **kwargs) -> None:
        super().__init__(params, **kwargs)
        self.fields["language"].initial = language
