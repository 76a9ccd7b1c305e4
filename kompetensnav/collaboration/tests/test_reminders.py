"""Reminders of council action items, through the real task queue: before the due date and
when overdue, each once per due date; a moved date is reminded again."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kompetensnav.collaboration.enums import ActionStatus
from kompetensnav.collaboration.models import ActionItem
from kompetensnav.collaboration.services.councils import action_reminders_send
from tests.tasks import run_queued_tasks

from .council_world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(today): the reminders of `today`, then the mail task run as the worker runs it
    (mail is enqueued when the transaction commits)."""

    def _send(today) -> tuple[int, int]:
        with django_capture_on_commit_callbacks(execute=True):
            result = action_reminders_send(base_url="https://kompetens.example.se", today=today)
        run_queued_tasks()
        return result

    return _send


def test_owner_is_reminded_once_before_the_due_date_and_once_when_overdue(send):
    world = build()
    due = world.action.due
    assert send(due - timedelta(days=4)) == (0, 0)
    assert send(due - timedelta(days=3)) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ledamot@example.se"]
    assert "Ta fram en kursplan" in message.subject and due.isoformat() in message.subject
    assert (
        f"https://kompetens.example.se/collaboration/councils/{world.council.pk}/" in message.body
    )
    assert send(due - timedelta(days=1)) == (0, 0)  # nothing twice
    assert send(due) == (0, 0)
    assert send(due + timedelta(days=1)) == (0, 1)
    assert len(mail.outbox) == 2
    assert "Försenad" in mail.outbox[1].subject
    assert send(due + timedelta(days=2)) == (0, 0)


def test_a_moved_due_date_is_reminded_again(send):
    world = build()
    first = world.action.due
    send(first - timedelta(days=1))
    world.action.due = first + timedelta(days=14)
    world.action.save()
    assert send(world.action.due - timedelta(days=2)) == (1, 0)
    assert len(mail.outbox) == 2


def test_done_actions_owners_without_address_and_ended_councils_get_nothing(send):
    world = build()
    today = timezone.localdate()
    world.action.status = ActionStatus.DONE
    world.action.save()
    world.chair.email = ""
    world.chair.save()
    ActionItem.objects.create(
        council=world.council, title="Utan adress", owner=world.chair, due=today
    )
    assert send(today) == (0, 0)
    world.council.ends = today - timedelta(days=1)
    world.council.save()
    world.action.status = ActionStatus.OPEN
    world.action.save()
    assert send(world.action.due) == (0, 0)
    assert mail.outbox == []


def test_daily_runs_the_reminders(django_capture_on_commit_callbacks):
    world = build()
    world.action.due = timezone.localdate() + timedelta(days=1)
    world.action.save()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders", stdout=out)
    assert "1 reminders before the due date" in out.getvalue()
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["ledamot@example.se"]]
