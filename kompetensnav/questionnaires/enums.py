from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 1–5")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes or no")


# Types whose answers are one or more of a fixed set of values.
CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.YES_NO}
# Types with numeric answers (mean and median in the results).
NUMERIC_TYPES = {QuestionType.SCALE, QuestionType.NUMBER}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}
SCALE_VALUES = [1, 2, 3, 4, 5]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("version status", "Draft")
    PUBLISHED = "published", pgettext_lazy("version status", "Published")


class Channel(models.TextChoices):
    """How a response came in."""

    VISIT = "visit", pgettext_lazy("response channel", "Visit")
    PUBLIC = "public", pgettext_lazy("response channel", "Public link")
    INVITATION = "invitation", pgettext_lazy("response channel", "Invitation")
    IMPORT = "import", pgettext_lazy("response channel", "Import")
    EVALUATION = "evaluation", pgettext_lazy("response channel", "Course evaluation")
    API = "api", pgettext_lazy("response channel", "Another system (API)")


class PublicMode(models.TextChoices):
    OFF = "off", _("Off")
    ANONYMOUS = "anonymous", _("Anonymous answers")
    NAMED = "named", _("Named answers")
