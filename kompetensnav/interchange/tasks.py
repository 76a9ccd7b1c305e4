"""Background work of the web import, run by `manage.py db_worker`."""

from django.tasks import task

from kompetensnav.accounts.models import Affiliation, User

from .models import ImportJob


@task(queue_name="default")
def run_import_job(*, job_id: int, user_id: int, affiliation_id: int | None) -> str:
    from . import services

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not services.import_job_start(job=job):
        return "skipped"  # cancelled or already taken
    user = User.objects.get(pk=user_id)
    # The import acts for the affiliation the user confirmed with, checked again now.
    user.affiliation = Affiliation.objects.active().filter(pk=affiliation_id, user=user).first()
    job = services.import_job_run(actor=user, job=job, progress_connection=True)
    return job.status
