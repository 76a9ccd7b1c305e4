"""Projects and their funding. The fields here are those of the interchange contract's
`projects` kind; partners, budget lines and mobilities build on them."""

from auditlog.signals import accessed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.changes import TracksChanges
from kompetensnav.network.models import external_id_field

from .crypto import decrypt
from .enums import BudgetCategory, Funder, MobilityKind, MobilityStatus, PartnerRole


def _money(verbose_name) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, null=True, blank=True)


class Project(TracksChanges):
    external_id = external_id_field()
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=20, choices=Funder.choices)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget_sek = _money(_("budget (SEK)"))
    cofinancing_sek_per_hour = _money(_("co-financing per participant hour (SEK)"))
    granted_places_student = models.PositiveIntegerField(
        _("granted places, students"), null=True, blank=True
    )
    granted_places_staff = models.PositiveIntegerField(
        _("granted places, staff"), null=True, blank=True
    )
    budget_student_sek = _money(_("mobility budget, students (SEK)"))
    budget_staff_sek = _money(_("mobility budget, staff (SEK)"))
    description = models.TextField(_("description"), blank=True)
    utilisation_target_pct = models.PositiveSmallIntegerField(
        _("utilisation target (%)"),
        default=80,
        help_text=_("Share of granted mobility places to use, e.g. 80 for accreditation."),
    )
    events = models.ManyToManyField(
        "network.Event", blank=True, related_name="projects", verbose_name=_("events")
    )
    retention_years = models.PositiveSmallIntegerField(
        _("years participants' details are kept"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "After the project's end: the funder's rule for keeping the records (ESF: 10 "
            "years). Then participants' names and e-mail addresses are erased; hours and "
            "gender stay in the figures."
        ),
    )
    requires_identity_numbers = models.BooleanField(
        _("the funder requires personal identity numbers"),
        default=False,
        help_text=_("Only then are participants' personal identity numbers recorded."),
    )
    forecast_warned_on = models.DateField(
        _("co-financing warning sent"), null=True, blank=True, editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funder__in=Funder.values), name="project_funder_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(retention_years__gte=1, retention_years__lte=10),
                name="project_retention_years_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="project_end_after_start",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def is_erasmus(self) -> bool:
        return self.funder == Funder.ERASMUS_PLUS or bool(
            self.granted_places_student or self.granted_places_staff
        )


class ProjectPartner(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partners", verbose_name=_("project")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="project_partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="project_partner_unique",
                violation_error_message=_("The organisation is already a partner."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=PartnerRole.values), name="project_partner_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class BudgetLine(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("project")
    )
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    budgeted_sek = models.DecimalField(_("budgeted (SEK)"), max_digits=14, decimal_places=2)
    actual_sek = models.DecimalField(_("actual (SEK)"), max_digits=14, decimal_places=2, default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "category"],
                name="budget_line_unique",
                violation_error_message=_("The project already has a line for this category."),
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=BudgetCategory.values),
                name="budget_line_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(budgeted_sek__gte=0) & models.Q(actual_sek__gte=0),
                name="budget_line_amounts_not_negative",
            ),
            # the actual value of participants' time is computed from attendance
            # (cofinancing.py), never typed: one figure, one value
            models.CheckConstraint(
                condition=~models.Q(category=BudgetCategory.PARTICIPANTS_TIME)
                | models.Q(actual_sek=0),
                name="budget_line_participants_time_computed",
                violation_error_message=_(
                    "The actual value of participants' time is computed from the attendance "
                    "hours; leave Actual at 0."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_category_display()


class Mobility(models.Model):
    """An Erasmus+ mobility: a student or staff member abroad, or a pseudonymous reference to
    one (the funder needs counts and grants, not names)."""

    external_id = external_id_field()
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="mobilities", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MobilityKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MobilityStatus.choices, default=MobilityStatus.PLANNED
    )
    participant_reference = models.CharField(
        _("participant reference"),
        max_length=60,
        blank=True,
        help_text=_("A pseudonymous reference such as S-2026-014, not a name."),
    )
    sending_member = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_mobilities",
        verbose_name=_("sending member"),
    )
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    grant_sek = _money(_("grant (SEK)"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        indexes = [
            models.Index(fields=["project", "status", "start"], name="mobility_project_status")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=MobilityKind.values), name="mobility_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MobilityStatus.values), name="mobility_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="mobility_end_after_start",
                violation_error_message=_("The mobility cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(grant_sek__isnull=True) | models.Q(grant_sek__gte=0),
                name="mobility_grant_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.participant_reference or self.pk}"


class IncomingGroup(models.Model):
    """A group from a partner abroad that the network hosts (job shadowing, study visit)."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="incoming_groups",
        verbose_name=_("project"),
    )
    organisation_name = models.CharField(_("visiting organisation"), max_length=200)
    country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    host = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_groups",
        verbose_name=_("host member"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("incoming group")
        verbose_name_plural = _("incoming groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="incoming_group_end_after_start",
                violation_error_message=_("The visit cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.organisation_name


class IdentityNumber(models.Model):
    """A participant's personal identity number, for funders that require it. Stored
    encrypted (projects.crypto), shown masked, never put in a URL; every read through
    `reveal()` is written to the audit log as an access."""

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="identity_number",
        verbose_name=_("participant"),
    )
    personal_identity_number = models.TextField(_("personal identity number (encrypted)"))
    last_digits = models.CharField(_("last two digits"), max_length=2)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("personal identity number")
        verbose_name_plural = _("personal identity numbers")

    def __str__(self) -> str:
        return self.masked

    @property
    def masked(self) -> str:
        return f"********-**{self.last_digits}"

    def reveal(self) -> str:
        accessed.send(sender=IdentityNumber, instance=self)
        return decrypt(self.personal_identity_number)
