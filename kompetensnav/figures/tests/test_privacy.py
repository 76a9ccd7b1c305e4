"""Small numbers in shared figures (figures/privacy.py): the rule itself. The same rule in
the key figures page, its XLSX and PDF and the annual report is tested with them
(kompetensnav/reports/tests/test_privacy.py), in the figures command's text with the command
(kompetensnav/reports/tests/test_figures_command.py) and in the API's /figures with the API
(kompetensnav/api/tests/test_figures.py)."""

from decimal import Decimal

from django.utils.translation import override

from kompetensnav.figures.privacy import (
    THRESHOLD,
    Hidden,
    hidden_cells,
    hidden_keys,
    suppress_series,
)
from kompetensnav.figures.registry import about_people, breakdowns, share

FEW, NOT_SHOWN = Hidden(few=True), Hidden()
HOURS = ("attendance_hours_total", "attendance_hours_mean", "attendance_hours_max")


def _figures(gender: dict[str, int], hours: float = 3.0) -> dict:
    """compute()'s gender and hours figures for these attendees."""
    attended = sum(gender.values())
    return {
        "participants_attended": attended,
        "attendance_hours_total": Decimal(str(hours * attended)),
        "attendance_hours_mean": Decimal(str(hours)) if attended else Decimal(0),
        "attendance_hours_max": Decimal(str(hours)) if attended else Decimal(0),
        "participants_by_gender": {"F": 0, "M": 0, "X": 0, "unknown": 0, **gender},
    }


def test_one_attendee_hides_every_gender_cell_and_the_hours():
    shared = share(_figures({"F": 1}))
    assert shared["participants_attended"] == 1  # the number of people alone is shown
    assert shared["participants_by_gender"] == {"F": FEW, "M": FEW, "X": FEW, "unknown": FEW}
    assert all(shared[key] == NOT_SHOWN for key in HOURS)
    assert str(FEW) == "< 5"


def test_threshold_four_people_hidden_five_shown():
    four = share(_figures({"F": 4, "M": 12}))["participants_by_gender"]
    # the 4 and the empty cells beside it are "< 5"; the 12 is shown
    assert four == {"F": FEW, "M": 12, "X": FEW, "unknown": FEW}
    five = share(_figures({"F": 5, "M": 12}))["participants_by_gender"]
    assert five == {"F": 5, "M": 12, "X": 0, "unknown": 0}


def test_attendance_hours_hidden_below_five_attendees_shown_from_five():
    assert all(share(_figures({"F": 2, "M": 2}))[key] == NOT_SHOWN for key in HOURS)
    shown = share(_figures({"F": 3, "M": 2}))
    assert shown["attendance_hours_total"] == Decimal("15.0")
    assert shown["attendance_hours_mean"] == shown["attendance_hours_max"] == Decimal("3.0")
    nobody = share(_figures({}))
    assert nobody["attendance_hours_total"] == 0  # nothing to hide
    assert nobody["participants_by_gender"] == {"F": 0, "M": 0, "X": 0, "unknown": 0}


def test_a_single_small_cell_hides_the_smallest_other_cell_too():
    gender = {"F": 3, "M": 40, "X": 7, "unknown": 6}
    shared = share(_figures(gender))["participants_by_gender"]
    assert shared == {"F": FEW, "M": 40, "X": 7, "unknown": NOT_SHOWN}
    with override("en"):
        assert str(NOT_SHOWN) == "not shown"
    # the total minus the cells shown leaves two cells together: neither can be told
    shown = sum(v for v in shared.values() if isinstance(v, int))
    assert sum(gender.values()) - shown == gender["F"] + gender["unknown"]


def test_which_cells_are_hidden_does_not_tell_where_the_few_are():
    """Were only the cell of 1–4 hidden (and a zero beside it the complement), the choice of
    the complement would point at the small cell."""
    lone = [hidden_cells({"F": 0, "M": 0, "X": 0, "unknown": 0, code: 1}) for code in "FMX"]
    assert lone[0] == lone[1] == lone[2] == {"F", "M", "X", "unknown"}
    among_many = [
        hidden_cells({"F": 0, "M": 30, "X": 0, "unknown": 0, code: 2}) for code in ("F", "X")
    ]
    assert among_many[0] == among_many[1] == {"F", "X", "unknown"}


def test_hidden_keys_name_the_hidden_values():
    shared = share(_figures({"F": 2, "M": 9, "X": 0, "unknown": 5}))
    assert hidden_keys(shared) == ["participants_by_gender.F", "participants_by_gender.X"]
    assert hidden_keys(share(_figures({"M": 3}))) == [
        "attendance_hours_total",
        "attendance_hours_mean",
        "attendance_hours_max",
        "participants_by_gender.F",
        "participants_by_gender.M",
        "participants_by_gender.X",
        "participants_by_gender.unknown",
    ]


def test_months_with_few_attendees_are_hidden_with_a_complement():
    hours = [Decimal(30), Decimal(6), Decimal(25), *([Decimal(0)] * 9)]
    people = [10, 2, 8, *([0] * 9)]
    shared = suppress_series(hours, people)
    # February's 2 people and the empty months are hidden: their hours do not follow from
    # the year's total minus the months shown
    assert shared[:3] == [Decimal(30), NOT_SHOWN, Decimal(25)]
    assert all(value == NOT_SHOWN for value in shared[3:])
    only_one = suppress_series([Decimal(30), Decimal(6), Decimal(25)], [10, 2, 8])
    assert only_one == [Decimal(30), NOT_SHOWN, NOT_SHOWN]  # 8 < 10: the smaller other month


def test_threshold_is_five():
    assert THRESHOLD == 5


def test_which_figures_the_rule_hides_comes_from_their_declarations():
    assert breakdowns() == {"participants_by_gender": "participants_attended"}
    assert about_people() == dict.fromkeys(HOURS, "participants_attended")
