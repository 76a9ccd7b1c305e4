from django import forms
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.forms import Form
from kompetensnav.reference.models import SeqfLevel, SniCode, SsykCode, SunField

from .models import CompetenceArea
from .services import AreaFields


class AreaFilterForm(Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A name in any language, a synonym or an abbreviation."),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("name", _("Name A–Ö")),
            ("-uses", _("Most used first")),
            ("-created", _("Newest first")),
        ],
        required=False,
    )
    unused = forms.BooleanField(label=_("Only areas nothing uses"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "sort": data.get("sort") or "name",
            "unused": bool(data.get("unused")),
        }


class CodesField(forms.CharField):
    """Codes of a classification, separated by commas or spaces; each must exist."""

    def __init__(self, *, model, **kwargs):
        self.model = model
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        codes = list(dict.fromkeys(c for c in text.replace(",", " ").split() if c))
        found = {o.code: o for o in self.model.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown codes: %(codes)s. Check them against the classification.")
                % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]


class AreaForm(Form):
    name = forms.CharField(label=_("Name (Swedish)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    name_da = forms.CharField(label=_("Name (Danish)"), max_length=120, required=False)
    name_no = forms.CharField(label=_("Name (Norwegian)"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the area covers, for those who tag needs and courses."),
    )
    seqf_level = forms.ModelChoiceField(
        label=_("Level (SEQF)"), queryset=SeqfLevel.objects.all(), required=False
    )
    occupations = CodesField(
        model=SsykCode,
        label=_("Occupations (SSYK 2012 codes)"),
        help_text=_("Separate the codes with commas, e.g. 7223, 8211."),
    )
    education_fields = CodesField(
        model=SunField,
        label=_("Education fields (SUN 2020 codes)"),
        help_text=_("Separate the codes with commas, e.g. 52, 34."),
    )
    industries = CodesField(
        model=SniCode,
        label=_("Industries (SNI 2007 codes)"),
        help_text=_("Separate the codes with commas, e.g. C, 25, 55."),
    )

    @classmethod
    def initial_for(cls, area: CompetenceArea) -> dict:
        return {
            "name": area.name,
            "name_en": area.name_en,
            "name_da": area.name_da,
            "name_no": area.name_no,
            "description": area.description,
            "seqf_level": area.seqf_level_id,
            "occupations": ", ".join(o.code for o in area.occupations.all()),
            "education_fields": ", ".join(o.code for o in area.education_fields.all()),
            "industries": ", ".join(o.code for o in area.industries.all()),
        }

    def fields_for_service(self) -> AreaFields:
        return AreaFields(**self.cleaned_data)


class SynonymForm(Form):
    text = forms.CharField(
        label=_("Synonym or abbreviation"),
        max_length=120,
        help_text=_("As people write it, e.g. SoMe, BAM, kod 95."),
    )


class MergeForm(Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=CompetenceArea.objects.none(),
        help_text=_("The area that stays. Everything that uses this area moves to it."),
    )

    def __init__(self, *args, source: CompetenceArea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = CompetenceArea.objects.exclude(pk=source.pk)
