"""How a figure's value reads for people: the same in the tables of the pages, the charts'
numbers, the spreadsheets and the PDFs."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MISSING = "–"


def format_value(value) -> str:
    """A figure's value for people: 1 234, 12,5, yes/no, – where there is none, and "< 5"
    or "not shown" where privacy.py hides it."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, (float, Decimal)):
        # rounded half up, as the figures and common's format_hours round (number_format
        # alone would round half to even: 2,25 hours as 2,2)
        tenths = Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return number_format(tenths, decimal_pos=1, use_l10n=True, force_grouping=True)
    return str(value)
