from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.filters import accepted
from kompetensnav.common.forms import Form

from . import kinds
from .enums import Delivery


class PreferenceForm(Form):
    delivery = forms.ChoiceField(
        label=_("By e-mail"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    wanted = forms.MultipleChoiceField(
        label=_("Tell me about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What you turn off is neither shown nor mailed to you."),
    )

    def __init__(self, *args: Any, offered: list[kinds.Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [(kind.code, kind.label) for kind in offered]


class InboxFilterForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args: Any, offered: list[kinds.Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (kind.code, kind.label) for kind in offered
        ]

    def filters(self) -> dict[str, Any]:
        data = accepted(self)
        return {"kind": data.get("kind") or "", "unread": bool(data.get("unread"))}
