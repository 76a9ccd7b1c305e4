"""Courses changed in one transaction are handed to the worker in one task
(analysis/receivers.py): a course saved and its areas set, or an import of many courses,
has the needs matched again once, not once per save (each match reads every current need)."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from kompetensnav.analysis.models import CourseVector
from kompetensnav.campus.models import Course
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

ORGS = "id,name,kind,municipality\nudd,Vuxenutbildningen Uddevalla,adult_education,1485\n"
COURSES = "id,title,provider,description,areas\n" + "".join(
    f"k{n},Kurs {n} i svetsning,udd,Svetsa tunnplåt del {n},Svetsning;Plåt\n" for n in range(1, 6)
)


def _queued() -> list[dict]:
    return [
        r.args_kwargs["kwargs"]
        for r in DBTaskResult.objects.filter(task_path__contains="course").order_by("enqueued_at")
    ]


def _import(tmp_path, commits) -> None:
    (tmp_path / "organisations.csv").write_text(ORGS, encoding="utf-8")
    (tmp_path / "courses.csv").write_text(COURSES, encoding="utf-8")
    with commits(execute=True):  # the test's commits: the callbacks run at its end
        call_command("import", "organisations", str(tmp_path / "organisations.csv"))
        call_command("import", "courses", str(tmp_path / "courses.csv"))


def test_an_import_of_courses_is_matched_once(tmp_path, django_capture_on_commit_callbacks):
    _import(tmp_path, django_capture_on_commit_callbacks)
    ids = sorted(Course.objects.values_list("pk", flat=True))
    assert len(ids) == 5
    assert _queued() == [{"course_ids": ids}]  # one task, every course of the import
    run_queued_tasks()
    assert CourseVector.objects.filter(course__in=ids).count() == 5  # each embedded
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_a_course_saved_and_its_areas_set_is_one_task_and_a_rollback_loses_nothing(
    tmp_path, django_capture_on_commit_callbacks
):
    commits = django_capture_on_commit_callbacks
    _import(tmp_path, commits)
    DBTaskResult.objects.all().delete()
    first, second = Course.objects.order_by("pk")[:2]

    with commits(execute=True), transaction.atomic():
        first.title_sv = "Svetsning för nybörjare"
        first.save()
        first.areas.set(first.areas.all()[:1])
    assert _queued() == [{"course_ids": [first.pk]}]

    # a change rolled back: no task, and nothing of it in the next commit's task
    with commits(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        second.save()
        raise RuntimeError
    assert len(_queued()) == 1
    with commits(execute=True), transaction.atomic():
        first.save()
    assert _queued()[1] == {"course_ids": [first.pk]}
    # two transactions one after the other: a task each
    with commits(execute=True), transaction.atomic():
        second.save()
    assert _queued()[2] == {"course_ids": [second.pk]}
    run_queued_tasks()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
