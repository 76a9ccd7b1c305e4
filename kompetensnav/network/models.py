"""The network: organisations and their profiles, memberships per year, contacts, events and
collaborations. Every model that can be imported has `external_id`, the `id` of import files."""

from contextlib import suppress
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.changes import TracksChanges
from kompetensnav.common.validators import normalise_org_number, validate_org_number

from .enums import DeliveryFormat, EventKind, OrganisationKind, SystemCategory

CONTACT_STALE_AFTER = timedelta(days=365)


def external_id_field() -> models.CharField:
    return models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The id used in import files."),
    )


class DigitalSystem(models.Model):
    """A digital system a member uses: video rooms, learning platform, survey tool."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=10, choices=SystemCategory.choices)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("digital system")
        verbose_name_plural = _("digital systems")

    def __str__(self) -> str:
        return self.name


class Organisation(TracksChanges):
    external_id = external_id_field()
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
    description = models.TextField(_("about us"), blank=True)
    website = models.URLField(_("website"), blank=True)
    education_areas = models.ManyToManyField(
        "competences.CompetenceArea",
        blank=True,
        related_name="organisations",
        verbose_name=_("education areas"),
    )
    seqf_levels = models.ManyToManyField(
        "reference.SeqfLevel", blank=True, related_name="+", verbose_name=_("levels (SEQF)")
    )
    formats = models.JSONField(
        _("formats"), default=list, blank=True, help_text=_("How the member can deliver courses.")
    )
    digital_systems = models.ManyToManyField(
        DigitalSystem, blank=True, related_name="organisations", verbose_name=_("digital systems")
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
            with suppress(ValidationError):  # the field's validator reports it, on the field
                self.org_number = normalise_org_number(self.org_number)

    @property
    def subregion(self):
        return self.municipality.subregion if self.municipality_id else None

    @property
    def format_labels(self) -> list[str]:
        labels = dict(DeliveryFormat.choices)
        return [str(labels[f]) for f in self.formats if f in labels]


class Membership(TracksChanges):
    """An organisation's membership of the network for one year, and the municipalities it
    represents (a member may represent several)."""

    external_id = external_id_field()
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    fee_paid = models.BooleanField(_("fee paid"), default=False)
    fee_sek = models.DecimalField(
        _("fee (SEK)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    invoiced_on = models.DateField(_("invoiced on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        "reference.Municipality",
        blank=True,
        related_name="memberships",
        verbose_name=_("municipalities represented"),
    )

    class Meta:
        ordering = ["-year", "organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="membership_one_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2100), name="membership_year_sane"
            ),
            models.CheckConstraint(
                condition=models.Q(fee_sek__isnull=True) | models.Q(fee_sek__gte=0),
                name="membership_fee_not_negative",
            ),
            # a payment date makes the fee paid (fee_paid is what the interchange contract
            # and the members figure read)
            models.CheckConstraint(
                condition=models.Q(paid_on__isnull=True) | models.Q(fee_paid=True),
                name="membership_paid_on_is_paid",
            ),
        ]
        indexes = [models.Index(fields=["year", "fee_paid"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class Contact(TracksChanges):
    """A contact person of an organisation."""

    external_id = external_id_field()
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    last_confirmed = models.DateField(
        _("last confirmed"),
        null=True,
        blank=True,
        help_text=_("When the details were last checked."),
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        """Not confirmed within a year: the details may be out of date."""
        if self.last_confirmed is None:
            return True
        return timezone.localdate() - self.last_confirmed > CONTACT_STALE_AFTER


class Event(TracksChanges):
    """Something that happened in the network: a meeting, a conference, job shadowing…"""

    external_id = external_id_field()
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    transnational = models.BooleanField(_("transnational"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["date", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class Collaboration(TracksChanges):
    """A collaboration established between two or more organisations."""

    external_id = external_id_field()
    established = models.DateField(_("established"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    parties = models.ManyToManyField(
        Organisation, related_name="collaborations", verbose_name=_("parties")
    )

    class Meta:
        ordering = ["-established", "title"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        indexes = [models.Index(fields=["established"])]

    def __str__(self) -> str:
        return self.title or _("Collaboration %(date)s") % {"date": f"{self.established:%Y-%m-%d}"}
