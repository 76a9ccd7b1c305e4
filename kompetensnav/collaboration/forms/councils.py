"""Forms of industry councils: the council, members, meetings, decisions, action items,
and the council list's filters."""

from typing import Any

from django import forms
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompetensnav.common.filters import accepted
from kompetensnav.common.forms import Form
from kompetensnav.reference.models import Municipality, SniCode, Subregion

from ..enums import ActionStatus, CouncilKind
from ..models import Actor, Council, CouncilMember, Meeting
from ..services.councils import ActionFields, CouncilFields, MeetingFields, MemberFields

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def sni_choices() -> Any:
    return SniCode.objects.order_by("code")


class CouncilForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    industry = forms.ModelChoiceField(
        label=_("Industry (SNI)"),
        queryset=SniCode.objects.none(),
        help_text=_("A section (a letter) or a division (two digits)."),
    )
    subregion = forms.ModelChoiceField(label=_("Subregion"), queryset=Subregion.objects.all())
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(subregion__isnull=False),
        required=False,
        empty_label=_("The whole subregion"),
        help_text=_("Where the council meets, if it belongs to one municipality."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CouncilKind.choices,
        initial=CouncilKind.STANDING,
        widget=forms.RadioSelect,
    )
    started = forms.DateField(label=_("Started"), widget=DATE_WIDGET)
    ends = forms.DateField(
        label=_("Ends"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Required for a temporary council, set up for an acute shortage."),
    )
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, council: Council | None = None, **kwargs: Any) -> None:
        if council is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": council.name,
                    "industry": council.industry_id,
                    "subregion": council.subregion_id,
                    "municipality": council.municipality_id,
                    "kind": council.kind,
                    "started": council.started,
                    "ends": council.ends,
                    "purpose": council.purpose,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = sni_choices()

    def council_fields(self) -> CouncilFields:
        return CouncilFields(**self.cleaned_data)


class CouncilFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
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
    current = forms.BooleanField(label=_("Only current councils"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = sni_choices()

    def filters(self) -> dict[str, Any]:
        data = accepted(self)
        return {
            "q": (data.get("q") or "").strip(),
            "industry": data["industry"].pk if data.get("industry") else None,
            "subregion": data["subregion"].pk if data.get("subregion") else None,
            "current_only": bool(data.get("current")),
        }


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Actor) -> str:
        return obj.name


def actor_choices() -> Any:
    return (
        Actor.objects.select_related("organisation", "company")
        .annotate(sort_name=Coalesce("organisation__name", "company__name", Value("")))
        .order_by("sort_name", "pk")
    )


class MemberForm(Form):
    actor = ActorChoiceField(
        label=_("Actor"),
        queryset=Actor.objects.none(),
        help_text=_("The organisation or company the person represents on the council."),
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_(
            "Reminders of action items go here. A user with this address sees the council."
        ),
    )
    title = forms.CharField(label=_("Role"), max_length=100, required=False)
    is_chair = forms.BooleanField(
        label=_("Chair"),
        required=False,
        help_text=_("The chair manages the council. A new chair takes over from the old one."),
    )

    def __init__(self, *args: Any, member: CouncilMember | None = None, **kwargs: Any) -> None:
        if member is not None:
            kwargs.setdefault(
                "initial",
                {
                    "actor": member.actor_id,
                    "name": member.name,
                    "email": member.email,
                    "title": member.title,
                    "is_chair": member.is_chair,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actor_choices()

    def member_fields(self) -> MemberFields:
        return MemberFields(**self.cleaned_data)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CouncilMember) -> str:
        return obj.name


class MeetingForm(Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME_WIDGET)
    place = forms.CharField(
        label=pgettext_lazy("where a meeting is held", "Place"), max_length=200, required=False
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea)
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Decisions and action items are added on the meeting's page."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=CouncilMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, council: Council, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "starts_at": meeting.starts_at,
                    "ends_at": meeting.ends_at,
                    "place": meeting.place,
                    "agenda": meeting.agenda,
                    "minutes": meeting.minutes,
                    "attendees": list(meeting.attendees.values_list("pk", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        attendees = self.fields["attendees"]
        attendees.queryset = council.members.order_by("name")
        attendees.label_from_instance = lambda member: member.name

    def meeting_fields(self) -> MeetingFields:
        data = dict(self.cleaned_data)
        data["attendees"] = list(data["attendees"])
        return MeetingFields(**data)


class DecisionForm(Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = MemberChoiceField(label=_("Owner"), queryset=CouncilMember.objects.none())
    due = forms.DateField(label=_("Due"), widget=DATE_WIDGET)
    meeting = forms.ModelChoiceField(
        label=_("Decided at"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.OPEN
    )

    def __init__(self, *args: Any, council: Council, action: Any = None, **kwargs: Any) -> None:
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": action.title,
                    "owner": action.owner_id,
                    "due": action.due,
                    "meeting": action.meeting_id,
                    "status": action.status,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = council.members.order_by("name")
        meeting = self.fields["meeting"]
        meeting.queryset = council.meetings.order_by("-starts_at")
        meeting.label_from_instance = lambda m: timezone.localtime(m.starts_at).strftime(
            "%Y-%m-%d %H:%M"
        )

    def action_fields(self) -> ActionFields:
        return ActionFields(**self.cleaned_data)


class ActionStatusForm(Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
