from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.filters import IdField, accepted
from kompetensnav.common.forms import Form, ModelForm
from kompetensnav.common.validators import normalise_org_number
from kompetensnav.reference.models import Country, Municipality, SniCode, Subregion

from .models import Company, CompanyContact, SizeClass
from .services import CompanyFields, ContactFields

SORT_CHOICES = [
    ("name", _("Name A–Ö")),
    ("-name", _("Name Ö–A")),
    ("municipality", _("Municipality")),
    ("-employees", _("Most employees")),
    ("employees", _("Fewest employees")),
    ("-updated", _("Recently changed")),
]


class SniChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SniCode) -> str:
        if obj.level == SniCode.Level.SECTION:
            return f"{obj.code} – {obj.name}"
        return f"\u00a0\u00a0{obj.code} {obj.name}"


def municipality_queryset():
    # West Sweden first would surprise a screen-reader user; one alphabetical list it is.
    return Municipality.objects.order_by("name")


class CompanyForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=_(
            "NNNNNN-NNNN (16NNNNNNNNNN also works). Leave empty only for a foreign company."
        ),
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name_sv"), initial="SE"
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=municipality_queryset(),
        required=False,
        empty_label=_("Choose a municipality"),
    )
    sni = SniChoiceField(
        label=_("Industry (SNI 2007)"),
        queryset=SniCode.objects.order_by("code"),
        required=False,
        empty_label=_("Choose an industry"),
    )
    employees = forms.IntegerField(label=_("Employees"), min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_queryset()
        self.fields["org_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )

    @classmethod
    def initial_for(cls, company: Company) -> dict:
        return {
            "name": company.name,
            "org_number": company.org_number,
            "country": company.country_id,
            "municipality": company.municipality_id,
            "sni": company.sni_id,
            "employees": company.employees,
        }

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"].strip()
        if not value:
            return ""
        try:
            return normalise_org_number(value)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean(self):
        data = super().clean()
        country = data.get("country")
        if (
            country is not None
            and country.code == "SE"
            and not data.get("org_number")
            and "org_number" not in self.errors
        ):
            self.add_error(
                "org_number",
                _(
                    "A Swedish company needs its organisation number; leave it empty only "
                    "for a foreign company and choose its country."
                ),
            )
        return data

    def service_fields(self) -> CompanyFields:
        data = self.cleaned_data
        return CompanyFields(
            name=data["name"].strip(),
            org_number=data["org_number"],
            country_id=data["country"].code,
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            sni_id=data["sni"].pk if data.get("sni") else None,
            employees=data.get("employees"),
        )


class CompanyFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    subregion = forms.ModelChoiceField(
        label=_("Subregion"),
        queryset=Subregion.objects.all(),
        required=False,
        empty_label=_("All subregions"),
        to_field_name="slug",
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(subregion__isnull=False),
        required=False,
        empty_label=_("All municipalities"),
    )
    sni = forms.ModelChoiceField(
        label=_("Industry (SNI section)"),
        queryset=SniCode.objects.filter(level=SniCode.Level.SECTION),
        required=False,
        empty_label=_("All industries"),
    )
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", _("All sizes")), *SizeClass.choices], required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def filters(self) -> dict:
        """Selector arguments; an invalid value (a stale link) is ignored, not an error."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "subregion": data["subregion"].pk if data.get("subregion") else "",
            "municipality": data["municipality"].pk if data.get("municipality") else "",
            "sni": data["sni"].pk if data.get("sni") else "",
            "size": data.get("size") or "",
            "sort": data.get("sort") or "name",
        }


SEARCH_MAX_LENGTH = 100  # longer text is cut, as the search field takes no more


class CompanySearchForm(Form):
    """The company search's query parameters: the text typed (`q`, or `company_query` from a
    form that picks a company without JavaScript) and the name of the field the results
    are picked into (`pick`); and the name a new company's form starts with (`name`, when a
    search found nothing)."""

    q = forms.CharField(required=False)
    company_query = forms.CharField(required=False)
    name = forms.CharField(required=False)
    pick = forms.CharField(required=False, validators=[RegexValidator(r"^[-_a-zA-Z0-9]{1,40}\Z")])

    def filters(self) -> dict:
        data = accepted(self)
        query = (data.get("q") or "").strip() or (data.get("company_query") or "").strip()
        return {
            "query": query[:SEARCH_MAX_LENGTH],
            "pick": data.get("pick") or "",
            "name": (data.get("name") or "")[:200],
        }


class ContactForm(ModelForm):
    class Meta:
        model = CompanyContact
        fields = ["name", "role", "email", "phone", "consent", "consent_date"]
        widgets = {"consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "consent_date": _("Left empty, today's date is used when consent is given."),
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("consent") and not data.get("consent_date"):
            data["consent_date"] = timezone.localdate()  # as the service dates it
        return data

    def fields_value(self) -> ContactFields:
        data = self.cleaned_data
        return ContactFields(**{name: data[name] for name in self.Meta.fields})


class CompanyMergeForm(Form):
    """The other company of a merge: found by a search (q), then chosen (other)."""

    q = forms.CharField(
        label=_("Name or organisation number of the other record"), required=False, max_length=100
    )
    other = IdField()

    def filters(self) -> dict:
        data = accepted(self)
        return {"query": (data.get("q") or "").strip(), "other": data.get("other")}
