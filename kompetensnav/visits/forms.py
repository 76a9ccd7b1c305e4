from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.common.datacache import remember
from kompetensnav.common.filters import FilterDateField, IdField, accepted, id_or_none
from kompetensnav.common.forms import Form
from kompetensnav.common.validators import normalise_org_number
from kompetensnav.companies.forms import SniChoiceField
from kompetensnav.companies.models import Company, SizeClass
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Organisation
from kompetensnav.reference.models import Country, Municipality, SeqfLevel, SniCode, Subregion

from .enums import FollowUpChoice, GapArea, Horizon, PlanStatus
from .models import Need, Visit
from .selectors import DIMENSIONS, NeedFilters
from .services import NeedData, NewCompany

DATE_WIDGET = {"type": "date"}
VISITOR_ROLES = [Role.BROKER, Role.ORG_ADMIN, Role.COORDINATOR]


def add_months(day, months: int):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def follow_up_from(choice: str, today):
    return {
        FollowUpChoice.TWO_WEEKS: today + timedelta(weeks=2),
        FollowUpChoice.THREE_WEEKS: today + timedelta(weeks=3),
        FollowUpChoice.ONE_MONTH: add_months(today, 1),
    }.get(choice)


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


def colleagues(organisation_id: int | None):
    """People of the organisation who log visits (the choices of "visited by")."""
    users = Affiliation.objects.active().filter(
        organisation_id=organisation_id, role__in=VISITOR_ROLES
    )
    return get_user_model().objects.filter(pk__in=users.values("user_id")).order_by("full_name")


def running_projects() -> QuerySet:
    """Projects a visit can belong to: those not ended more than a year ago. Projects sits
    above visits, so the model is reached through Visit.project (docs/architecture.md)."""
    since = timezone.localdate() - timedelta(days=365)
    projects = Visit._meta.get_field("project").related_model.objects
    return projects.filter(Q(end__isnull=True) | Q(end__gte=since)).order_by("name")


