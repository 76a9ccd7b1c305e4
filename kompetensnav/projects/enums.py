from django.db import models
from django.utils.translation import gettext_lazy as _


class Funder(models.TextChoices):
    ESF = "esf", _("European Social Fund (ESF)")
    INTERREG = "interreg", _("Interreg")
    ERASMUS_PLUS = "erasmus_plus", _("Erasmus+")
    REGION = "region", _("Region")
    OTHER = "other", _("Other funder")
