import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.filters import accepted
from kompetensnav.common.forms import Form, ModelForm
from kompetensnav.common.validators import normalise_org_number, validate_org_number
from kompetensnav.companies.models import SizeClass
from kompetensnav.network.models import Organisation
from kompetensnav.reference.models import Municipality, SniCode, Subregion

from .answers import OTHER_SUFFIX, SHORT_TEXT_MAX, clean_answers, other_key, visible_keys
from .enums import CHOICE_TYPES, SCALE_VALUES, PublicMode, QuestionType
from .models import Question, Questionnaire
from .selectors import ResultFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD = 5 * 1024 * 1024


# --- answering ----------------------------------------------------------------------------


def _answer_field(question: Question, language: str) -> forms.Field:
    kind = question.type
    common = {"required": False, "label": question.text(language)}
    if kind == QuestionType.SINGLE or kind == QuestionType.YES_NO:
        return forms.ChoiceField(
            choices=question.choices(language), widget=forms.RadioSelect, **common
        )
    if kind == QuestionType.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question.choices(language), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionType.SCALE:
        return forms.TypedChoiceField(
            choices=[(str(v), str(v)) for v in SCALE_VALUES],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **common,
        )
    if kind == QuestionType.NUMBER:
        return forms.DecimalField(
            max_digits=14,
            decimal_places=4,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            **common,
        )
    if kind == QuestionType.DATE:
        return forms.DateField(widget=DATE_WIDGET, **common)
    if kind == QuestionType.LONG_TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    return forms.CharField(max_length=300, **common)


def _initial_value(question: Question, value):
    if question.type == QuestionType.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    if question.type == QuestionType.SCALE and value is not None:
        return str(value)
    return value


class AnswerForm(Form):
    """One field per question of the version, labels in the language (fallback Swedish).
    Conditions are honoured on the server: a hidden question is never required and its
    answer is dropped. answers() gives {question key: value} after is_valid().
    Render with {% include "questionnaires/partials/answer_form.html" with form=form %}."""

    def __init__(
        self,
        version,
        *,
        language: str,
        data=None,
        initial=None,
        prefix: str | None = None,
    ):
        self.version = version
        self.language = language
        self.questions = list(version.questions.order_by("position", "pk"))
        by_key = {q.key: q for q in self.questions}
        others = {other_key(q.key): q for q in self.questions if q.other_value}
        initial = {
            key: _initial_value(by_key[key], value) if key in by_key else value
            for key, value in (initial or {}).items()
            if key in by_key or key in others
        }
        super().__init__(data=data, initial=initial, prefix=prefix)
        for question in self.questions:
            self.fields[question.key] = _answer_field(question, language)
            if question.other_value:
                self.fields[other_key(question.key)] = forms.CharField(
                    max_length=SHORT_TEXT_MAX,
                    required=False,
                    label=gettext("%(option)s, namely")
                    % {"option": question.option_label(question.other_value, language)},
                )
        self._answers: dict = {}

    def clean(self):
        cleaned = super().clean()
        raw = {key: cleaned.get(key) for key in self.fields if key in cleaned}
        values, errors = clean_answers(self.questions, raw)
        shown = visible_keys(self.questions, values)
        for key in list(self._errors):
            if key in self.fields and key.removesuffix(OTHER_SUFFIX) not in shown:
                del self._errors[key]  # a field error on a hidden question does not count
        for key, message in errors.items():
            if key in self.fields and key not in self._errors:
                self.add_error(key, message)
        self._answers = values
        return cleaned

    def answers(self) -> dict:
        return dict(self._answers)

    def rendered_questions(self) -> list[dict]:
        """What the template renders per question."""
        if self.is_bound:
            if not hasattr(self, "cleaned_data"):
                self.full_clean()
            values = self._answers
        else:
            values, _errors = clean_answers(self.questions, self.initial, check_required=False)
        shown = visible_keys(self.questions, values)
        result = []
        for question in self.questions:
            bound = self[question.key]
            help_text = question.help(self.language)
            describedby = []
            if help_text:
                describedby.append(f"{bound.auto_id}_helptext")
            if bound.errors:
                describedby.append(f"{bound.auto_id}_error")
            grouped = question.type in CHOICE_TYPES or question.type == QuestionType.SCALE
            attrs = {}
            if not grouped:
                if describedby:
                    attrs["aria-describedby"] = " ".join(describedby)
                if question.required:
                    attrs["aria-required"] = "true"
                if bound.errors:
                    attrs["aria-invalid"] = "true"
            other = other_widget = None
            if question.other_value:
                other = self[other_key(question.key)]
                other_attrs = {}
                if other.errors:
                    other_attrs = {
                        "aria-invalid": "true",
                        "aria-describedby": f"{other.auto_id}_error",
                    }
                other_widget = other.as_widget(attrs=other_attrs)
            result.append(
                {
                    "question": question,
                    "other": other,
                    "other_widget": other_widget,
                    "field": bound,
                    "widget": bound.as_widget(attrs=attrs),
                    "grouped": grouped,
                    "help": help_text,
                    "describedby": " ".join(describedby),
                    "hidden": question.key not in shown,
                    "condition_field": self.add_prefix(question.condition_key)
                    if question.condition_key
                    else "",
                }
            )
        return result


