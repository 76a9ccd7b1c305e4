"""Organisations of the network. Issue 'The network' extends this with memberships and more."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.validators import normalise_org_number, validate_org_number

from .enums import OrganisationKind


class Organisation(models.Model):
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The id used in import files."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_org_number],
        help_text=_("NNNNNN-NNNN"),
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        default="SE",
        related_name="organisations",
        verbose_name=_("country"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.org_number:
            self.org_number = normalise_org_number(self.org_number)

    @property
    def subregion(self):
        return self.municipality.subregion if self.municipality_id else None
