"""manage.py daily: the day's jobs in one command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.common.management.commands import daily

pytestmark = pytest.mark.django_db


def test_daily_runs_every_job():
    out = StringIO()
    call_command("daily", stdout=out)
    text = out.getvalue()
    for job in ("check_cofinancing", "send_course_evaluations", "questionnaires_purge"):
        assert f"== {job}" in text
    assert "no new shortfalls" in text and "no evaluations due" in text
    assert "Deleted 0 responses" in text
    assert "== tell_followups_due" in text and "0 aviseringar om uppföljningar" in text
    assert "== send_notification_digest" in text and "0 sammanfattningar köade" in text
    assert "== send_action_reminders" in text and "0 reminders before the due date" in text
    assert "== recover_jobs" in text and "0 job(s) whose worker was lost" in text


def test_daily_goes_on_after_a_failing_job_and_fails_at_the_end(monkeypatch):
    monkeypatch.setattr(daily, "JOBS", ("no_such_job", "questionnaires_purge"))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="failed: no_such_job"):
        call_command("daily", stdout=out, stderr=err)
    assert "no_such_job failed" in err.getvalue()
    assert "Deleted 0 responses" in out.getvalue()