class RespondentForm(Form):
    """What the public page asks besides the questions: consent, who (named links) and a
    honeypot field that people never see."""

    consent = forms.BooleanField(label=_("I have read the text above and agree"), required=True)
    name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Your e-mail address"), required=False)
    org_number = forms.CharField(
        label=_("Your company's organisation number"),
        max_length=13,
        required=False,
        help_text=_("NNNNNN-NNNN. Optional: it lets us compare answers by industry and region."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, named: bool, has_consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.named = named
        if not has_consent:
            del self.fields["consent"]
        if named:
            self.fields["name"].required = True
        else:
            for name in ("name", "email", "org_number"):
                del self.fields[name]

    def clean_org_number(self) -> str:
        value = self.cleaned_data.get("org_number", "").strip()
        if value:
            validate_org_number(value)
            value = normalise_org_number(value)
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


# --- building -----------------------------------------------------------------------------


class QuestionnaireForm(ModelForm):
    class Meta:
        model = Questionnaire
        fields = [
            "key",
            "title_sv",
            "title_en",
            "description_sv",
            "description_en",
            "consent_sv",
            "consent_en",
            "retention_months",
            "opens",
            "closes",
            "invitations_anonymous",
        ]
        widgets = {
            "opens": DATE_WIDGET,
            "closes": DATE_WIDGET,
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "consent_sv": forms.Textarea(attrs={"rows": 3}),
            "consent_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["key"]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", _("The closing date must not be before the opening date."))
        return data

    def validate_constraints(self, exclude=None):
        pass  # the service validates the model (and the form's clean() the dates)


OPTION_LINE_HELP = _(
    "One option per line: “Swedish label | English label”, or “value | Swedish | English” "
    "to choose the stored value yourself."
)


def options_to_text(options: list[dict]) -> str:
    return "\n".join(
        f"{o['value']} | {o.get('label_sv', '')} | {o.get('label_en', '')}".rstrip(" |")
        for o in options
    )


def parse_options(text: str) -> list[dict]:
    options = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 3:
            value, label_sv, label_en = parts[0], parts[1], parts[2]
        elif len(parts) == 2:
            value, label_sv, label_en = "", parts[0], parts[1]
        else:
            value, label_sv, label_en = "", parts[0], ""
        value = value or slugify(label_sv).replace("-", "_")[:60]
        if not value or not label_sv:
            raise ValidationError(_("Line %(n)s: an option needs a Swedish label.") % {"n": number})
        options.append({"value": value, "label_sv": label_sv, "label_en": label_en})
    return options


class QuestionForm(Form):
    text_sv = forms.CharField(label=_("Question (Swedish)"), max_length=500)
    text_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=QuestionType.choices)
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_(
            "A stable identifier for comparing results across versions, e.g. "
            "“recruitment_roles”. Left empty, it is made from the Swedish question."
        ),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Options (choice questions)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=OPTION_LINE_HELP,
    )
    other_option = forms.BooleanField(
        label=_("The last option asks for a text (“Other, namely”)"),
        required=False,
        help_text=_(
            "The respondent who chooses it can write what they mean; a text written there "
            "chooses the option."
        ),
    )
    help_sv = forms.CharField(
        label=_("Help text (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_en = forms.CharField(
        label=_("Help text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    condition = forms.ChoiceField(
        label=_("Show the question only if"),
        required=False,
        help_text=_("Only earlier choice and yes/no questions can be used."),
    )

    def __init__(self, *args, earlier: list[Question], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Always show the question"))]
        for question in earlier:
            if question.type in CHOICE_TYPES:
                for value, label in question.choices(language):
                    text = question.text(language)
                    short = text if len(text) <= 60 else text[:57] + "…"
                    choices.append((f"{question.key}={value}", f"{short} = {label}"))
        self.fields["condition"].choices = choices

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        return {
            "text_sv": question.text_sv,
            "text_en": question.text_en,
            "type": question.type,
            "key": question.key,
            "required": question.required,
            "options": options_to_text(question.options),
            "other_option": bool(question.other_value),
            "help_sv": question.help_sv,
            "help_en": question.help_en,
            "condition": f"{question.condition_key}={question.condition_value}"
            if question.condition_key
            else "",
        }

    def clean_options(self) -> list[dict]:
        return parse_options(self.cleaned_data.get("options", ""))

    def clean(self):
        data = super().clean()
        if not data.get("key") and data.get("text_sv"):
            data["key"] = slugify(data["text_sv"]).replace("-", "_")[:40].strip("_") or "question"
        kind = data.get("type")
        if (
            kind in (QuestionType.SINGLE, QuestionType.MULTIPLE)
            and len(data.get("options") or []) < 2
        ):
            self.add_error("options", _("A choice question needs at least two options."))
        elif kind in (QuestionType.SINGLE, QuestionType.MULTIPLE) and data.get("other_option"):
            data["options"][-1]["other"] = True
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        condition_key, _sep, condition_value = (data.get("condition") or "").partition("=")
        return {
            "key": data["key"],
            "type": data["type"],
            "text_sv": data["text_sv"],
            "text_en": data["text_en"],
            "help_sv": data["help_sv"],
            "help_en": data["help_en"],
            "required": data["required"],
            "options": data["options"],
            "condition_key": condition_key,
            "condition_value": condition_value,
        }


# --- distribution -------------------------------------------------------------------------


class PublicLinkForm(Form):
    public_mode = forms.ChoiceField(
        label=_("Public link"), choices=PublicMode.choices, widget=forms.RadioSelect
    )
    new_link = forms.BooleanField(
        label=_("Make a new link (the old one stops working)"), required=False
    )


RECIPIENT = re.compile(r"^\s*(?:(?P<name>[^<>]*?)\s*<(?P<email>[^<>]+)>|(?P<bare>\S+))\s*$")


def parse_recipients(text: str) -> list[tuple[str, str]]:
    """Lines of “Name <email>” or “email” -> [(email, name)]. Raises ValidationError naming
    every bad line."""
    recipients = []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = RECIPIENT.match(line.strip().rstrip(",;"))
        email = name = ""
        if match:
            email = (match.group("email") or match.group("bare") or "").strip()
            name = (match.group("name") or "").strip().strip('"')
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("Line %(n)s: “%(line)s” is not an e-mail address.")
                % {"n": number, "line": line.strip()[:80]}
            )
            continue
        recipients.append((email, name))
    if problems:
        raise ValidationError(problems)
    return recipients


class InvitationForm(Form):
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=100_000,
    )
    message = forms.CharField(
        label=_("Message in the e-mail (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # help texts are rendered as HTML: the example's angle brackets must be escaped
        self.fields["recipients"].help_text = escape(
            gettext(
                "One per line: an e-mail address, or a name with the address in angle "
                "brackets, e.g. “Anna Berg <anna@example.se>”."
            )
        )

    def clean_recipients(self) -> list[tuple[str, str]]:
        recipients = parse_recipients(self.cleaned_data["recipients"])
        if not recipients:
            raise ValidationError(_("Write at least one e-mail address."))
        if len(recipients) > 2000:
            raise ValidationError(_("Send at most 2,000 invitations at a time."))
        return recipients


class QuestionnaireFilterForm(Form):
    """The questionnaire list's search (`q`)."""

    q = forms.CharField(required=False)

    def filters(self) -> dict:
        return {"search": (accepted(self).get("q") or "").strip()[:100]}


# --- results ------------------------------------------------------------------------------


class ResultFilterForm(Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    sni = forms.ModelChoiceField(
        label=_("Industry (SNI section)"),
        queryset=SniCode.objects.filter(level="section").order_by("code"),
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
        queryset=Municipality.objects.filter(subregion__isnull=False).order_by("name"),
        required=False,
        empty_label=_("All municipalities"),
    )
    size = forms.ChoiceField(
        label=_("Company size"),
        choices=[("", _("All sizes")), *SizeClass.choices],
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Broker organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
    )
    version = forms.TypedChoiceField(
        label=_("Version"), coerce=int, required=False, empty_value=None
    )
    lang = forms.ChoiceField(
        label=_("Language of the downloads"),
        choices=[("", _("As the page")), ("sv", _("Swedish")), ("en", _("English"))],
        required=False,
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            ("", _("All versions")),
            *[(v.pk, _("Version %(n)s") % {"n": v.number}) for v in versions],
        ]

    def filters(self) -> ResultFilters:
        """An invalid value (a stale link) is ignored, not an error."""
        data = self.cleaned_data if self.is_valid() else {}
        return ResultFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sni_section=data["sni"].pk if data.get("sni") else "",
            subregion=data["subregion"].pk if data.get("subregion") else "",
            municipality=data["municipality"].pk if data.get("municipality") else "",
            size_class=data.get("size") or "",
            organisation=data["organisation"].pk if data.get("organisation") else None,
            version=data.get("version"),
        )


# --- imports ------------------------------------------------------------------------------


class UploadForm(Form):
    file = forms.FileField(label=_("File"))
    extensions: tuple[str, ...] = (".csv", ".xlsx")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 5 MB."))
        name = upload.name.lower()
        if not name.endswith(self.extensions):
            raise ValidationError(
                _("Use a file ending %(ext)s.") % {"ext": " / ".join(self.extensions)}
            )
        return upload


class AnswerUploadForm(UploadForm):
    version = forms.TypedChoiceField(label=_("Version the answers belong to"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (v.pk, _("Version %(n)s") % {"n": v.number}) for v in versions
        ]


class JsonUploadForm(UploadForm):
    extensions = (".json",)


class MappingForm(Form):
    """One choice per column of the file: a question, a special column, or ignore."""

    def __init__(
        self,
        *args,
        columns: list[str],
        targets: list[tuple[str, str]],
        suggested: dict,
        repeatable: set[str] = frozenset(),  # type: ignore[assignment]
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.repeatable = repeatable
        for index, column in enumerate(columns):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column, choices=targets, required=False, initial=suggested.get(column, "")
            )

    def mapping(self) -> dict[str, str]:
        return {
            column: self.cleaned_data.get(f"col_{index}") or ""
            for index, column in enumerate(self.columns)
        }

    def clean(self):
        data = super().clean()
        chosen = [v for v in data.values() if v]
        duplicates = sorted({v for v in chosen if chosen.count(v) > 1} - set(self.repeatable))
        if duplicates:
            raise ValidationError(
                _(
                    "These are chosen for more than one column: %(keys)s. Only a question "
                    "that takes several answers (multiple choice or text) can have several "
                    "columns, as a repeated block has; choose “Ignore this column” for the "
                    "others."
                )
                % {"keys": ", ".join(duplicates)}
            )
        return data
