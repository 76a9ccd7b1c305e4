"""Control characters in user input (issue 10, point 3): every single-line text field of a
form or a model refuses them with a clear message; multi-line fields keep line breaks and
tabs. (Output: test_safe_output.py.)

The walkers here fail when a form class, an allauth form or a model text field is added
without the protection."""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from kompetensnav.accounts.enums import Role
from kompetensnav.common.forms import Form, ModelForm, TextFieldsMixin
from kompetensnav.common.validators import (
    validate_multi_line,
    validate_single_line,
)
from kompetensnav.network.models import Contact


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages in the source language, so the tests read them as written; pages fetched
    through the test client still get the user's language (Swedish)."""
    with translation.override("en"):
        yield


# One of each kind: the C0 line breaks, tab, escape, DEL, a C1 control (NEL), the Unicode
# line and paragraph separators.
CONTROLS = ["\r\n", "\n", "\r", "\t", "\x0b", "\x0c", "\x1b", "\x00", "\x7f", "\x85", "\u2028"]
BEYOND_LINES = ["\x0b", "\x0c", "\x1b", "\x00", "\x7f", "\x85", "\u2028", "\u2029", "\x1c"]


# --- the validators ----------------------------------------------------------------------


@pytest.mark.parametrize("control", CONTROLS)
def test_validate_single_line_control_refused(control):
    with pytest.raises(ValidationError) as info:
        validate_single_line(f"Hotell{control}svenska")
    assert info.value.code == "control_characters"
    assert "one line" in str(info.value.messages[0])


def test_validate_multi_line_line_breaks_and_tabs_allowed():
    validate_multi_line("Rad 1\r\nRad 2\n\tindrag")


@pytest.mark.parametrize("control", BEYOND_LINES)
def test_validate_multi_line_other_control_refused(control):
    with pytest.raises(ValidationError):
        validate_multi_line(f"Rad 1\nRad{control}2")


# --- the form mechanism ------------------------------------------------------------------


