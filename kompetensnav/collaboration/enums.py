from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """Where an actor works in the collaboration model: the strategic level owns the annual
    analysis and sets priorities, the operative level runs the initiatives."""

    STRATEGIC = "strategic", _("Strategic")
    OPERATIVE = "operative", _("Operative")
    BOTH = "both", _("Strategic and operative")


class Function(models.TextChoices):
    PROCESS_LEADER = "process_leader", _("Process leader")
    COUNCIL_CHAIR = "council_chair", _("Council chair")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")
    EMPLOYMENT_SERVICE = "employment_service", _("Employment service")
    INDUSTRY_REPRESENTATIVE = "industry_representative", _("Industry representative")
    FUNDER = "funder", _("Funder")


class CouncilKind(models.TextChoices):
    STANDING = "standing", _("Standing")
    TEMPORARY = "temporary", _("Temporary (an acute shortage)")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item status", "Open")
    DONE = "done", pgettext_lazy("action item status", "Done")
    DROPPED = "dropped", pgettext_lazy("action item status", "Dropped")


class InitiativeKind(models.TextChoices):
    COURSE = "course", pgettext_lazy("initiative kind", "Course")
    COUNCIL = "council", _("Industry council")
    RECRUITMENT = "recruitment", _("Recruitment and matching")
    STUDY_VISIT = "study_visit", _("Study visit")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", pgettext_lazy("initiative kind", "Other")


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", pgettext_lazy("initiative status", "Idea")
    PLANNED = "planned", pgettext_lazy("initiative status", "Planned")
    RUNNING = "running", pgettext_lazy("initiative status", "Running")
    DONE = "done", pgettext_lazy("initiative status", "Done")
    DROPPED = "dropped", pgettext_lazy("initiative status", "Dropped")


class Origin(models.TextChoices):
    """What an initiative starts from."""

    NEEDS = "needs", _("Needs from the analysis")
    PRIORITY = "priority", _("A strategic priority")
    DECISION = "decision", _("A council decision")
