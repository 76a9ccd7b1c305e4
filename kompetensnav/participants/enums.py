from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    """The contract's codes (participants.gender); empty means not given."""

    FEMALE = "F", _("Woman")
    MALE = "M", _("Man")
    OTHER = "X", pgettext_lazy("gender", "Other or non-binary")
    UNKNOWN = "", _("Prefer not to say")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")
