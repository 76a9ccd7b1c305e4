from django import forms
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.forms import Form, ModelForm
from kompetensnav.network.models import Event, Organisation
from kompetensnav.reference.models import Country

from .enums import Funder, MobilityKind, MobilityStatus
from .models import BudgetLine, IncomingGroup, Mobility, Project, ProjectPartner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False)
    funder = forms.ChoiceField(
        label=_("Funder"), choices=[("", _("All funders")), *Funder.choices], required=False
    )
    current = forms.BooleanField(label=_("Running today"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("-start", _("Newest first")),
            ("start", _("Oldest first")),
            ("name", _("Name A–Ö")),
        ],
        required=False,
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q") or "",
            "funder": data.get("funder") or "",
            "current": bool(data.get("current")),
            "sort": data.get("sort") or "-start",
        }


class ProjectForm(ModelForm):
    events = forms.ModelMultipleChoiceField(
        label=_("Linked events"),
        queryset=Event.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Events during the project period that belong to the project."),
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "funder",
            "start",
            "end",
            "description",
            "budget_sek",
            "cofinancing_sek_per_hour",
            "granted_places_student",
            "granted_places_staff",
            "budget_student_sek",
            "budget_staff_sek",
            "utilisation_target_pct",
            "requires_identity_numbers",
            "retention_years",
        ]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = Event.objects.order_by("-date")
        project = self.instance
        if project.pk and project.start:
            events = events.filter(date__gte=project.start)
        if project.pk and project.end:
            events = events.filter(date__lte=project.end)
        self.fields["events"].queryset = events
        if project.pk:
            self.initial["events"] = list(project.events.values_list("pk", flat=True))
        else:
            del self.fields["events"]


class PartnerForm(ModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class BudgetLineForm(ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "budgeted_sek", "actual_sek", "note"]


class MobilityForm(ModelForm):
    class Meta:
        model = Mobility
        fields = [
            "kind",
            "status",
            "participant_reference",
            "sending_member",
            "host_organisation",
            "country",
            "start",
            "end",
            "grant_sek",
        ]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sending_member"].queryset = Organisation.objects.order_by("name")
        self.fields["country"].queryset = Country.objects.order_by("name_sv")


class MobilityFilterForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *MobilityKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *MobilityStatus.choices],
        required=False,
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("kind") or "", "status": data.get("status") or ""}


class IncomingGroupForm(ModelForm):
    class Meta:
        model = IncomingGroup
        fields = ["organisation_name", "country", "host", "start", "end", "participants"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organisation.objects.order_by("name")
        self.fields["country"].queryset = Country.objects.exclude(code="SE").order_by("name_sv")


class IdentityNumberForm(Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    number = forms.CharField(
        label=_("Personal identity number"),
        max_length=13,
        help_text=_("YYYYMMDD-NNNN. Stored encrypted and shown masked."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
