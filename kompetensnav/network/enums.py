from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    """The kinds of ../shared/spec/interchange.md (organisations.kind)."""

    LEARNING_CENTRE = "learning_centre", _("Learning centre")
    ADULT_EDUCATION = "adult_education", _("Adult education")
    MUNICIPAL_FEDERATION = "municipal_federation", _("Municipal federation")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    INDUSTRY_BODY = "industry_body", _("Industry body")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")
    NETWORK = "network", _("Network")
    OTHER = "other", pgettext_lazy("organisation kind", "Other")
