"""Numbers and money the Swedish way: 1 234 567 kr, 1 234,5 hours."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sek(value: object, decimals: int = 0) -> str:
    """Format an amount in kronor: `1 234 567 kr` (grouping follows the active language)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    formatted = number_format(amount, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)
    return _("%(amount)s kr") % {"amount": formatted}


@register.filter
def grouped(value: Decimal | float | str | None, decimals: int | None = None) -> str:
    """A number with thousands grouping, e.g. 12 345."""
    if value is None or value == "":
        return ""
    if not isinstance(value, (int, float, Decimal, str)):
        return str(value)  # not a number: e.g. a value hidden by figures/privacy.py, "< 5"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_hours(value: Decimal | float | str | None) -> str:
    """Hours as every page, PDF, e-mail and calendar file writes them: one decimal, rounded
    half up as the key figures are, grouped (1 234,5 in Swedish); empty for nothing."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    return number_format(amount, decimal_pos=1, use_l10n=True, force_grouping=True)


@register.filter
def hours(value: Decimal | float | str | None) -> str:
    """{{ value|hours }}: see format_hours."""
    return format_hours(value)
