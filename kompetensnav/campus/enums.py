from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CourseFormat(models.TextChoices):
    LIVE_STREAM = "live_stream", _("Live stream")
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    ONLINE = "online", _("Online")


class CourseStatus(models.TextChoices):
    """The quality-assurance workflow: draft → submitted → approved → published → archived;
    the board may send a submitted course back to draft."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class CourseAction(models.TextChoices):
    """What happened to a course: its status history, shown as a timeline."""

    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved by the board")
    SENT_BACK = "sent_back", _("Sent back by the board")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")
    REVISION_PROPOSED = "revision_proposed", _("Change proposed for review")
    REVISION_APPROVED = "revision_approved", _("Change approved by the board")
    REVISION_REJECTED = "revision_rejected", _("Change sent back by the board")


class RevisionStatus(models.TextChoices):
    """A proposed change to the reviewed text of an approved or published course."""

    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", pgettext_lazy("course change", "Approved")
    REJECTED = "rejected", pgettext_lazy("course change", "Sent back")
