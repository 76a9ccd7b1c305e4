"""Forms of actors, and the filters of the actor list, the actor map and the coverage page."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.filters import accepted
from kompetensnav.common.forms import Form
from kompetensnav.common.validators import normalise_org_number
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Contact, Organisation
from kompetensnav.reference.models import SniCode, Subregion

from ..enums import Function, Level
from ..models import Actor
from ..services.actors import ActorFields
from .councils import sni_choices

ACTOR_SORTS = [("name", _("Name A–Ö")), ("-name", _("Name Ö–A")), ("level", _("Level"))]


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return f"{obj.name}, {obj.role}" if obj.role else obj.name


class ActorForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not an organisation of the directory"),
        help_text=_("A member or another organisation of the network's directory."),
    )
    company_org_number = forms.CharField(
        label=_("Or a company's organisation number"),
        max_length=13,
        required=False,
        help_text=_("For a company already in the company register: NNNNNN-NNNN."),
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=Level.choices, initial=Level.OPERATIVE, widget=forms.RadioSelect
    )
    functions = forms.MultipleChoiceField(
        label=_("Functions"),
        choices=Function.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mandate = forms.CharField(
        label=_("Mandate"),
        max_length=300,
        required=False,
        help_text=_("What the actor does in the collaboration, in a sentence."),
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("Industries (SNI)"),
        queryset=SniCode.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    subregions = forms.ModelMultipleChoiceField(
        label=_("Subregions"),
        queryset=Subregion.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contacts = ContactChoiceField(
        label=_("Contact people"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, record: Actor | None = None, **kwargs: Any) -> None:
        if record is not None:
            kwargs.setdefault(
                "initial",
                {
                    "level": record.level,
                    "functions": [f.function for f in record.functions.all()],
                    "mandate": record.mandate,
                    "industries": [i.pk for i in record.industries.all()],
                    "subregions": [s.pk for s in record.subregions.all()],
                    "contacts": [c.pk for c in record.contacts.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["industries"].queryset = sni_choices()
        if record is not None:
            # who the actor is does not change; its contact people are its organisation's
            del self.fields["organisation"], self.fields["company_org_number"]
            if record.organisation_id:
                self.fields["contacts"].queryset = record.organisation.contacts.order_by("name")
            else:
                del self.fields["contacts"]
        else:
            del self.fields["contacts"]
            self.fields["organisation"].queryset = Organisation.objects.filter(
                actor__isnull=True
            ).order_by("name")

    def clean_company_org_number(self) -> Company | None:
        value = (self.cleaned_data.get("company_org_number") or "").strip()
        if not value:
            return None
        number = normalise_org_number(value)  # its own message: the format or a typo
        company = Company.objects.filter(org_number=number).first()
        if company is None:
            raise ValidationError(
                _("No company in the register has %(number)s. Add the company first.")
                % {"number": number}
            )
        return company

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        neither_or_both = bool(data.get("organisation")) == bool(data.get("company_org_number"))
        if self.record is None and not self.errors and neither_or_both:
            raise ValidationError(
                _("Choose an organisation of the directory or give a company's number.")
            )
        return data

    def actor_fields(self) -> ActorFields:
        data = self.cleaned_data
        return ActorFields(
            level=data["level"],
            functions=list(data["functions"]),
            mandate=data["mandate"],
            industries=list(data["industries"]),
            subregions=list(data["subregions"]),
            contacts=list(data.get("contacts") or []),
        )

    def holder(self) -> dict[str, Any]:
        return {
            "organisation": self.cleaned_data.get("organisation"),
            "company": self.cleaned_data.get("company_org_number"),
        }


class _RegionFilters(Form):
    industry = forms.ModelChoiceField(
        label=_("Industry (SNI)"),
        queryset=SniCode.objects.none(),
        required=False,
        empty_label=_("All industries"),
    )
    subregion = forms.ModelChoiceField(
        label=_("Subregion"),
        queryset=Subregion.objects.all(),
        required=False,
        empty_label=_("All subregions"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = sni_choices()

    def filters(self) -> dict[str, Any]:
        data = accepted(self)
        return {
            "industry": data["industry"].pk if data.get("industry") else None,
            "subregion": data["subregion"].pk if data.get("subregion") else None,
        }


class ActorFilterForm(_RegionFilters):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False
    )
    function = forms.ChoiceField(
        label=_("Function"), choices=[("", _("All functions")), *Function.choices], required=False
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=ACTOR_SORTS, required=False)
    field_order = ["q", "level", "function", "industry", "subregion", "sort"]

    def filters(self) -> dict[str, Any]:
        data = accepted(self)
        return {
            **super().filters(),
            "q": (data.get("q") or "").strip(),
            "level": data.get("level") or "",
            "function": data.get("function") or "",
            "sort": data.get("sort") or "name",
        }


class MapFilterForm(_RegionFilters):
    pass


class CoverageFilterForm(Form):
    subregion = forms.ModelChoiceField(
        label=_("Subregion"),
        queryset=Subregion.objects.all(),
        required=False,
        empty_label=_("All subregions"),
    )
    gaps = forms.BooleanField(label=_("Only areas with needs and no provider"), required=False)

    def filters(self) -> dict[str, Any]:
        data = accepted(self)
        return {
            "subregion": data["subregion"].pk if data.get("subregion") else None,
            "gaps_only": bool(data.get("gaps")),
        }
