from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kompetensnav.network.models import Organisation

from .acting import acting_affiliation
from .enums import Role
from .rules import is_coordinator


def _role_choices(actor) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in Role.choices
        if value != Role.COORDINATOR or is_coordinator(actor)
    ]


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(actor)
        if is_coordinator(actor):
            self.fields["organisation"].queryset = Organisation.objects.order_by("name")
            self.fields["organisation"].initial = acting_affiliation(actor).organisation_id
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk=acting_affiliation(actor).organisation_id
            )
            self.fields["organisation"].initial = acting_affiliation(actor).organisation_id
            self.fields["organisation"].widget = forms.HiddenInput()


class AffiliationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Untick to take away this person's access to the organisation."),
    )

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(actor)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What the token is for, e.g. the name of the system that uses it."),
    )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form without the placeholders (the labels say it) and without the
    reset link squeezed into the password's help text (the page shows it beside the button)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