class VisitForm(Form):
    """The visit itself. The company is either picked (`company`, from a search) or new
    (`new_name`, `new_org_number`, `new_municipality`). Unposted, the form is filled from
    the visit being edited, or for a new visit with today, the user and the company the
    page was opened for."""

    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=Company.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    company_query = forms.CharField(
        label=_("Find the company"),
        required=False,
        max_length=100,
        help_text=_("Type part of the name or the organisation number."),
    )
    new_name = forms.CharField(label=_("Company name"), required=False, max_length=200)
    new_org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("NNNNNN-NNNN"),
    )
    new_municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Choose a municipality"),
    )
    date = forms.DateField(label=_("Date of the visit"), widget=forms.DateInput(DATE_WIDGET))
    # shown when the service asks (services.visit_log): "did you mean the company already
    # registered under this number?" and "a visit that day is already logged"
    existing_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    duplicate_confirmed = forms.BooleanField(
        label=_("Yes, this is another visit that day"), required=False, widget=forms.HiddenInput
    )
    visited_by = UserChoices(
        label=_("Visited by"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    also_present = forms.CharField(
        label=_("Also present"),
        required=False,
        max_length=300,
        help_text=_("Others at the visit, e.g. the company's production manager."),
    )
    advice = forms.CharField(
        label=_("Advice given"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only your organisation and the network's coordinators can read them."),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=None,
        required=False,
        empty_label=_("No project"),
        help_text=_("When the visit is part of a project, e.g. an ESF project."),
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        choices=FollowUpChoice.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    follow_up_date = forms.DateField(
        label=_("Follow-up date"), required=False, widget=forms.DateInput(DATE_WIDGET)
    )

    def __init__(
        self,
        *args,
        organisation_id: int | None = None,
        visit: Visit | None = None,
        user=None,
        company_id: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial:
            self.initial = self.prefill(visit=visit, user=user, company_id=company_id)
        self.fields["visited_by"].queryset = colleagues(organisation_id)
        self.fields["project"].queryset = running_projects()
        self.fields["company_query"].widget.attrs.update(
            {"autocomplete": "off", "type": "search", "enterkeyhint": "search"}
        )
        self.fields["company_query"].widget.input_type = "search"
        self.fields["new_org_number"].widget.attrs.update({"inputmode": "numeric"})

    @staticmethod
    def prefill(*, visit: Visit | None, user=None, company_id: int | None = None) -> dict:
        if visit is None:
            return {
                "date": timezone.localdate(),
                "visited_by": [user] if user is not None else [],
                "company": company_id,
            }
        return {
            "company": visit.company_id,
            "date": visit.date,
            "visited_by": list(visit.visited_by.all()),
            "also_present": visit.also_present,
            "notes": visit.notes,
            "advice": visit.advice,
            "follow_up": "date" if visit.follow_up_date else "",
            "follow_up_date": visit.follow_up_date,
            "project": visit.project_id,
        }

    def ask_to_confirm(self, codes: set[str], params: dict) -> None:
        """Show the boxes the service asked for, after it refused the visit."""
        if "existing_company" in codes:
            field = self.fields["existing_confirmed"]
            field.widget = forms.CheckboxInput()
            field.label = _("Yes, the visit was at %(name)s (%(number)s)") % params
        if "duplicate_visit" in codes:
            self.fields["duplicate_confirmed"].widget = forms.CheckboxInput()

    def chosen_company(self) -> Company | None:
        """The company picked (posted), or the one the form was filled with."""
        pk = id_or_none(self.data.get("company")) if self.is_bound else self.initial.get("company")
        if pk is None:
            return None
        return Company.objects.select_related("municipality").filter(pk=pk).first()

    def company_search_text(self) -> str:
        """The search typed for the company (the no-JavaScript way to find it)."""
        if not self.is_bound:
            return ""
        return (self.data.get("company_query") or "").strip()[:100]

    def visit_fields(self) -> dict:
        """The cleaned visit as visit_log/visit_update take it (without needs and answers):
        a new company is a NewCompany, which the service makes in the visit's transaction."""
        data = self.cleaned_data
        company = data.get("company")
        if company is None:
            municipality = data.get("new_municipality")
            company = NewCompany(
                name=data["new_name"],
                org_number=data["new_org_number"],
                municipality_code=municipality.pk if municipality else None,
                existing_confirmed=bool(data.get("existing_confirmed")),
            )
        return {
            "company": company,
            "date": data["date"],
            "visited_by": list(data.get("visited_by") or []),
            "also_present": data.get("also_present", ""),
            "notes": data.get("notes", ""),
            "advice": data.get("advice", ""),
            "follow_up_date": data.get("follow_up_date"),
            "project": data.get("project"),
        }

    def clean_new_org_number(self) -> str:
        value = self.cleaned_data["new_org_number"].strip()
        if not value:
            return ""
        try:
            return normalise_org_number(value)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean(self):
        data = super().clean()
        if not data.get("company") and "company" not in self.errors:
            if data.get("new_name"):
                if not data.get("new_org_number") and "new_org_number" not in self.errors:
                    self.add_error(
                        "new_org_number",
                        _("Give the new company's organisation number (NNNNNN-NNNN)."),
                    )
            elif not self.has_error("new_org_number"):
                self.add_error(
                    "company_query",
                    _("Find the company and choose it, or add it as a new company below."),
                )
        choice = data.get("follow_up") or ""
        if choice == FollowUpChoice.CUSTOM and not data.get("follow_up_date"):
            if "follow_up_date" not in self.errors:
                self.add_error("follow_up_date", _("Give the date of the follow-up."))
        elif choice and choice != FollowUpChoice.CUSTOM:
            data["follow_up_date"] = follow_up_from(choice, timezone.localdate())
        visit_date = data.get("date")
        if data.get("follow_up_date") and visit_date and data["follow_up_date"] < visit_date:
            self.add_error("follow_up_date", _("The follow-up cannot be before the visit."))
        return data


class NeedForm(Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    area = forms.CharField(
        label=_("Competence area"),
        max_length=120,
        help_text=_("e.g. CNC operators, Swedish for work, Customer care"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    horizon = forms.ChoiceField(
        label=_("Time horizon"),
        choices=[("", _("Not stated")), *Horizon.choices],
        required=False,
    )
    employees_affected = forms.IntegerField(
        label=_("Employees affected"), min_value=0, max_value=100000, required=False
    )
    seqf_level = forms.ModelChoiceField(
        label=_("SEQF level"),
        queryset=SeqfLevel.objects.all(),
        required=False,
        empty_label=_("Not stated"),
    )
    gap_area = forms.ChoiceField(
        label=_("Gap area"), choices=[("", _("Not stated")), *GapArea.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.attrs.update({"list": "area-options", "autocomplete": "off"})
        self.fields["employees_affected"].widget.attrs.update({"inputmode": "numeric"})

    def need_data(self) -> NeedData:
        data = self.cleaned_data
        return NeedData(
            pk=data.get("id"),
            area=data["area"],
            description=data.get("description") or "",
            horizon=data.get("horizon") or "",
            employees_affected=data.get("employees_affected"),
            seqf_level=data.get("seqf_level"),
            gap_area=data.get("gap_area") or "",
        )


def need_formset(data=None, *, initial=None, extra: int = 0) -> forms.BaseFormSet:
    """The needs of a visit form. `extra` empty rows are added (one on a new visit)."""
    formset_class = forms.formset_factory(
        NeedForm, extra=extra, can_delete=True, max_num=30, absolute_max=30
    )
    return formset_class(data, initial=initial, prefix="needs")


def visit_needs_formset(visit: Visit | None) -> forms.BaseFormSet:
    """The needs of an unposted visit form: the visit's needs, or one empty row."""
    rows = [
        {
            "id": n.pk,
            "area": n.area.name,
            "description": n.description,
            "horizon": n.horizon,
            "employees_affected": n.employees_affected,
            "seqf_level": n.seqf_level_id,
            "gap_area": n.gap_area,
        }
        for n in (visit.needs.select_related("area").order_by("pk") if visit else [])
    ]
    return need_formset(initial=rows, extra=0 if rows else 1)


def needs_data(needs: forms.BaseFormSet) -> list[NeedData]:
    """The rows of a valid needs formset that are filled in and not deleted."""
    return [
        f.need_data()
        for f in needs.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class FollowUpRescheduleForm(Form):
    on = forms.DateField(label=_("New follow-up date"), widget=forms.DateInput(DATE_WIDGET))


class VisitFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(DATE_WIDGET)
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(DATE_WIDGET))
    mine = forms.BooleanField(label=_("Only my visits"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
            ("company", _("Company A–Ö")),
            ("-needs", _("Most needs first")),
            ("follow_up", _("Next follow-up first")),
        ],
        required=False,
    )

    @classmethod
    def field_names(cls, *, all_organisations: bool = False) -> list[str]:
        """The names of the fields such a form has, without making it (its choices of
        organisations cost a query)."""
        extra = "organisation" if all_organisations else "routed"
        return [*cls.base_fields, extra]

    def __init__(self, *args, all_organisations: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not all_organisations:  # other members' visits routed to this organisation
            self.fields["routed"] = forms.BooleanField(
                label=_("Only other members' visits in our municipalities"), required=False
            )
        if all_organisations:  # a coordinator reads every organisation's visits
            self.fields["organisation"] = forms.TypedChoiceField(
                label=_("Organisation"),
                choices=[("", _("All organisations")), *visiting_organisation_choices()],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "mine": bool(data.get("mine")),
            "routed": bool(data.get("routed")),
            "organisation": data.get("organisation") or None,
            "sort": data.get("sort") or "-date",
        }


class VisitStartForm(Form):
    """The query parameters of the page that logs a visit: the plan entry it carries out
    (`plan`) or the company it is about (`company`, from the company page)."""

    plan = IdField()
    company = IdField()

    def filters(self) -> dict:
        data = accepted(self)
        return {"plan": data.get("plan"), "company": data.get("company")}


class PlanItemForm(Form):
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.all(), widget=forms.HiddenInput
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    owner = forms.ModelChoiceField(
        label=_("Responsible"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(DATE_WIDGET)
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues(organisation_id)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.email


class PlanFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("open", _("Planned or booked")), ("", _("All")), *PlanStatus.choices],
        required=False,
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") if self.is_bound else "open"
        return {"status": status or ""}


class DashboardFilterForm(Form):
    date_from = FilterDateField(
        label=_("From"), required=False, widget=forms.DateInput(DATE_WIDGET)
    )
    date_to = FilterDateField(label=_("To"), required=False, widget=forms.DateInput(DATE_WIDGET))
    sni = SniChoiceField(
        label=_("Industry (SNI)"),
        queryset=SniCode.objects.order_by("code"),
        required=False,
        empty_label=_("All industries"),
    )
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
    size = forms.ChoiceField(
        label=_("Company size"), choices=[("", _("All sizes")), *SizeClass.choices], required=False
    )
    horizon = forms.ChoiceField(
        label=_("Time horizon"), choices=[("", _("All horizons")), *Horizon.choices], required=False
    )
    gap_area = forms.ChoiceField(
        label=_("Gap area"), choices=[("", _("All gap areas")), *GapArea.choices], required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Broker organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
    )
    area = forms.ModelChoiceField(
        label=_("Competence area"),
        queryset=CompetenceArea.objects.none(),
        required=False,
        empty_label=_("All areas"),
    )
    seqf_level = forms.ModelChoiceField(
        label=_("SEQF level"),
        queryset=SeqfLevel.objects.all(),
        required=False,
        empty_label=_("All levels"),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        empty_label=_("All countries"),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Organisation.objects.none(),  # set in __init__: projects of visits
        required=False,
        empty_label=_("All projects"),
    )
    # the needs analysis as the user left it, for the need list's way back
    back = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        # only what the data uses is worth offering: the industries (each section before its
        # divisions), municipalities and countries of the companies in the register, the
        # organisations and projects that logged visits, the areas that needs name. Each is
        # found from the small table, asking the large one whether a row exists (an index
        # probe per option); the companies' places are kept until a company changes, so a
        # visit recorded does not have them found again.
        self.places = places = register_places()
        self.fields["sni"].queryset = (
            SniCode.objects.filter(code__in=places["sni"])
            .annotate(section=Coalesce("parent_id", "code"))
            .order_by("section", "-level", "code")
        )
        self.fields["municipality"].queryset = Municipality.objects.filter(
            code__in=places["municipality"]
        ).order_by("name")
        self.fields["organisation"].queryset = visiting_organisations().order_by("name")
        self.fields["area"].queryset = CompetenceArea.objects.filter(
            Exists(Need.objects.filter(area=OuterRef("pk")))
        ).order_by("name")
        self.fields["seqf_level"].label_from_instance = lambda level: str(level)
        self.fields["country"].queryset = Country.objects.filter(
            code__in=places["country"]
        ).order_by("name_sv")
        projects = Visit._meta.get_field("project").related_model.objects
        self.fields["project"].queryset = projects.filter(
            Exists(Visit.objects.filter(project=OuterRef("pk")))
        ).order_by("name")

    # what the filter bar's options come from, besides the lists of ids option_ids() gives:
    # their names
    OPTION_SOURCES = ("companies", "reference", "network", "competences", "projects")

    def option_ids(self) -> tuple[tuple[Any, ...], ...]:
        """The ids the filter bar offers, per list: with OPTION_SOURCES, what decides how it
        is drawn (a visit recorded seldom changes them). A query per list that depends on
        visits or needs, by the tables' ids only."""
        return (
            *(tuple(self.places[name]) for name in ("sni", "municipality", "country")),
            *(
                tuple(self.fields[name].queryset.values_list("pk", flat=True))
                for name in ("organisation", "area", "project")
            ),
        )

    def default_period(self):
        today = timezone.localdate()
        return add_months(today, -6), today

    def filters(self):
        # a value the form refuses is no filter; the others still apply
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        start, end = self.default_period()
        date_from = data.get("date_from") or start
        date_to = data.get("date_to") or end
        if date_to < date_from:
            date_from, date_to = date_to, date_from
        return NeedFilters(
            date_from=date_from,
            date_to=date_to,
            sni=data["sni"].pk if data.get("sni") else "",
            subregion=data["subregion"].pk if data.get("subregion") else "",
            municipality=data["municipality"].pk if data.get("municipality") else "",
            size=data.get("size") or "",
            horizon=data.get("horizon") or "",
            gap_area=data.get("gap_area") or "",
            organisation=data["organisation"].pk if data.get("organisation") else None,
            area=data["area"].pk if data.get("area") else None,
            seqf_level=data["seqf_level"].pk if data.get("seqf_level") else None,
            country=data["country"].pk if data.get("country") else "",
            project=data["project"].pk if data.get("project") else None,
        )


class NeedAnalysisForm(Form):
    """How the needs analysis shows the needs: the breakdown's dimension and the trend's
    step. An unknown value falls back to the default."""

    by = forms.ChoiceField(
        label=_("Break down by"),
        choices=[(key, d.label) for key, d in DIMENSIONS.items()],
        required=False,
    )
    step = forms.ChoiceField(
        label=_("Trend per"),
        choices=[("quarter", _("Quarter")), ("year", _("Year"))],
        required=False,
    )

    def choices(self) -> tuple[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("by") or "area", data.get("step") or "quarter"


def register_places() -> dict[str, list[str]]:
    """The industries (the SNI codes of companies in the register and their sections),
    municipalities and countries of the companies in the register: each asked of the
    companies' indexes, one probe per code. Kept until a company or the reference data
    changes."""

    def used(**by: OuterRef) -> Exists:
        return Exists(Company.objects.filter(**by))

    def compute() -> dict[str, list[str]]:
        return {
            "sni": list(
                SniCode.objects.filter(
                    used(sni=OuterRef("code")) | used(sni__parent=OuterRef("code"))
                ).values_list("code", flat=True)
            ),
            "municipality": list(
                Municipality.objects.filter(used(municipality=OuterRef("code"))).values_list(
                    "code", flat=True
                )
            ),
            "country": list(
                Country.objects.filter(used(country=OuterRef("code"))).values_list(
                    "code", flat=True
                )
            ),
        }

    return remember("visits:register-places", (), compute, apps=("companies", "reference"))


def visiting_organisations() -> QuerySet[Organisation]:
    """The organisations that have logged visits: each asked whether a visit of theirs
    exists (by the index of an organisation's visits), not every visit read."""
    return Organisation.objects.filter(Exists(Visit.objects.filter(organisation=OuterRef("pk"))))


def visiting_organisation_choices() -> list[tuple[int, str]]:
    """The organisations that have logged visits, by name, for the visit list's filter: kept
    until a visit or an organisation changes (finding them scans every visit, on each visit
    list a coordinator opens: 9 ms at a tenth of a country)."""
    return remember(
        "visits:visiting-organisations",
        (),
        lambda: list(visiting_organisations().order_by("name").values_list("pk", "name")),
        apps=("visits", "network"),
    )
