from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kompetensnav.common.forms import Form

from .registry import AUDITED


def _model_choices() -> list[tuple[str, str]]:
    choices = []
    for label in sorted(AUDITED):
        model = apps.get_model(label)
        choices.append(
            (
                f"{model._meta.app_label}.{model._meta.model_name}",
                str(model._meta.verbose_name).capitalize(),
            )
        )
    return [("", _("All kinds of record")), *choices]


class LogFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Who or what"))
    model = forms.ChoiceField(label=_("Kind of record"), required=False)
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = _model_choices()
