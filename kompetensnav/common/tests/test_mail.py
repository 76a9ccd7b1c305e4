"""Mail is sent after the commit by the task worker, with text attachments."""

import pytest
from django.core import mail
from django.db import transaction

from kompetensnav.common.mail import queue_email
from tests.tasks import run_queued_tasks

# Not a transactional test: a mix of transactional tests with and without serialized rollback
# breaks whichever runs after the other. The commit is the test transaction's on-commit hook.
pytestmark = pytest.mark.django_db


def test_queue_email_sends_after_commit_with_attachment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_email(
            subject="Bekräftelse",
            body="Välkommen",
            to=["deltagare@example.se"],
            attachments=[("kurs.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
        assert run_queued_tasks() == 0  # nothing is queued before the commit
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert run_queued_tasks() == 1
    (message,) = mail.outbox
    assert message.to == ["deltagare@example.se"]
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("kurs.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in content


def test_queue_email_rolled_back_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_email(subject="x", body="y", to=["a@example.se"])
        raise RuntimeError
    assert callbacks == []
    assert run_queued_tasks() == 0
    assert mail.outbox == []
