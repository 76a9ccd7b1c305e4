"""Background work of the web import, run by `manage.py db_worker`: the check of an upload
(every row, a dry run) and the import of a confirmed one."""

from django.tasks import task

from . import services
from .models import ImportJob


@task(queue_name="default")
def check_import_job(*, job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "skipped"  # deleted before the worker came to it
    return services.import_job_check(job=job).status


@task(queue_name="default")
def run_import_job(*, job_id: int, **_before_leases) -> str:
    """`_before_leases`: tasks queued by an older version also named the user and the
    affiliation; the job itself says whom to act for now (acting_affiliation)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not services.import_job_start(job=job):
        return "skipped"  # cancelled or already taken
    # The import acts for the affiliation the user confirmed with, checked again now.
    actor = services.job_actor(job)
    job = services.import_job_run(actor=actor, job=job, progress_connection=True)
    return job.status
