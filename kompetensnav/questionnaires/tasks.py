from django.tasks import task

from .services import responses_purge


@task(queue_name="default")
def purge_task() -> int:
    """Delete responses past their retention period (run daily by the scheduler)."""
    return responses_purge()