class _ExampleForm(Form):
    title = forms.CharField()
    email = forms.EmailField(required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    description = forms.CharField(widget=forms.Textarea, required=False)
    count = forms.IntegerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.CharField(required=False)


@pytest.mark.parametrize("name", ["title", "token", "secret", "added_later"])
def test_form_single_line_field_refuses_control_characters(name):
    form = _ExampleForm({"title": "Kurs", name: "Hotell\r\nsvenska"})
    assert not form.is_valid()
    assert "one line" in form.errors[name][0]


def test_form_email_field_refuses_control_characters():
    form = _ExampleForm({"title": "Kurs", "email": "ali@exam\x1bple.se"})
    assert not form.is_valid()
    assert any("one line" in message for message in form.errors["email"])


def test_form_textarea_keeps_line_breaks_and_tabs():
    form = _ExampleForm({"title": "Kurs", "description": "Rad 1\r\nRad 2\n\tindrag"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["description"] == "Rad 1\r\nRad 2\n\tindrag"


def test_form_textarea_refuses_other_control_characters():
    form = _ExampleForm({"title": "Kurs", "description": "Rad 1\x1b[31m"})
    assert not form.is_valid()
    assert "control characters" in form.errors["description"][0]


def test_form_trailing_line_break_is_trimmed_not_refused():
    form = _ExampleForm({"title": "Hotellsvenska\r\n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Hotellsvenska"


def test_form_cleaned_twice_has_one_validator():
    form = _ExampleForm({"title": "Hotell\nsvenska"})
    form.full_clean()
    form.full_clean()
    assert form.fields["title"].validators.count(validate_single_line) == 1
    assert len(form.errors["title"]) == 1


def test_model_form_field_refuses_control_characters():
    class ContactForm(ModelForm):
        class Meta:
            model = Contact
            fields = ["name", "role"]

    form = ContactForm({"name": "Fia\u2028Färsk", "role": "Rektor"})
    assert not form.is_valid()
    assert len(form.errors["name"]) == 1  # the form's check, not the model's again


def _import_every_module() -> None:
    """Every module of the installed kompetensnav apps (not their tests and migrations)."""
    for app in apps.get_app_configs():
        if not app.name.startswith("kompetensnav."):
            continue
        for module in pkgutil.walk_packages([app.path], f"{app.name}."):
            if ".tests" in module.name or ".migrations" in module.name:
                continue
            importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_project_form_protects_its_text_fields():
    """A new form must derive from common.forms.Form/ModelForm (or mix in
    TextFieldsMixin): its single-line fields then refuse control characters."""
    _import_every_module()
    project_forms = [
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("kompetensnav.") and ".tests." not in cls.__module__
    ]
    assert len(project_forms) > 40  # the walk found the apps' forms
    unprotected = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in project_forms
        if not issubclass(cls, TextFieldsMixin)
    )
    assert unprotected == [], "derive these from kompetensnav.common.forms.Form/ModelForm"


def _allauth_form_keys(module_names: list[str]) -> set[str]:
    keys = set()
    for name in module_names:
        source = importlib.import_module(name).__loader__.get_source(name)
        keys |= set(re.findall(r'get_form_class\(\s*app_settings\.FORMS,\s*"(\w+)"', source))
    return keys


ALLAUTH_VIEWS = {
    "account": ["allauth.account.views"],
    "mfa": [
        "allauth.mfa.base.views",
        "allauth.mfa.totp.views",
        "allauth.mfa.recovery_codes.views",
        "allauth.mfa.webauthn.views",
    ],
}


@pytest.mark.parametrize("app", ["account", "mfa"])
def test_every_allauth_form_protects_its_text_fields(app):
    """Every form allauth lets a setting replace is replaced by a protected one (a form
    allauth adds in an upgrade fails here until it is added to the settings)."""
    from django.utils.module_loading import import_string

    keys = _allauth_form_keys(ALLAUTH_VIEWS[app])
    assert {"login", "signup", "reset_password"} <= keys or {"authenticate"} <= keys
    configured = settings.ACCOUNT_FORMS if app == "account" else settings.MFA_FORMS
    assert keys - set(configured) == set()
    for key in keys:
        form_class = import_string(configured[key])
        assert issubclass(form_class, TextFieldsMixin), key


def test_allauth_login_form_refuses_control_characters(rf):
    from kompetensnav.accounts.forms import LoginForm

    form = LoginForm({"login": "ali@example.se\r\nBcc: x@example.se", "password": "x"})
    form.request = rf.post("/")
    assert not form.is_valid()
    assert any("one line" in message for message in form.errors["login"])


# --- the model fields --------------------------------------------------------------------


def test_every_model_text_field_refuses_control_characters():
    """Every CharField of our models (e-mail, slug and URL fields too) refuses control
    characters in full_clean(); every TextField keeps line breaks and refuses the rest."""
    checked = 0
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("kompetensnav."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField):
                expected = validate_single_line
            elif isinstance(field, models.TextField):
                expected = validate_multi_line
            else:
                continue
            checked += 1
            if expected not in field.validators:
                missing.append(f"{model._meta.label}.{field.name}")
    assert checked > 100
    assert missing == []


def test_model_protection_changes_no_migration():
    field = Contact._meta.get_field("name")
    assert validate_single_line in field.validators
    assert "validators" not in field.deconstruct()[3]


@pytest.mark.django_db
def test_service_full_clean_refuses_a_line_break_in_a_title(own_org, make_user):
    from kompetensnav.campus.services import course_create

    provider = make_user(Role.COURSE_PROVIDER, own_org)
    with pytest.raises(ValidationError) as info:
        course_create(actor=provider, provider=own_org, title_sv="Hotell\r\nsvenska")
    assert "title_sv" in info.value.message_dict


# --- a page: the clear error, with what was typed kept ------------------------------------


@pytest.mark.django_db
def test_course_form_title_with_control_character_clear_error_keeps_input(
    client_for, make_user, own_org
):
    from kompetensnav.campus.models import Course

    provider = make_user(Role.COURSE_PROVIDER, own_org)
    response = client_for(provider).post(
        reverse("campus:course_create"),
        {
            "title_sv": "Hotellsvenska\x1bför nybörjare",
            "title_en": "Hotel Swedish",
            "description_sv": "Rad 1\r\nRad 2",
            "format": "hybrid",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fältet får bara innehålla en rad text" in page
    assert 'aria-invalid="true"' in page
    assert 'value="Hotellsvenska\x1bför nybörjare"' in page  # what was typed is kept
    assert 'value="Hotel Swedish"' in page and "Rad 1\r\nRad 2" in page
    assert not Course.objects.exists()
