"""Small helpers every app's views share, and the base classes of every form.

Every form of the project derives from `Form` or `ModelForm` here (or mixes in
`TextFieldsMixin`, e.g. on top of an allauth form): their text fields refuse control
characters. A single-line field (any CharField whose widget is not a Textarea: text, e-mail,
search, hidden, password inputs) refuses them all, tab and line breaks included; a
multi-line field (a Textarea) keeps line breaks and tabs and refuses the rest.
`common/tests/test_control_characters.py` fails for a form class that does not."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from .validators import TextValidator, validate_multi_line, validate_single_line


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors on their fields (or on the
    form when it has no such field), other errors on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def without_errors(*forms_: forms.BaseForm | forms.BaseFormSet | None) -> None:
    """Show bound forms as typed without judging them: e.g. a draft resumed, whose empty
    required fields are not mistakes yet. (Django validates a bound form when its errors
    are first read; this marks them read and empty.)"""
    for form in forms_:
        if isinstance(form, forms.BaseFormSet):
            for member in form.forms:
                without_errors(member)
            # private attributes Django reads before validating (not in the type stubs)
            form._non_form_errors = form.error_class()  # type: ignore[attr-defined]
            form._errors = [member.errors for member in form.forms]  # type: ignore[attr-defined]
        elif form is not None:
            form._errors = forms.utils.ErrorDict()  # type: ignore[attr-defined]
            form.cleaned_data = {}


def text_field_validator(field: forms.Field) -> TextValidator | None:
    """The control-character validator a form field needs, or None for a field that is not
    text (choices, numbers, dates and files parse their input into something else)."""
    if not isinstance(field, forms.CharField):
        return None
    if isinstance(field.widget, forms.Textarea):
        return validate_multi_line
    return validate_single_line


def protect_text_fields(fields: Mapping[str, forms.Field]) -> None:
    """Give every text field its control-character validator (once)."""
    for field in fields.values():
        validator = text_field_validator(field)
        if validator is not None and validator not in field.validators:
            field.validators.append(validator)


# the mixin is always combined with a form class; mypy is told so
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class TextFieldsMixin(_FormBase):
    """Text fields refuse control characters. Applied when the form is cleaned, so fields
    added or given another widget in __init__ are covered too."""

    def full_clean(self) -> None:
        protect_text_fields(self.fields)
        super().full_clean()


class EnglishFieldsMixin(_FormBase):
    """A field for the English version of a text (its name ends in `_en`) says so with
    lang="en", so that screen readers pronounce and spell checkers check it as English
    (WCAG 3.1.2, language of parts)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.endswith("_en"):
                field.widget.attrs.setdefault("lang", "en")


class Form(TextFieldsMixin, EnglishFieldsMixin, forms.Form):
    pass


class ModelForm(TextFieldsMixin, EnglishFieldsMixin, forms.ModelForm):
    pass
