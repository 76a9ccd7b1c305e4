"""Control characters in imported cells (issue 10, point 3): a single-line column refuses
line breaks and other control characters with a clear message (a tab becomes a space); the
few multi-line columns keep line breaks. Whatever a parser lets through is clean."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from kompetensnav.common.text import (
    has_control_characters,
    has_control_characters_beyond_lines,
)
from kompetensnav.interchange import fields
from kompetensnav.interchange.fields import CellError
from kompetensnav.interchange.registry import KINDS
from kompetensnav.network.models import Organisation

# The columns whose cells may hold several lines (they fill a TextField). A new one is a
# decision: add it here.
MULTI_LINE_COLUMNS = {
    ("courses", "description"),
    ("visits", "notes"),
    ("needs", "description"),
    ("councils", "purpose"),
    ("priorities", "rationale"),
    ("initiatives", "description"),
}
HOSTILE = [
    "Hotell\nsvenska",
    "Hotell\r\nsvenska",
    "Hotell\rsvenska",
    "Hotell\x0bsvenska",
    "Hotell\x1b[31msvenska",
    "Hotell\x85svenska",
    "Hotell\u2028svenska",
    "2026-01-01\n",
    "12\x1c3",
    "published\x00",
    "true\x0c",
    "o1;o2\nBcc: x",
    "556677\n8890",
]


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def _columns():
    for kind in KINDS.values():
        for column in kind.columns:
            yield kind.name, column


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_every_import_column_refuses_or_cleans_control_characters(value):
    """Every parser of every kind either refuses the cell or returns a value without a
    control character (a multi-line column: without one other than tab and line breaks)."""
    leaks = []
    for kind_name, column in _columns():
        try:
            parsed = column.parse(value)
        except CellError as exc:
            assert not has_control_characters(str(exc))  # the message quotes it on one line
            continue
        multi = (kind_name, column.name) in MULTI_LINE_COLUMNS
        check = has_control_characters_beyond_lines if multi else has_control_characters
        values = parsed if isinstance(parsed, list) else [parsed]
        if any(check(item) for item in values):
            leaks.append(f"{kind_name}.{column.name}")
    assert leaks == []


def test_multi_line_columns_exist_and_keep_line_breaks():
    by_key = {(kind_name, column.name): column for kind_name, column in _columns()}
    for key in MULTI_LINE_COLUMNS:
        assert by_key[key].parse("Rad 1\r\nRad 2\n\tindrag") == "Rad 1\r\nRad 2\n\tindrag"
        with pytest.raises(CellError):
            by_key[key].parse("Rad 1\x1bRad 2")


def test_text_tab_becomes_a_space():
    assert fields.text(50)("Hotell\tsvenska") == "Hotell svenska"
    assert fields.Column("x").parse("a\tb") == "a b"


def test_text_line_break_message_says_what_to_do():
    with pytest.raises(CellError) as info:
        fields.text(50)("Hotell\nsvenska")
    assert "one line" in str(info.value) and "Alt+Enter" in str(info.value)


def test_choice_message_quotes_the_value_on_one_line():
    with pytest.raises(CellError) as info:
        fields.choice(["a", "b"])("c\r\nd")
    assert "“c d”" in str(info.value)


@pytest.mark.django_db
def test_import_title_with_line_break_reports_the_cell_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "o.csv"
    path.write_text(
        'id,name,kind\no1,"Lärcentrum\nHjo",learning_centre\no2,Lärcentrum\tLidköping,'
        "learning_centre\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import", "organisations", str(path))
    err = capsys.readouterr().err
    assert "row 1, column name: " in err and "one line" in err
    assert not Organisation.objects.filter(external_id__in=["o1", "o2"]).exists()


@pytest.mark.django_db
def test_import_tab_in_a_name_is_imported_as_a_space(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("id,name,kind\no2,Lärcentrum\tLidköping,learning_centre\n", encoding="utf-8")
    call_command("import", "organisations", str(path))
    assert Organisation.objects.get(external_id="o2").name == "Lärcentrum Lidköping"
