"""The shared vocabulary of competence areas: what a need is about, what a course teaches and
what a member offers, in one list (needs, courses and members' education areas point here).

An area has a Swedish name and English, Danish and Norwegian labels, the synonyms and
abbreviations people write ("SoMe", "BAM", "YKB", "kod 95"), and optional links to occupations
(SSYK 2012), education fields (SUN 2020), industries (SNI 2007) and a SEQF level. Names and
synonyms are compared by `area_key`: Unicode case folding in Python, so "Övrigt" and "övrigt"
are one area on SQLite too (its LOWER() folds only ASCII letters), with spaces and hyphens
between words evened out. The key is stored and unique, so the database guarantees it."""

import re
import unicodedata

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")


def area_key(text: str) -> str:
    """How names and synonyms are compared: "CNC-teknik", "cnc teknik" and "CNC – Teknik" are
    one key."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return _SEPARATORS.sub(" ", folded).strip()


class CompetenceArea(models.Model):
    name = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_da = models.CharField(_("name (Danish)"), max_length=120, blank=True)
    name_no = models.CharField(_("name (Norwegian)"), max_length=120, blank=True)
    key = models.CharField(max_length=120, unique=True, editable=False)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the area covers, for those who tag needs and courses."),
    )
    seqf_level = models.ForeignKey(
        "reference.SeqfLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level (SEQF)"),
    )
    occupations = models.ManyToManyField(
        "reference.SsykCode", blank=True, related_name="+", verbose_name=_("occupations (SSYK)")
    )
    education_fields = models.ManyToManyField(
        "reference.SunField",
        blank=True,
        related_name="+",
        verbose_name=_("education fields (SUN)"),
    )
    industries = models.ManyToManyField(
        "reference.SniCode", blank=True, related_name="+", verbose_name=_("industries (SNI)")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = " ".join(self.name.split())
        self.key = area_key(self.name)
        if kwargs.get("update_fields") and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "key"}
        super().save(*args, **kwargs)

    def label(self, language: str | None = None) -> str:
        """The name in the language (sv, en, da, no/nb/nn), else the Swedish one."""
        language = (language or get_language() or "sv")[:2]
        by_language = {"en": self.name_en, "da": self.name_da, "no": self.name_no}
        by_language["nb"] = by_language["nn"] = self.name_no
        return by_language.get(language) or self.name

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.name_en, self.name_da, self.name_no) if n)


class AreaSynonym(models.Model):
    """Another way of writing an area: a synonym, an abbreviation, a common misspelling. One
    text names one area (the key is unique), and never another area's name."""

    area = models.ForeignKey(
        CompetenceArea,
        on_delete=models.CASCADE,
        related_name="synonyms",
        verbose_name=_("competence area"),
    )
    text = models.CharField(_("synonym or abbreviation"), max_length=120)
    key = models.CharField(max_length=120, unique=True, editable=False)

    class Meta:
        ordering = ["key"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        self.text = " ".join(self.text.split())
        self.key = area_key(self.text)
        super().save(*args, **kwargs)
