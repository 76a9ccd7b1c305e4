"""Companies that brokers visit and whose employees take courses.

A Swedish company is identified by its organisation number (unique, Luhn-checked, stored as
NNNNNN-NNNN); a foreign company has none and gives its country instead."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.validators import (
    normalise_org_number,
    validate_org_number,
    validate_phone_number,
)
from kompetensnav.network.models import external_id_field


class SizeClass(models.TextChoices):
    """Size classes by number of employees (the EU's SME classes, micro split in two)."""

    NONE = "0", _("No employees")
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250+", _("250 or more employees")

    @classmethod
    def of(cls, employees: int | None) -> "SizeClass | None":
        if employees is None:
            return None
        if employees == 0:
            return cls.NONE
        if employees < 10:
            return cls.MICRO
        if employees < 50:
            return cls.SMALL
        if employees < 250:
            return cls.MEDIUM
        return cls.LARGE

    @classmethod
    def bounds(cls, value: str) -> tuple[int, int | None]:
        """The inclusive employee range of a class: (low, high or None)."""
        return {
            cls.NONE: (0, 0),
            cls.MICRO: (1, 9),
            cls.SMALL: (10, 49),
            cls.MEDIUM: (50, 249),
            cls.LARGE: (250, None),
        }[cls(value)]


class Company(models.Model):
    external_id = external_id_field()
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_org_number],
        help_text=_("NNNNNN-NNNN. Leave empty for a foreign company and give its country."),
    )
    sni = models.ForeignKey(
        "reference.SniCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("industry (SNI 2007)"),
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("municipality"),
        db_index=False,  # company_municipality_name (municipality, name) serves it
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        default="SE",
        related_name="companies",
        verbose_name=_("country"),
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [
            models.Index(Lower("name"), name="company_name_lower"),
            models.Index(fields=["municipality", "name"], name="company_municipality_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="company_org_number_unique",
                violation_error_message=_(
                    "A company with this organisation number already exists."
                ),
            ),
            # A Swedish company has an organisation number; only a foreign one may lack it.
            models.CheckConstraint(
                condition=~models.Q(org_number="") | ~models.Q(country="SE"),
                name="company_swedish_has_org_number",
                violation_error_message=_(
                    "A Swedish company needs its organisation number; leave it empty only for a "
                    "foreign company."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(org_number="") | models.Q(org_number__regex=r"^\d{6}-\d{4}$"),
                name="company_org_number_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.org_number:
            self.org_number = normalise_org_number(self.org_number)

    @property
    def size_class(self) -> SizeClass | None:
        return SizeClass.of(self.employees)

    @property
    def subregion(self):
        return self.municipality.subregion if self.municipality_id else None


class CompanyContact(models.Model):
    """A person at a company the network talks to (the CEO, the HR manager…). Personal data:
    kept with the person's consent, its date recorded; audited; exported and erased with the
    person's other data on request."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_phone_number]
    )
    consent = models.BooleanField(
        _("consent"),
        default=False,
        help_text=_(
            "The person has agreed that the network keeps these details and contacts them."
        ),
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("company contact")
        verbose_name_plural = _("company contacts")
        indexes = [models.Index(fields=["company", "name"], name="companycontact_company")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="companycontact_has_name"),
            models.CheckConstraint(
                condition=models.Q(consent=False) | models.Q(consent_date__isnull=False),
                name="companycontact_consent_dated",
                violation_error_message=_("Give the date the person gave their consent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
