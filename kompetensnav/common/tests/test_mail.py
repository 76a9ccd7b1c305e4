"""Mail is sent after the commit by the task worker, with text attachments."""

import pytest
from django.core import mail
from django.db import transaction

from kompetensnav.common.mail import queue_email
from tests.tasks import run_queued_tasks

# Real commits. serialized_rollback as in every transactional test here: the flush after a
# test without it re-creates content types, and the next serialized test could not restore.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_queue_email_sends_after_commit_with_attachment():
    with transaction.atomic():
        queue_email(
            subject="Bekräftelse",
            body="Välkommen",
            to=["deltagare@example.se"],
            attachments=[("kurs.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
        assert mail.outbox == []
    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == ["deltagare@example.se"]
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("kurs.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in content


def test_queue_email_rolled_back_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(subject="x", body="y", to=["a@example.se"])
        raise RuntimeError
    run_queued_tasks()
    assert mail.outbox == []
