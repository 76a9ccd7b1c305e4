"""Background work of the matching, run by `manage.py db_worker`: the model never runs in a
request."""

from django.tasks import task

from kompetensnav.campus.models import Course
from kompetensnav.visits.models import Need

from . import services


@task(queue_name="default")
def courses_changed_task(*, course_ids: list[int]) -> str:
    """Courses were saved (or their areas or status changed), in one transaction: embed each
    whose text changed, then match the current needs again once, since an offer may have
    come or gone. A course deleted before the worker came to it is skipped."""
    for course in Course.objects.filter(pk__in=course_ids).order_by("pk"):
        services.course_vector_refresh(course=course)
        services.course_vector_touch(course=course)
    return f"{services.needs_rematch()} needs matched"


@task(queue_name="default")
def course_changed_task(*, course_id: int) -> str:
    """One course (tasks queued before courses_changed_task took its place)."""
    return courses_changed_task.call(course_ids=[course_id])


@task(queue_name="default")
def need_changed_task(*, need_id: int) -> str:
    need = Need.objects.select_related("area").filter(pk=need_id).first()
    if need is None:
        return "skipped"  # deleted before the worker came to it
    found = services.need_match(need=need)
    return f"{len(found)} courses"


@task(queue_name="default")
def needs_imported_task(*, need_ids: list[int]) -> str:
    """A batch of imported needs: matched together, with the course index built once. No
    notices: imported needs are history, not news."""
    return f"{services.needs_rematch(needs=Need.objects.filter(pk__in=need_ids))} needs matched"


@task(queue_name="default")
def vocabulary_changed_task() -> str:
    return f"{services.needs_rematch()} needs matched"
