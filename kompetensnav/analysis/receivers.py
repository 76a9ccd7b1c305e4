"""The matching follows what happens in other apps: a saved course or need, a course's areas,
a change of the vocabulary. Work is enqueued after the commit and done by the worker."""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from kompetensnav.campus.models import Course
from kompetensnav.competences.signals import vocabulary_changed
from kompetensnav.visits.models import Need
from kompetensnav.visits.signals import needs_imported

from .tasks import (
    courses_changed_task,
    need_changed_task,
    needs_imported_task,
    vocabulary_changed_task,
)


def _enqueue(task, **kwargs) -> None:
    transaction.on_commit(lambda: task.enqueue(**kwargs))


# The courses changed and not yet handed to the worker, per thread. Every change asks for a
# flush after its commit; the first flush of a commit hands over all of them in one task (a
# course saved and its areas set, or an import's hundreds of courses: one match of the
# needs, not one per save), the others find nothing left. A change rolled back stays until
# the next commit's flush, whose task skips a course that does not exist.
_pending = threading.local()


def _course_changed(course_id: int) -> None:
    if not hasattr(_pending, "courses"):
        _pending.courses = set()
    _pending.courses.add(course_id)
    transaction.on_commit(_flush_courses)


def _flush_courses() -> None:
    courses = getattr(_pending, "courses", set())
    if courses:
        _pending.courses = set()
        courses_changed_task.enqueue(course_ids=sorted(courses))


@receiver(post_save, sender=Course, dispatch_uid="analysis_course_saved")
def course_saved(sender, instance: Course, raw: bool = False, **kwargs) -> None:
    if raw:
        return

    _course_changed(instance.pk)


@receiver(m2m_changed, sender=Course.areas.through, dispatch_uid="analysis_course_areas")
def course_areas_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if reverse or action not in {"post_add", "post_remove", "post_clear"}:
        return

    _course_changed(instance.pk)


@receiver(post_save, sender=Need, dispatch_uid="analysis_need_saved")
def need_saved(sender, instance: Need, raw: bool = False, **kwargs) -> None:
    if raw:
        return

    _enqueue(need_changed_task, need_id=instance.pk)


@receiver(needs_imported, dispatch_uid="analysis_needs_imported")
def needs_written_in_bulk(sender, need_ids: list[int], **kwargs) -> None:
    """One task per imported batch, not one per need."""
    if need_ids:
        _enqueue(needs_imported_task, need_ids=need_ids)


@receiver(vocabulary_changed, dispatch_uid="analysis_vocabulary_changed")
def vocabulary_saved(sender, area_ids, **kwargs) -> None:
    vocabulary_changed_task.enqueue()
