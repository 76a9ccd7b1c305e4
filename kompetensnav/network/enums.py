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


class EventKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    CONFERENCE = "conference", _("Conference")
    JOB_SHADOWING = "job_shadowing", _("Job shadowing")
    STUDY_VISIT = "study_visit", _("Study visit")
    WORKSHOP = "workshop", _("Workshop")
    BOARD_MEETING = "board_meeting", _("Board meeting")
    OTHER = "other", pgettext_lazy("event kind", "Other")


class DeliveryFormat(models.TextChoices):
    LIVE_STREAM = "live_stream", _("Live stream")
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    ONLINE = "online", _("Online")


class SystemCategory(models.TextChoices):
    VIDEO = "video", _("Video conferencing")
    LMS = "lms", _("Learning platform")
    SURVEY = "survey", _("Survey tool")
    OTHER = "other", pgettext_lazy("digital system category", "Other")
