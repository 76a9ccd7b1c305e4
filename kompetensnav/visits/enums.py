from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Horizon(models.TextChoices):
    """When the need arises (the `needs.horizon` enumeration of the interchange contract)."""

    NOW = "now", pgettext_lazy("time horizon", "Now")
    ONE_TO_THREE_YEARS = "1-3y", _("Within 1–3 years")
    LATER = "3y+", _("In more than 3 years")


class GapArea(models.TextChoices):
    """The three areas of the collaboration model's gap analysis."""

    MOTTAGARKOMPETENS = "mottagarkompetens", _("Receiving competence (mottagarkompetens)")
    MATCHNING = "matchning", _("Matching (matchning)")
    UTBILDNING = "utbildning", _("Education (utbildning)")


class PlanStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("visit plan status", "Planned")
    BOOKED = "booked", pgettext_lazy("visit plan status", "Booked")
    VISITED = "visited", pgettext_lazy("visit plan status", "Visited")
    CANCELLED = "cancelled", pgettext_lazy("visit plan status", "Cancelled")


class FollowUpChoice(models.TextChoices):
    NONE = "", _("No follow-up")
    TWO_WEEKS = "2w", _("In 2 weeks")
    THREE_WEEKS = "3w", _("In 3 weeks")
    ONE_MONTH = "1m", _("In 1 month")
    CUSTOM = "date", _("On a date I choose")
