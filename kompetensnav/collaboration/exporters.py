"""The strategic cycle's year as a PDF: the priorities, the initiatives that carry them out
and their outcomes side by side (the same selector as the page)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

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
