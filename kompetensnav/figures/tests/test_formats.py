"""A figure's value as people read it (figures/formats.py), rounded as the figures round."""

from decimal import Decimal

import pytest
from django.utils.translation import override

from kompetensnav.common.templatetags.swedish import format_hours
from kompetensnav.figures.formats import format_value
from kompetensnav.figures.privacy import Hidden

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.25"), "2,3"),  # half up, not half to even
        (Decimal("2.35"), "2,4"),
        (2.25, "2,3"),
        (Decimal("1234.05"), f"1{NBSP}234,1"),
        (1234, f"1{NBSP}234"),
        (True, "ja"),
        (False, "nej"),
        (None, "–"),
        (Hidden(few=True), "< 5"),
    ],
)
def test_values_read_the_swedish_way(value, shown):
    with override("sv"):
        assert format_value(value) == shown


def test_hours_read_the_same_in_figures_and_elsewhere():
    with override("sv"):
        for hours in ("0.05", "2.25", "7.75", "1234.45"):
            assert format_value(Decimal(hours)) == format_hours(Decimal(hours))
