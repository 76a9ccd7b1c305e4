from django import forms
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.forms import Form
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Organisation
from kompetensnav.reference.models import Subregion
from kompetensnav.visits.enums import Horizon

from .selectors import UnmetFilters


class UnmetFilterForm(Form):
    area = forms.ModelChoiceField(
        label=_("Competence area"),
        queryset=CompetenceArea.objects.all(),
        required=False,
        empty_label=_("All areas"),
    )
    subregion = forms.ModelChoiceField(
        label=_("Subregion"),
        queryset=Subregion.objects.all(),
        required=False,
        empty_label=_("All subregions"),
    )
    horizon = forms.ChoiceField(
        label=_("Time horizon"),
        choices=[("", _("All horizons")), *Horizon.choices, ("-", _("Not stated"))],
        required=False,
    )
    mine = forms.BooleanField(label=_("Only my organisation's education areas"), required=False)

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        if organisation_id is None:
            del self.fields["mine"]

    def filters(self) -> UnmetFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return UnmetFilters(
            area=data["area"].pk if data.get("area") else None,
            subregion=data["subregion"].pk if data.get("subregion") else "",
            horizon=data.get("horizon") or "",
            organisation_areas=self.organisation_id if data.get("mine") else None,
        )


class CourseProposalForm(Form):
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Organisation.objects.all(),
        help_text=_("The member that will give the course."),
    )
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200)
    description_sv = forms.CharField(
        label=_("Description (Swedish)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Prefilled from the needs: rewrite it for the participants."),
    )
    target_group = forms.CharField(label=_("Target group"), max_length=200, required=False)

    def __init__(self, *args, provider: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if provider is not None:  # a member's staff propose for their own organisation
            self.fields["provider"].queryset = Organisation.objects.filter(pk=provider.pk)
            self.fields["provider"].initial = provider.pk
            self.fields["provider"].disabled = True


class CourseTipForm(Form):
    to = forms.EmailField(
        label=_("To"),
        help_text=_("The company contact's e-mail address."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=5000
    )
