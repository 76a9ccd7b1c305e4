"""The words around the key figures: the areas the page groups them in, and the names of
the parts of dict-valued figures. A figure's own label, definition and area are in its
declaration (registry.figure); label(), area() and definition() read them, so a figure added
by a later app shows with its name on the page, in the spreadsheet and in the PDF."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import registry

# Areas in the order the page shows them; an area without figures is left out.
AREAS = {
    "network": _("Network"),
    "events": _("Events"),
    "collaborations": _("Collaborations"),
    "visits": _("Company visits"),
    "courses": _("Courses"),
    "mobilities": _("Mobilities"),
    "collaboration_model": _("The collaboration model"),
    "other": _("Other figures"),
}

# The sub-keys of dict-valued figures; an unknown sub-key is shown as it is.
PARTS = {
    "F": pgettext_lazy("gender", "Women"),
    "M": pgettext_lazy("gender", "Men"),
    "X": pgettext_lazy("gender", "Other gender identity"),
    "unknown": pgettext_lazy("gender", "Not stated"),
    "student": pgettext_lazy("mobility kind", "Learners"),
    "staff": pgettext_lazy("mobility kind", "Staff"),
}


def label(key: str):
    found = registry.FIGURES.get(key)
    return found.label if found else key


def area(key: str) -> str:
    found = registry.FIGURES.get(key)
    return found.area if found and found.area in AREAS else "other"


def definition(key: str):
    found = registry.FIGURES.get(key)
    return found.definition if found else ""


def headlines() -> list[str]:
    """The figures shown as tiles at the top of the key figures page."""
    return [f.key for f in registry.declared() if f.headline]


def part_label(part: str):
    return PARTS.get(part, part)
