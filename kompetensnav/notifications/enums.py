from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person wants their notifications by e-mail (they are always in the app)."""

    DAILY = "daily", _("One e-mail a day with what is new (digest)")
    IMMEDIATELY = "immediately", _("An e-mail for each notification, at once")
    NEVER = "never", _("No e-mail: I read them in kompetensnav")
