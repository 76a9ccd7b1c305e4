"""The collaboration model's PDFs: the strategic cycle's year (the priorities, the initiatives
that carry them out and their outcomes side by side) and the actor map, each from the same
selector (and the map from the same drawing) as its page."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .selectors.actors import ActorMap
from .selectors.initiatives import Cycle


def cycle_filename(year: int) -> str:
    """strategisk-arscykel-2026.pdf (in the active language)."""
    title = _("Strategic cycle")
    return f"{slugify(title)}-{year}.pdf"


def cycle_pdf(cycle: Cycle) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    html = render_to_string(
        "collaboration/cycle_pdf.html", {"cycle": cycle, "generated": timezone.localdate()}
    )
    return HTML(string=html).write_pdf()


def actor_map_filename() -> str:
    """aktorskarta.pdf (in the active language)."""
    title = _("Actor map")
    return f"{slugify(title)}.pdf"


def actor_map_pdf(actor_map: ActorMap, *, title: str, svg: str, kinds: dict[str, str]) -> bytes:
    """The same drawing as the page, and its links as a table."""
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes 1.6 s to import: loaded with the first PDF

    html = render_to_string(
        "collaboration/actor_map_pdf.html",
        {
            "map": actor_map,
            "title": title,
            "svg": svg,
            "kinds": kinds,
            "generated": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()
