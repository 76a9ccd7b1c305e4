"""Reference data shipped with the code and loaded by migrations (no network at run time)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A Swedish county (län), by its two-digit SCB code."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Subregion(models.Model):
    """A West-Sweden subregion (delregion), e.g. Fyrbodal or Halland."""

    slug = models.SlugField(_("identifier"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("subregion")
        verbose_name_plural = _("subregions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A Swedish municipality (kommun), by its four-digit SCB code."""

    code = models.CharField(_("SCB code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    subregion = models.ForeignKey(
        Subregion,
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
        verbose_name=_("subregion"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class SniCode(models.Model):
    """SNI 2007 (Swedish NACE): sections (a letter) and divisions (two digits)."""

    class Level(models.TextChoices):
        SECTION = "section", _("section")
        DIVISION = "division", _("division")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("SNI code")
        verbose_name_plural = _("SNI codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


class SsykCode(models.Model):
    """SSYK 2012 (Swedish Standard Classification of Occupations, SCB), all four levels.

    The code's length is its level: major group (1 digit) to unit group (4 digits); every
    code below the top has the code one digit shorter as its parent.
    """

    class Level(models.IntegerChoices):
        MAJOR_GROUP = 1, _("major group")
        SUB_MAJOR_GROUP = 2, _("sub-major group")
        MINOR_GROUP = 3, _("minor group")
        UNIT_GROUP = 4, _("unit group")

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("SSYK code")
        verbose_name_plural = _("SSYK codes")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


class SunField(models.Model):
    """SUN 2020 field of education (inriktning, SCB): broad fields (1 digit) and narrow
    fields (2 digits); a narrow field's parent is the broad field its code starts with."""

    class Level(models.IntegerChoices):
        BROAD = 1, _("broad field")
        NARROW = 2, _("narrow field")

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("SUN field of education")
        verbose_name_plural = _("SUN fields of education")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


class SeqfLevel(models.Model):
    """A level of the Swedish qualifications framework (SEQF, linked to EQF), 1–8."""

    level = models.PositiveSmallIntegerField(_("level"), primary_key=True)
    description_sv = models.CharField(_("description (Swedish)"), max_length=300)
    description_en = models.CharField(_("description (English)"), max_length=300)

    class Meta:
        ordering = ["level"]
        verbose_name = _("SEQF level")
        verbose_name_plural = _("SEQF levels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8), name="seqf_level_1_to_8"
            )
        ]

    def __str__(self) -> str:
        return f"SEQF {self.level}"

    @property
    def description(self) -> str:
        lang = get_language() or "sv"
        return self.description_en if lang.startswith("en") else self.description_sv


class Country(models.Model):
    """An ISO 3166-1 country, by its alpha-2 code."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv
