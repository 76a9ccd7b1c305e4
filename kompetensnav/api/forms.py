from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompetensnav.common.forms import Form

from .models import WebhookEvent


class WebhookForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system it is, e.g. the name of your course administration."),
    )
    url = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_("Where the events are posted, e.g. https://system.example.se/kompetensnav."),
        widget=forms.URLInput,
    )
    events = forms.MultipleChoiceField(
        label=pgettext_lazy("webhook", "Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )


class WebhookEditForm(WebhookForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A paused webhook is told of nothing; events meanwhile are not kept."),
    )
