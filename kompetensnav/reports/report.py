"""The key figures of a period as the page, the spreadsheet and the PDF show them: grouped by
area, labelled, dict-valued figures split into parts. The numbers come from compute(), the
same code as `manage.py figures`; nothing here computes a figure. Small numbers are hidden
by the rule of figures/privacy.py (compute_shared)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from kompetensnav.common.datacache import remember
from kompetensnav.figures import labels
from kompetensnav.figures.formats import format_value
from kompetensnav.figures.privacy import THRESHOLD, hidden_keys
from kompetensnav.figures.registry import Period, compute_shared

# Translators: the title of the key figures page and its downloads; Swedish
# "Verksamheten i siffror".
TITLE = gettext_lazy("Activities in figures")


@dataclass(frozen=True)
class Part:
    """One entry of a dict-valued figure, e.g. the women of participants_by_gender."""

    key: str
    label: str
    value: object

    @property
    def display(self) -> str:
        return format_value(self.value)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: object  # a number, a bool, None, or a dict (then `parts` lists its entries)
    parts: tuple[Part, ...] = ()

    @property
    def display(self) -> str:
        return format_value(self.value)

    @property
    def is_dict(self) -> bool:
        return isinstance(self.value, dict)

    def flat(self) -> list[tuple[str, str, object]]:
        """(key, label, value) per cell: one for a plain figure, one per part of a dict."""
        if not self.is_dict:
            return [(self.key, str(self.label), self.value)]
        return [(f"{self.key}.{p.key}", f"{self.label}: {p.label}", p.value) for p in self.parts]


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    rows: list[Row]


@dataclass
class KeyFigures:
    period: Period
    values: dict[str, object]
    groups: list[Group] = field(default_factory=list)
    headlines: list[Row] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def suppressed(self) -> list[str]:
        """The keys of the values hidden because they concern fewer than THRESHOLD people."""
        return hidden_keys(self.values)

    @property
    def threshold(self) -> int:
        return THRESHOLD

    @property
    def nothing_recorded(self) -> bool:
        """Every figure is 0 or missing: nothing happened (or was recorded) in the period."""
        return not any(_has_something(v) for v in self.values.values())


def _has_something(value) -> bool:
    if isinstance(value, dict):
        return any(_has_something(v) for v in value.values())
    return value not in (None, 0, False)


def _row(key: str, value) -> Row:
    parts = ()
    if isinstance(value, dict):
        parts = tuple(Part(str(k), labels.part_label(str(k)), v) for k, v in value.items())
    return Row(key, labels.label(key), value, parts)


def shared_figures(period: Period) -> dict[str, object]:
    """compute_shared(period), kept until the network's data changes (common.datacache): the
    page, its files, the API and the annual report ask for the same period many times, and
    at national scale each computation scans a year of attendance. `manage.py figures`
    computes afresh."""
    key = (
        period.start,
        period.end,
        getattr(period.project, "pk", None),
        getattr(period.organisation, "pk", None),
    )
    return remember("figures", key, lambda: compute_shared(period))


def key_figures(period: Period) -> KeyFigures:
    values = shared_figures(period)
    rows = {key: _row(key, value) for key, value in values.items()}
    groups = []
    for area, area_label in labels.AREAS.items():
        in_area = [row for key, row in rows.items() if labels.area(key) == area]
        if in_area:
            groups.append(Group(area, area_label, in_area))
    # a tile holds one number: dict-valued figures are in the table only
    headlines = [rows[k] for k in labels.headlines() if k in rows and not rows[k].is_dict]
    return KeyFigures(period=period, values=values, groups=groups, headlines=headlines)


def period_text(start: date, end: date) -> str:
    """2026, 2025–2026, or 1 januari 2026 – 30 juni 2026."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"


def period_slug(start: date, end: date) -> str:
    """For file names: 2026, 2025-2026, or 2026-01-01_2026-06-30."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    return f"{start.isoformat()}_{end.isoformat()}"
