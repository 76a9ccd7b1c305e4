import types
from datetime import date

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.recovery_codes import forms as mfa_recovery_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from allauth.mfa.webauthn import forms as mfa_webauthn_forms
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.forms import Form, TextFieldsMixin

from .acting import acting_affiliation
from .enums import Role, TokenScope, scopes_for
from .models import Affiliation
from .rules import is_coordinator

# The organisations a role can be in: network's Organisation, reached through the relation
# (accounts sits below network and does not import it; docs/architecture.md, import graph).
Organisation = Affiliation._meta.get_field("organisation").related_model


def _role_choices(actor) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in Role.choices
        if value != Role.COORDINATOR or is_coordinator(actor)
    ]


class InviteForm(Form):
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


class AffiliationForm(Form):
    role = forms.ChoiceField(label=_("Role"))
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Untick to take away this person's access to the organisation."),
    )

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(actor)


class ProfileForm(Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What the token is for, e.g. the name of the system that uses it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("The token may"),
        choices=TokenScope.choices,
        initial=[TokenScope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what your role may do as well. Give a system no more than it needs: most "
            "only read."
        ),
        error_messages={"required": _("Choose at least one thing the token may do.")},
    )
    expires_on = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The token stops working after this day. Leave empty to keep it until revoked."
        ),
    )

    def __init__(self, *args, role: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if role is not None:
            self.fields["scopes"].choices = scopes_for(role)

    def clean_expires_on(self) -> date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return day


class PeopleFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )


class LoginForm(TextFieldsMixin, allauth_forms.LoginForm):
    """allauth's login form without the placeholders (the labels say it) and without the
    reset link squeezed into the password's help text (the page shows it beside the button)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""


# allauth's other forms with the project's text protection (see common.forms). Every form
# allauth lets a setting replace is replaced, in ACCOUNT_FORMS and MFA_FORMS (the settings),
# also for features that are off, so that turning one on cannot forget it;
# common/tests/test_control_characters.py fails for a form key allauth adds later.


def _protected(name: str, base: type[forms.Form]) -> type[forms.Form]:
    def body(namespace: dict) -> None:
        namespace["__module__"] = __name__
        namespace["__doc__"] = f"allauth's {base.__name__}, its text fields protected."

    return types.new_class(name, (TextFieldsMixin, base), exec_body=body)


SignupForm = _protected("SignupForm", allauth_forms.SignupForm)
AddEmailForm = _protected("AddEmailForm", allauth_forms.AddEmailForm)
ChangeEmailForm = _protected("ChangeEmailForm", allauth_forms.ChangeEmailForm)
ConfirmEmailVerificationCodeForm = _protected(
    "ConfirmEmailVerificationCodeForm", allauth_forms.ConfirmEmailVerificationCodeForm
)
ChangePasswordForm = _protected("ChangePasswordForm", allauth_forms.ChangePasswordForm)
SetPasswordForm = _protected("SetPasswordForm", allauth_forms.SetPasswordForm)
ResetPasswordForm = _protected("ResetPasswordForm", allauth_forms.ResetPasswordForm)
ResetPasswordKeyForm = _protected("ResetPasswordKeyForm", allauth_forms.ResetPasswordKeyForm)
ConfirmPasswordResetCodeForm = _protected(
    "ConfirmPasswordResetCodeForm", allauth_forms.ConfirmPasswordResetCodeForm
)
UserTokenForm = _protected("UserTokenForm", allauth_forms.UserTokenForm)
ReauthenticateForm = _protected("ReauthenticateForm", allauth_forms.ReauthenticateForm)
RequestLoginCodeForm = _protected("RequestLoginCodeForm", allauth_forms.RequestLoginCodeForm)
ConfirmLoginCodeForm = _protected("ConfirmLoginCodeForm", allauth_forms.ConfirmLoginCodeForm)
ChangePhoneForm = _protected("ChangePhoneForm", allauth_forms.ChangePhoneForm)
VerifyPhoneForm = _protected("VerifyPhoneForm", allauth_forms.VerifyPhoneForm)

MfaAuthenticateForm = _protected("MfaAuthenticateForm", mfa_base_forms.AuthenticateForm)
MfaReauthenticateForm = _protected("MfaReauthenticateForm", mfa_base_forms.ReauthenticateForm)
ActivateTOTPForm = _protected("ActivateTOTPForm", mfa_totp_forms.ActivateTOTPForm)
DeactivateTOTPForm = _protected("DeactivateTOTPForm", mfa_totp_forms.DeactivateTOTPForm)
GenerateRecoveryCodesForm = _protected(
    "GenerateRecoveryCodesForm", mfa_recovery_forms.GenerateRecoveryCodesForm
)
AuthenticateWebAuthnForm = _protected(
    "AuthenticateWebAuthnForm", mfa_webauthn_forms.AuthenticateWebAuthnForm
)
AddWebAuthnForm = _protected("AddWebAuthnForm", mfa_webauthn_forms.AddWebAuthnForm)
LoginWebAuthnForm = _protected("LoginWebAuthnForm", mfa_webauthn_forms.LoginWebAuthnForm)
ReauthenticateWebAuthnForm = _protected(
    "ReauthenticateWebAuthnForm", mfa_webauthn_forms.ReauthenticateWebAuthnForm
)
EditWebAuthnForm = _protected("EditWebAuthnForm", mfa_webauthn_forms.EditWebAuthnForm)
SignupWebAuthnForm = _protected("SignupWebAuthnForm", mfa_webauthn_forms.SignupWebAuthnForm)
