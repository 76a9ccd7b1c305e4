"""Questionnaires: versioned sets of questions, the responses to them and invitations.

A version that has responses is frozen: its questions cannot change (services refuse and
Question.save()/delete() refuse too), editing starts a new version that copies the questions.
Questions keep stable keys, so results compare across versions and years.

An anonymous response carries nothing that links it to a person or an invitation: no user,
no name or e-mail, no invitation, no exact time (only the date) and no IP address."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .answers import values_from_answers
from .enums import CHOICE_TYPES, Channel, PublicMode, QuestionType, VersionStatus


def new_token() -> str:
    """An unguessable token for links (256 bits)."""
    return secrets.token_urlsafe(32)


def in_language(sv: str, en: str, language: str) -> str:
    """The text in the language, falling back to Swedish (then English)."""
    if language and language.startswith("en") and en:
        return en
    return sv or en


class FrozenVersionError(ValidationError):
    def __init__(self):
        super().__init__(
            _("This version has answers and can no longer be changed. Create a new version.")
        )


class Questionnaire(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=60,
        unique=True,
        help_text=_("A stable identifier, e.g. “visit”. Letters, digits and hyphens."),
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    consent_sv = models.TextField(
        _("consent text (Swedish)"),
        blank=True,
        help_text=_("Shown before the questions; respondents must accept it to answer."),
    )
    consent_en = models.TextField(_("consent text (English)"), blank=True)
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months)"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Responses older than this are deleted automatically."),
    )
    opens = models.DateField(_("opens"), null=True, blank=True)
    closes = models.DateField(_("closes"), null=True, blank=True)
    public_mode = models.CharField(
        _("public link"), max_length=10, choices=PublicMode.choices, default=PublicMode.OFF
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invitations_anonymous = models.BooleanField(
        _("invitation answers are anonymous"),
        default=True,
        help_text=_(
            "The invitation only makes sure each person answers once; the answer is not "
            "linked to the person."
        ),
    )
    owner = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("owner"),
    )
    is_template = models.BooleanField(_("network template"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title_sv"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(public_mode__in=PublicMode.values),
                name="questionnaire_public_mode_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(opens__isnull=True)
                | models.Q(closes__isnull=True)
                | models.Q(closes__gte=models.F("opens")),
                name="questionnaire_closes_after_opens",
                violation_error_message=_("The closing date must not be before the opening date."),
            ),
            models.CheckConstraint(
                condition=models.Q(retention_months__gte=1, retention_months__lte=240),
                name="questionnaire_retention_sane",
                violation_error_message=_("The retention period must be 1–240 months."),
            ),
        ]

    def __str__(self) -> str:
        return self.title_sv

    def title(self, language: str) -> str:
        return in_language(self.title_sv, self.title_en, language)

    def description(self, language: str) -> str:
        return in_language(self.description_sv, self.description_en, language)

    def consent(self, language: str) -> str:
        return in_language(self.consent_sv, self.consent_en, language)

    def is_open(self, on) -> bool:
        return (self.opens is None or self.opens <= on) and (
            self.closes is None or on <= self.closes
        )


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("questionnaire"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    frozen = models.BooleanField(
        _("frozen"), default=False, help_text=_("Set when the first response arrives.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VersionStatus.values),
                name="questionnaire_version_status_valid",
            ),
            # answers only ever arrive on a published version
            models.CheckConstraint(
                condition=models.Q(frozen=False) | models.Q(status=VersionStatus.PUBLISHED),
                name="questionnaire_version_frozen_is_published",
            ),
        ]

    def __str__(self) -> str:
        return _("%(questionnaire)s, version %(number)s") % {
            "questionnaire": self.questionnaire,
            "number": self.number,
        }

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Question(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("version"),
    )
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same across versions so results can be compared."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    text_sv = models.CharField(_("question (Swedish)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_sv = models.TextField(_("help text (Swedish)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(
        _("options"), default=list, blank=True, help_text=_("[{value, label_sv, label_en}]")
    )
    condition_key = models.SlugField(
        _("show only if question"), max_length=60, blank=True, default=""
    )
    condition_value = models.CharField(_("has the answer"), max_length=60, blank=True, default="")

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique"),
            models.CheckConstraint(
                condition=models.Q(type__in=QuestionType.values), name="question_type_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(condition_key="", condition_value="")
                | (~models.Q(condition_key="") & ~models.Q(condition_value="")),
                name="question_condition_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.text_sv

    def save(self, *args, **kwargs) -> None:
        self._check_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_not_frozen()
        return super().delete(*args, **kwargs)

    def _check_not_frozen(self) -> None:
        if QuestionnaireVersion.objects.filter(pk=self.version_id, frozen=True).exists():
            raise FrozenVersionError

    def text(self, language: str) -> str:
        return in_language(self.text_sv, self.text_en, language)

    def help(self, language: str) -> str:
        return in_language(self.help_sv, self.help_en, language)

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    def choices(self, language: str) -> list[tuple[str, str]]:
        """(value, label) of the answers a choice question allows."""
        if self.type == QuestionType.YES_NO:
            with override(language):
                return [("yes", str(_("Yes"))), ("no", str(_("No")))]
        return [
            (str(o["value"]), in_language(o.get("label_sv", ""), o.get("label_en", ""), language))
            for o in self.options
        ]

    @property
    def other_value(self) -> str:
        """The value of the option that asks for a text ("Annat, nämligen"), or ""."""
        if self.type not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            return ""
        return next((str(o["value"]) for o in self.options if o.get("other")), "")

    def option_label(self, value: str, language: str) -> str:
        return dict(self.choices(language)).get(value, value)

    @property
    def has_condition(self) -> bool:
        return bool(self.condition_key)


class Response(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("version"),
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    submitted_on = models.DateField(_("submitted"), db_index=True)
    # Blank for anonymous responses: only the date is kept, so that the time cannot be
    # matched against when an invitation was opened or a mail was sent.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
        verbose_name=_("company"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
        verbose_name=_("broker organisation"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
        verbose_name=_("submitted by"),
    )
    respondent_name = models.CharField(_("respondent's name"), max_length=150, blank=True)
    respondent_email = models.EmailField(_("respondent's e-mail address"), blank=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        null=True,
        blank=True,
        help_text=_("The respondent id or row fingerprint of an imported answer."),
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["version", "submitted_on"], name="response_version_date"),
            models.Index(fields=["subject_type", "subject_id"], name="response_subject"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "external_id"], name="response_external_id_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="response_channel_valid"
            ),
        ]

    def __str__(self) -> str:
        return _("Response %(id)s") % {"id": self.pk}

    @property
    def is_anonymous(self) -> bool:
        return not (self.respondent_name or self.respondent_email or self.submitted_by_id)

    def answer_values(self) -> dict:
        """{question key: value} in the form response_submit takes."""
        return values_from_answers(self.answers.select_related("question"))


class Answer(models.Model):
    """One answer value. A multiple-choice answer is one row per chosen option, so counts
    are a GROUP BY in the database."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    key = models.SlugField(_("key"), max_length=60)
    choice = models.CharField(_("choice"), max_length=60, blank=True, default="")
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True, default="")
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["response", "question__position", "choice"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["key", "choice"], name="answer_key_choice"),
            models.Index(fields=["key", "number"], name="answer_key_number"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="answer_unique_choice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.choice:
            return self.choice
        if self.number is not None:
            return format_number(self.number)
        if self.date is not None:
            return self.date.isoformat()
        return self.text


def format_number(value) -> str:
    """A Decimal without trailing zeros: 4.0000 -> "4", 2.5000 -> "2.5"."""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


class Invitation(models.Model):
    """A personal invitation: a link with an unguessable token, answerable once."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("version"),
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["version", "answered_at"], name="invitation_answered")]

    def __str__(self) -> str:
        return self.email

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class AnswerImport(models.Model):
    """An upload of answers exported from another survey tool, kept until it is imported
    (the mapping screen and the preview read it again)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="answer_imports"
    )
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="answer_imports"
    )
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("answer import")
        verbose_name_plural = _("answer imports")

    def __str__(self) -> str:
        return self.filename
