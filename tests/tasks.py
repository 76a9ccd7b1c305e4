"""Run queued background tasks inside a test, the way `manage.py db_worker` does, but without
its connection housekeeping (which would close the test's transaction)."""

from django.db import transaction
from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> int:
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    count = 0
    while True:
        with transaction.atomic():  # as the worker: lock the row, claim it, commit
            task_result = DBTaskResult.objects.ready().get_locked()
            if task_result is None:
                break
            task_result.claim(worker.worker_id)
        # In the worker a task's transaction commits; here the test's never does, so what a
        # task leaves for after commit (e.g. its e-mail) runs when the task is done, and the
        # tasks that enqueues are run by this same loop.
        with TestCase.captureOnCommitCallbacks(execute=True):
            worker.run_task(task_result)
        count += 1
    return count
