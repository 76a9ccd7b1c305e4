from django.db import models
from django.utils.translation import gettext_lazy as _


class Funder(models.TextChoices):
    ESF = "esf", _("European Social Fund (ESF)")
    INTERREG = "interreg", _("Interreg")
    ERASMUS_PLUS = "erasmus_plus", _("Erasmus+")
    REGION = "region", _("Region")
    OTHER = "other", _("Other funder")


class MobilityKind(models.TextChoices):
    STUDENT = "student", _("Student")
    STAFF = "staff", _("Staff")


class MobilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    FORCE_MAJEURE = "force_majeure", _("Force majeure")
