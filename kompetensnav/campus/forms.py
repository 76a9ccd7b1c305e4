from django import forms
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.filters import (
    FilterDateField,
    IdField,
    MonthField,
    accepted,
    this_month,
)
from kompetensnav.common.forms import Form, ModelForm
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Contact, Organisation
from kompetensnav.reference.models import Municipality, SeqfLevel

from .enums import CourseFormat, CourseStatus
from .models import Course

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SORT_CHOICES = [
    ("title", _("Title")),
    ("next", _("Next session")),
    ("-updated", _("Recently changed")),
    ("provider", _("Provider")),
    ("status", _("Status")),
]
PUBLIC_SORT_CHOICES = [("next", _("Next session")), ("title", _("Title"))]


def _organisations():
    return Organisation.objects.exclude(kind="network").order_by("name")


class CourseForm(ModelForm):
    """A course with its areas as tags: tick existing areas or type new ones."""

    new_areas = forms.CharField(
        label=_("New competence areas"),
        required=False,
        max_length=500,
        help_text=_("Areas not in the list above, separated by commas, e.g. Social media."),
    )

    class Meta:
        model = Course
        fields = [
            "provider",
            "title_sv",
            "title_en",
            "description_sv",
            "description_en",
            "areas",
            "seqf_level",
            "format",
            "target_group",
            "pilot",
            "project",
            "contact",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "description_sv": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, provider: Organisation | None, choose_provider: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_provider:
            self.fields["provider"].queryset = _organisations()
        else:
            del self.fields["provider"]
        owner = self.instance.provider if self.instance.pk else provider
        self.fields["areas"].queryset = CompetenceArea.objects.order_by("name")
        self.fields["seqf_level"].queryset = SeqfLevel.objects.all()
        self.fields["seqf_level"].label_from_instance = lambda level: (
            _("Level %(n)s") % {"n": level.level}
        )
        # projects (above campus) through the relation: Course.project, docs/architecture.md
        self.fields["project"].queryset = self.fields["project"].queryset.order_by("name")
        contacts = Contact.objects.order_by("name")
        self.fields["contact"].queryset = (
            contacts.filter(organisation=owner)
            if owner and not choose_provider
            else contacts.select_related("organisation")
        )
        if choose_provider:
            self.fields["contact"].label_from_instance = lambda c: f"{c.name} ({c.organisation})"

    def clean_new_areas(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data["new_areas"].split(",") if n.strip()]
        too_long = [n for n in names if len(n) > 80]
        if too_long:
            raise forms.ValidationError(
                _("A competence area can have at most 80 characters: %(area)s"),
                params={"area": too_long[0][:40] + "…"},
            )
        return names

    def clean(self):
        data = super().clean()
        provider = data.get("provider") or (self.instance.provider if self.instance.pk else None)
        contact = data.get("contact")
        if contact and provider and contact.organisation_id != provider.pk:
            self.add_error("contact", _("Choose a contact person of %(org)s.") % {"org": provider})
        return data

    def course_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("provider", "areas") and name in self.cleaned_data
        }


class ReviewForm(Form):
    comment = forms.CharField(
        label=_("Comment to the provider"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional when you approve; required when you send the course back."),
    )


class SessionForm(Form):
    start = forms.DateTimeField(label=_("Start"), widget=DATETIME_WIDGET)
    end = forms.DateTimeField(label=_("End"), widget=DATETIME_WIDGET)
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "Counted hours. Leave empty to count from start to end; fewer hours for breaks "
            "are fine, more are not."
        ),
    )
    sending_site = forms.ModelChoiceField(
        label=_("Sending site"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No sending site"),
        help_text=_("The member the session is sent live from."),
    )
    remote_capacity = forms.IntegerField(
        label=_("Remote places"),
        min_value=0,
        max_value=10000,
        initial=0,
        help_text=_("0 when the session cannot be followed remotely."),
    )
    stream_link = forms.URLField(
        label=_("Stream link"), required=False, assume_scheme="https", max_length=200
    )
    # shown when the start is in the past (services.session_save refuses it otherwise)
    past_confirmed = forms.BooleanField(
        label=_("The session has already taken place: I record it afterwards"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sending_site"].queryset = _organisations()

    def ask_to_confirm_the_past(self) -> None:
        """Show the confirmation box, after the service refused a start in the past."""
        self.fields["past_confirmed"].widget = forms.CheckboxInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The session must end after it starts."))
        return data


class SiteForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Receiving site"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choose a site"),
    )
    room = forms.CharField(label=_("Room"), required=False, max_length=120)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=0, max_value=10000)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations or _organisations()

    def clean(self):
        data = super().clean()
        if data.get("organisation") and data.get("capacity") is None:
            self.add_error("capacity", _("Give the number of places at this site."))
        if not data.get("organisation") and (data.get("room") or data.get("capacity")):
            self.add_error("organisation", _("Choose the site, or empty the row."))
        return data


class BaseSiteFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this site")

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            org = form.cleaned_data.get("organisation")
            if org is None or form.cleaned_data.get("DELETE"):
                continue
            if org.pk in seen:
                raise forms.ValidationError(
                    _("%(org)s is listed twice: list each receiving site once.") % {"org": org}
                )
            seen.add(org.pk)


SiteFormSet = forms.formset_factory(
    SiteForm, formset=BaseSiteFormSet, extra=3, can_delete=True, max_num=40, validate_max=True
)


class CourseFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *CourseStatus.choices], required=False
    )
    area = forms.ModelChoiceField(
        label=_("Competence area"),
        queryset=CompetenceArea.objects.order_by("name"),
        required=False,
        empty_label=_("All areas"),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("All formats")), *CourseFormat.choices], required=False
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All providers"),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(
            pk__in=Course.objects.values("provider")
        ).order_by("name")

    def filters(self) -> dict:
        """Selector arguments; an invalid value (a stale link) is ignored, not an error."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "status": data.get("status") or "",
            "area": data["area"].pk if data.get("area") else None,
            "delivery_format": data.get("format") or "",
            "provider": data["provider"].pk if data.get("provider") else None,
            "sort": data.get("sort") or "title",
        }


class CatalogueFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    area = forms.ModelChoiceField(
        label=_("Competence area"),
        queryset=CompetenceArea.objects.none(),
        required=False,
        empty_label=_("All areas"),
    )
    level = forms.ModelChoiceField(
        label=_("Level (SEQF)"),
        queryset=SeqfLevel.objects.all(),
        required=False,
        empty_label=_("All levels"),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("All formats")), *CourseFormat.choices], required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities"),
        help_text=_("Where the course is sent from or followed."),
    )
    date_from = FilterDateField(label=_("From"), widget=DATE_WIDGET)
    date_to = FilterDateField(label=_("To"), widget=DATE_WIDGET)
    sort = forms.ChoiceField(label=_("Sort by"), choices=PUBLIC_SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Course.objects.filter(status=CourseStatus.PUBLISHED)
        self.fields["area"].queryset = CompetenceArea.objects.filter(
            pk__in=published.values("areas")
        ).order_by("name")
        self.fields["level"].label_from_instance = lambda level: (
            _("Level %(n)s") % {"n": level.level}
        )
        self.fields["municipality"].queryset = Municipality.objects.filter(
            subregion__isnull=False
        ).order_by("name")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "area": data["area"].pk if data.get("area") else None,
            "level": data["level"].pk if data.get("level") else None,
            "delivery_format": data.get("format") or "",
            "municipality": data["municipality"].pk if data.get("municipality") else "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "sort": data.get("sort") or "next",
        }


class CalendarFilterForm(Form):
    """The calendar's query parameters: the month (YYYY-MM; this month when missing or
    invalid) and, on the network's calendar, a receiving site to go to."""

    month = MonthField(label=_("Month"))
    site = IdField(label=_("Receiving site"))

    def filters(self) -> dict:
        data = accepted(self)
        return {"month": data.get("month") or this_month(), "site": data.get("site")}
