"""The matching follows what happens in other apps: a saved course or need, a course's areas,
a change of the vocabulary. Work is enqueued after the commit and done by the worker."""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from kompetensnav.campus.models import Course
from kompetensnav.campus.signals import courses_imported
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


class _CoursesChanged:
    """The courses changed in one transaction, handed to the worker in one task when it
    commits: a course saved and its areas set, or an import's hundreds of courses, have the
    needs matched again once, not once per save."""

    def __init__(self) -> None:
        self.course_ids: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        courses_changed_task.enqueue(course_ids=sorted(self.course_ids))

    def waiting(self) -> bool:
        """Whether it still waits for its transaction's commit (a rollback drops it)."""
        connection = transaction.get_connection()
        return not self.done and any(entry[1] is self for entry in connection.run_on_commit)


_current = threading.local()  # per thread: its transaction's _CoursesChanged


def _course_changed(course_id: int) -> None:
    changed = getattr(_current, "courses", None)
    fresh = changed is None or not changed.waiting()
    if fresh:
        changed = _current.courses = _CoursesChanged()
    changed.course_ids.add(course_id)
    if fresh:  # after the id is in: outside a transaction, on_commit runs it at once
        transaction.on_commit(changed)


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


@receiver(courses_imported, dispatch_uid="analysis_courses_imported")
def courses_written_in_bulk(sender, course_ids: list[int], **kwargs) -> None:
    """An import's courses written without a save() each: matched as saved ones are, in one
    task when the transaction commits."""
    for course_id in course_ids:
        _course_changed(course_id)


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
