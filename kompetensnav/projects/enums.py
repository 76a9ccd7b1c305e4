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


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Project owner")
    PARTNER = "partner", _("Partner")
    CO_FINANCIER = "co_financier", _("Co-financier")
    ASSOCIATE = "associate", _("Associated partner")
    HOST = "host", _("Host organisation")


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    PARTICIPANTS_TIME = "participants_time", _("Participants' time (co-financing)")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other costs")
