"""manage.py figures: the exact figures of the interchange contract as one JSON object, the
text for people with small numbers hidden (figures/privacy.py), and its options' errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.interchange.tests.test_import_commands import _full_network

from .test_privacy import DAY, _attended

pytestmark = pytest.mark.django_db


def test_figures_json_is_one_object(tmp_path, capsys):
    _full_network(tmp_path)
    capsys.readouterr()
    call_command("figures", "--from", "2020-01-01", "--to", "2020-12-31", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert figures["members"] == 1
    assert figures["municipalities_represented"] == 2
    assert figures["job_shadowings"] == 1
    assert figures["job_shadowings_transnational"] == 1
    assert figures["event_participants"] == 4
    assert figures["collaborations"] == 1
    assert figures["contacts"] == 2
    assert figures["contact_organisations"] == 1


def test_figures_rejects_bad_dates():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("figures", "--from", "2020-1-1x", "--to", "2020-12-31")
    with pytest.raises(CommandError, match="before"):
        call_command("figures", "--from", "2021-01-01", "--to", "2020-12-31")


def test_command_text_hides_small_numbers_and_json_keeps_the_contract():
    _attended(DAY, F=1)
    text = io.StringIO()
    call_command("figures", "--from", "2025-03-04", "--to", "2025-03-04", stdout=text)
    lines = dict(line.split(None, 1) for line in text.getvalue().splitlines()[:-1])
    assert json.loads(lines["participants_by_gender"]) == {
        "F": "< 5",
        "M": "< 5",
        "X": "< 5",
        "unknown": "< 5",
    }
    assert lines["attendance_hours_max"] == "not shown"
    assert lines["participants_attended"] == "1"
    assert text.getvalue().splitlines()[-1].startswith("Figures about fewer than 5 people")
    exact = io.StringIO()
    call_command("figures", "--from", "2025-03-04", "--to", "2025-03-04", "--json", stdout=exact)
    figures = json.loads(exact.getvalue())
    assert figures["participants_by_gender"] == {"F": 1, "M": 0, "X": 0, "unknown": 0}
    assert figures["attendance_hours_max"] == 2.5


def test_command_text_shows_five():
    _attended(DAY, F=5)
    text = io.StringIO()
    call_command("figures", "--from", "2025-03-04", "--to", "2025-03-04", stdout=text)
    lines = dict(line.split(None, 1) for line in text.getvalue().splitlines())
    assert json.loads(lines["participants_by_gender"]) == {"F": 5, "M": 0, "X": 0, "unknown": 0}
    assert lines["attendance_hours_total"] == "12.5"
    assert "Figures about fewer than" not in text.getvalue()
