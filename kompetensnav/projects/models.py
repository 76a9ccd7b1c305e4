"""Projects and their funding. The fields here are those of the interchange contract's
`projects` kind; partners, budget lines and mobilities build on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompetensnav.network.models import external_id_field

from .enums import Funder


def _money(verbose_name) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, null=True, blank=True)


class Project(models.Model):
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
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="project_end_after_start",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
