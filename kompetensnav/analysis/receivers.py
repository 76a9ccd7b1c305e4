"""The matching follows what happens in other apps: a saved course or need, a course's areas,
a change of the vocabulary. Work is enqueued after the commit and done by the worker."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from kompetensnav.campus.models import Course
from kompetensnav.competences.signals import vocabulary_changed
from kompetensnav.visits.models import Need
from kompetensnav.visits.signals import needs_imported

from .tasks import (
    course_changed_task,
    need_changed_task,
    needs_imported_task,
    vocabulary_changed_task,
)


def _enqueue(task, **kwargs) -> None:
    transaction.on_commit(lambda: task.enqueue(**kwargs))


@receiver(post_save, sender=Course, dispatch_uid="analysis_course_saved")
def course_saved(sender, instance: Course, raw: bool = False, **kwargs) -> None:
    if raw:
        return

    _enqueue(course_changed_task, course_id=instance.pk)


@receiver(m2m_changed, sender=Course.areas.through, dispatch_uid="analysis_course_areas")
def course_areas_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if reverse or action not in {"post_add", "post_remove", "post_clear"}:
        return

    _enqueue(course_changed_task, course_id=instance.pk)


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
