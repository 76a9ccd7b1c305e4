"""Forms of the strategic cycle: priorities, initiatives, the links of an initiative, and the
filters of the initiative list and the year's report."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompetensnav.campus.models import Course
from kompetensnav.campus.selectors import visible_courses
from kompetensnav.common.filters import IdField, accepted
from kompetensnav.common.forms import Form
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Event
from kompetensnav.projects.models import Project
from kompetensnav.reference.models import Subregion
from kompetensnav.reports.models import CompetenceReport
from kompetensnav.visits.models import Need

from ..enums import InitiativeKind, InitiativeStatus, Origin
from ..models import Actor, Decision, Initiative, Priority
from ..selectors import initiatives as selectors
from ..services.initiatives import (
    MAX_YEAR,
    MIN_YEAR,
    OUTCOMES,
    InitiativeFields,
    PriorityFields,
)
from .councils import DATE_WIDGET, ActorChoiceField

SORT_CHOICES = [
    ("-created", _("Newest first")),
    ("title", _("Title A–Ö")),
    ("-title", _("Title Ö–A")),
    ("start", _("Start, earliest first")),
    ("-start", _("Start, latest first")),
    ("status", _("Status")),
]


class ActorsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Actor) -> str:
        return obj.name


class AnalysisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CompetenceReport) -> str:
        return f"{obj.region_name} {obj.date_from:%Y-%m-%d} – {obj.date_to:%Y-%m-%d}"


class PriorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Priority) -> str:
        region = obj.subregion.name if obj.subregion else _("The whole network")
        return f"{obj.year} · {region} · {obj.rank}. {obj.title}"


def year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


class PriorityForm(Form):
    year = year_field(label=_("Year"))
    subregion = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Subregion.objects.all(),
        required=False,
        empty_label=_("The whole network"),
    )
    rank = forms.IntegerField(
        label=_("Rank"), min_value=1, max_value=99, initial=1, help_text=_("1 comes first.")
    )
    title = forms.CharField(label=_("Priority"), max_length=200)
    rationale = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What in the competence analysis this answers."),
    )
    area = forms.ModelChoiceField(
        label=_("Competence area"),
        queryset=CompetenceArea.objects.order_by("name"),
        required=False,
        empty_label=_("No one area"),
    )
    analysis = AnalysisChoiceField(
        label=_("From the competence analysis"),
        queryset=CompetenceReport.objects.order_by("-date_to", "-pk"),
        required=False,
        empty_label=_("None chosen"),
    )
    decided_by = ActorChoiceField(
        label=_("Decided by"),
        queryset=Actor.objects.none(),
        required=False,
        empty_label=_("Not stated"),
        help_text=_("An actor at the strategic level."),
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, priority: Priority | None = None, **kwargs: Any) -> None:
        if priority is not None:
            kwargs.setdefault(
                "initial",
                {
                    "year": priority.year,
                    "subregion": priority.subregion_id,
                    "rank": priority.rank,
                    "title": priority.title,
                    "rationale": priority.rationale,
                    "area": priority.area_id,
                    "analysis": priority.analysis_id,
                    "decided_by": priority.decided_by_id,
                    "decided_on": priority.decided_on,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = selectors.strategic_actors()

    def priority_fields(self) -> PriorityFields:
        return PriorityFields(**self.cleaned_data)


class YearForm(Form):
    year = year_field(label=_("Year"), required=False)

    def chosen_year(self) -> int:
        return accepted(self).get("year") or timezone.localdate().year


class InitiativeForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=InitiativeKind.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=InitiativeStatus.choices, initial=InitiativeStatus.IDEA
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner = ActorChoiceField(
        label=_("Owner"),
        queryset=Actor.objects.none(),
        help_text=_("The actor who leads the initiative."),
    )
    actors = ActorsChoiceField(
        label=_("Actors involved"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("End"), required=False, widget=DATE_WIDGET)
    origin = forms.ChoiceField(
        label=_("Starts from"),
        choices=Origin.choices,
        initial=Origin.NEEDS,
        widget=forms.RadioSelect,
    )
    priority = PriorityChoiceField(
        label=_("Strategic priority"),
        queryset=Priority.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    need_groups = forms.MultipleChoiceField(
        label=_("Needs without an offer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Groups of the unmet-needs list, most companies first: their needs are linked to the "
            "initiative. More needs can be linked on the initiative's page."
        ),
    )

    def __init__(
        self,
        *args: Any,
        initiative: Initiative | None = None,
        decision_text: str = "",
        **kwargs: Any,
    ) -> None:
        if initiative is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": initiative.title,
                    "kind": initiative.kind,
                    "status": initiative.status,
                    "description": initiative.description,
                    "owner": initiative.owner_id,
                    "actors": [a.pk for a in initiative.actors.all()],
                    "start": initiative.start,
                    "end": initiative.end,
                    "origin": initiative.origin,
                    "priority": initiative.priority_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.decision_text = decision_text
        self.fields["owner"].queryset = selectors.actor_choices()
        self.fields["actors"].queryset = selectors.actor_choices()
        self.fields["priority"].queryset = Priority.objects.select_related("subregion").order_by(
            "-year", "subregion__name", "rank", "pk"
        )
        if initiative is not None:
            # needs are linked and unlinked on the initiative's page
            del self.fields["need_groups"]
        else:
            groups = selectors.unmet_need_groups()
            self.fields["need_groups"].choices = [
                (selectors.group_key(g), _group_label(g)) for g in groups
            ]
            if not groups:
                del self.fields["need_groups"]

    def initiative_fields(self, *, decision: Any = None) -> InitiativeFields:
        data = dict(self.cleaned_data)
        data.pop("need_groups", None)
        data["actors"] = list(data["actors"])
        return InitiativeFields(**data, decision=decision)


def _group_label(group: dict) -> str:
    subregion = group["visit__company__municipality__subregion__name"] or _("Not stated")
    return _("%(area)s · %(subregion)s · %(companies)s companies, %(needs)s needs") % {
        "area": group["area__name"],
        "subregion": subregion,
        "companies": group["companies"],
        "needs": group["needs"],
    }


class InitiativeFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *InitiativeStatus.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *InitiativeKind.choices], required=False
    )
    owner = ActorChoiceField(
        label=pgettext_lazy("initiative filter", "Actor"),
        queryset=Actor.objects.none(),
        required=False,
        empty_label=_("All actors"),
    )
    year = year_field(label=_("Year"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.actor_choices()

    def filters(self) -> dict[str, Any]:
        data = accepted(self)
        return {
            "q": (data.get("q") or "").strip(),
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "owner": data["owner"].pk if data.get("owner") else None,
            "year": data.get("year"),
            "sort": data.get("sort") or "-created",
        }


class LinkSearchForm(Form):
    """Find a course, project or event to link to an initiative."""

    kind = forms.ChoiceField(
        label=_("What"),
        choices=[
            ("course", _("Course")),
            ("project", _("Project")),
            ("event", _("Event")),
        ],
        initial="course",
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def search(self) -> tuple[str, str]:
        data = accepted(self)
        return data.get("kind") or "course", (data.get("q") or "").strip()


class InitiativeStartForm(Form):
    """What a new initiative starts from, given in the address: a priority, a council
    decision, or a group of the unmet-needs list (area, subregion, horizon)."""

    priority = IdField()
    decision = IdField()
    area = IdField()
    subregion = forms.CharField(required=False, max_length=10)
    horizon = forms.CharField(required=False, max_length=5)

    def origin(self) -> dict[str, Any]:
        return accepted(self)

    def start_values(self, decision: Decision | None) -> dict[str, Any]:
        data = self.origin()
        initial: dict[str, Any] = {"status": InitiativeStatus.IDEA}
        if decision is not None:
            initial.update(origin=Origin.DECISION, kind=InitiativeKind.COUNCIL)
        elif data.get("priority"):
            initial.update(origin=Origin.PRIORITY, priority=data["priority"])
        if data.get("area"):
            initial["need_groups"] = [
                selectors.group_key(
                    {
                        "area_id": data["area"],
                        "visit__company__municipality__subregion_id": data.get("subregion"),
                        "horizon": data.get("horizon"),
                    }
                )
            ]
        return initial


class LinkForm(Form):
    """A course, project, event or need to link to an initiative or unlink from it."""

    kind = forms.ChoiceField(choices=[(k, k) for k in OUTCOMES])
    target = IdField(required=True)

    def __init__(self, *args: Any, actor: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.initiative = actor, initiative

    def chosen_kind(self) -> str:
        return self.cleaned_data.get("kind", "") if hasattr(self, "cleaned_data") else ""

    def chosen(self) -> Course | Project | Event | Need | None:
        """The object named, if it exists (a course: one the user may read; a need: one the
        initiative links)."""
        kind, pk = self.cleaned_data["kind"], self.cleaned_data["target"]
        found: Any
        if kind == "course":
            found = visible_courses(actor=self.actor)
        elif kind == "need":
            found = self.initiative.needs.all()
        else:
            found = OUTCOMES[kind]._default_manager.all()
        return found.filter(pk=pk).first()
