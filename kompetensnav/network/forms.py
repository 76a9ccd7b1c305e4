from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.filters import EARLIEST, LATEST, MonthField, accepted, this_month
from kompetensnav.common.forms import Form, ModelForm
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.reference.models import Municipality, SeqfLevel, Subregion

from .enums import DeliveryFormat, EventKind, OrganisationKind
from .models import Collaboration, Contact, DigitalSystem, Event, Organisation

STALE_CHOICES = [("", _("All contacts")), ("yes", _("Needs confirming")), ("no", _("Confirmed"))]


class DirectoryFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    subregion = forms.ModelChoiceField(
        label=_("Subregion"),
        queryset=Subregion.objects.all(),
        required=False,
        empty_label=_("All subregions"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(subregion__isnull=False),
        required=False,
        empty_label=_("All municipalities"),
    )
    area = forms.ModelChoiceField(
        label=_("Education area"),
        queryset=CompetenceArea.objects.filter(organisations__isnull=False).distinct(),
        required=False,
        empty_label=_("All education areas"),
    )
    system = forms.ModelChoiceField(
        label=_("Digital system"),
        queryset=DigitalSystem.objects.all(),
        required=False,
        empty_label=_("All digital systems"),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("All formats")), *DeliveryFormat.choices],
        required=False,
    )

    def filters(self) -> dict:
        """Selector arguments; an invalid value (a stale link) is ignored, not an error."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "subregion": data["subregion"].pk if data.get("subregion") else "",
            "municipality": data["municipality"].pk if data.get("municipality") else "",
            "area": data["area"].pk if data.get("area") else None,
            "system": data["system"].pk if data.get("system") else None,
            "delivery_format": data.get("format") or "",
        }


class OrganisationCreateForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=11,
        required=False,
        help_text=_("NNNNNN-NNNN, if it has one."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("No municipality"),
    )


class ProfileForm(Form):
    description = forms.CharField(label=_("About us"), widget=forms.Textarea, required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    education_areas = forms.CharField(
        label=_("Education areas"),
        required=False,
        max_length=2000,
        help_text=_("Separate the areas with commas, e.g. CNC, Swedish for work, Welding."),
    )
    seqf_levels = forms.ModelMultipleChoiceField(
        label=_("Levels (SEQF)"),
        queryset=SeqfLevel.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=DeliveryFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    digital_systems = forms.ModelMultipleChoiceField(
        label=_("Digital systems in use"),
        queryset=DigitalSystem.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        return {
            "description": organisation.description,
            "website": organisation.website,
            "education_areas": ", ".join(a.name for a in organisation.education_areas.all()),
            "seqf_levels": list(organisation.seqf_levels.all()),
            "formats": list(organisation.formats),
            "digital_systems": list(organisation.digital_systems.all()),
        }

    def clean_education_areas(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data["education_areas"].split(",")]
        names = [n for n in names if n]
        too_long = [n for n in names if len(n) > 120]
        if too_long:
            raise forms.ValidationError(
                _("An education area can have at most 120 characters: %(area)s"),
                params={"area": too_long[0][:40] + "…"},
            )
        return names


class MembershipForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    fee_paid = forms.BooleanField(label=_("Fee paid"), required=False)
    fee_sek = forms.DecimalField(
        label=_("Fee (SEK)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    invoiced_on = forms.DateField(
        label=_("Invoiced on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    paid_on = forms.DateField(
        label=_("Paid on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A payment date marks the fee as paid."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities represented"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args, all_municipalities: bool = False, selected=(), **kwargs):
        super().__init__(*args, **kwargs)
        qs = Municipality.objects.select_related("subregion")
        if not all_municipalities:
            # West Sweden (the subregions) plus whatever the membership already represents
            qs = qs.filter(Q(subregion__isnull=False) | Q(pk__in=[m.pk for m in selected]))
        self.fields["municipalities"].queryset = qs.order_by("name")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("paid_on"):
            data["fee_paid"] = True
        paid, invoiced = data.get("paid_on"), data.get("invoiced_on")
        if paid and invoiced and paid < invoiced:
            self.add_error("paid_on", _("The fee cannot be paid before it is invoiced."))
        return data


class ContactForm(ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "last_confirmed"]
        widgets = {"last_confirmed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ContactFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
    )
    stale = forms.ChoiceField(label=_("Status"), choices=STALE_CHOICES, required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "organisation": data["organisation"].pk if data.get("organisation") else None,
            "stale": data.get("stale") or "",
        }


class EventForm(ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "date", "title", "organiser", "participants", "transnational", "notes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Organisation.objects.order_by("name")


class EventFilterForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *EventKind.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("kind") or "", "year": data.get("year")}


class CollaborationFilterForm(Form):
    """The collaborations page's `year` (1900–2999); every year when missing or invalid."""

    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=EARLIEST.year, max_value=LATEST.year
    )

    def filters(self) -> dict:
        return {"year": accepted(self).get("year")}


class CalendarFilterForm(Form):
    """The event calendar's `month` (YYYY-MM); this month when missing or invalid."""

    month = MonthField(label=_("Month"))

    def first_day(self) -> date:
        return accepted(self).get("month") or this_month()


class CollaborationForm(ModelForm):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Choose at least two organisations (Ctrl or Cmd to choose several)."),
    )

    class Meta:
        model = Collaboration
        fields = ["established", "title", "parties"]
        widgets = {"established": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise forms.ValidationError(_("A collaboration needs at least two organisations."))
        return parties
