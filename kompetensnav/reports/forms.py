from datetime import date

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.forms import Form
from kompetensnav.figures.registry import (
    EARLIEST,
    LATEST,
    Period,
    PeriodError,
    period_from_options,
)
from kompetensnav.network.models import Organisation
from kompetensnav.projects.models import Project

from .competence import Region, RegionError, region_choices, region_from_choice
from .report import period_text
from .services import FIRST_YEAR, TEXT_MAX

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
        """The period as `manage.py figures` and the API read it (period_from_options), with
        the page's words for what is wrong."""
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        # each day on its own first, so that both are named when both are out of range
        for name, day in (("start", start), ("end", end)):
            try:
                period_from_options(start=day.isoformat(), end=day.isoformat())
            except PeriodError:
                self.add_error(name, _("Choose a date from %(first)s to %(last)s.")
                               % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()})  # fmt: skip
        if not self.errors:
            try:
                self._period = period_from_options(start=start.isoformat(), end=end.isoformat())
            except PeriodError:  # the only error left: the end before the start
                self.add_error("end", _("The end date must not be before the start date."))
        return cleaned

    def period(self) -> Period | None:
        """The chosen period, or None while the input has errors."""
        if not self.is_bound:
            return Period(start=self.initial["start"], end=self.initial["end"])
        if not self.is_valid():
            return None
        return self._period


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


# --- the competence analysis -----------------------------------------------------------------


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class CompetenceReportForm(Form):
    """The period, region and language of a new competence analysis: by default the year the
    annual report is about (last year in January–March, else this year)."""

    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list.")},
        help_text=_("The needs of companies in this subregion or municipality; the courses and "
                    "participants of the whole network are compared with them."),
    )  # fmt: skip
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)

    def __init__(self, data=None, *, language: str = "sv", today: date | None = None) -> None:
        year = default_report_year(today or timezone.localdate())
        initial = {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31),
                   "language": language}  # fmt: skip
        super().__init__(data, initial=initial)
        self.fields["region"].choices = region_choices()

    def clean_region(self) -> Region:
        try:
            return region_from_choice(self.cleaned_data.get("region", ""))
        except RegionError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned


class CompetenceTextsForm(Form):
    """The coordinator's own words: plain text, a blank line between paragraphs."""

    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Opens the report after the contents: its purpose, the region and how the "
                    "needs were collected. Leave a blank line between paragraphs."),
    )  # fmt: skip
    conclusions = forms.CharField(
        label=_("Conclusions"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Closes the report: what the figures mean and what the region will do. "
                    "Leave a blank line between paragraphs."),
    )  # fmt: skip


class CompareForm(Form):
    """The published version a version is compared with (GET ?compare=)."""

    compare = forms.ModelChoiceField(
        label=_("Compare with"), queryset=None, required=False, empty_label=None
    )

    def __init__(self, data, *, versions) -> None:
        super().__init__(data if "compare" in data else None)
        self.fields["compare"].queryset = versions
        self.fields["compare"].label_from_instance = lambda v: (
            _("%(period)s, published %(when)s")
            % {
                "period": period_text(v.report.date_from, v.report.date_to),
                "when": formats.date_format(timezone.localtime(v.finished_at), "SHORT_DATE_FORMAT"),
            }
        )

    def chosen(self):
        """The chosen version; without a valid choice the newest one listed (or None)."""
        if self.is_bound and self.is_valid() and self.cleaned_data["compare"] is not None:
            return self.cleaned_data["compare"]
        return self.fields["compare"].queryset.first()
