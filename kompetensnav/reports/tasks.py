"""Background work of the annual report, run by `manage.py db_worker`."""

from django.tasks import task

from . import services
from .models import CompetenceVersion, ReportJob


@task(queue_name="default")
def run_report_job(*, job_id: int) -> str:
    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "skipped"  # deleted before the worker came to it
    return services.report_job_run(job=job).status


@task(queue_name="default")
def run_competence_version(*, job_id: int) -> str:
    version = CompetenceVersion.objects.select_related("report").filter(pk=job_id).first()
    if version is None:
        return "skipped"  # deleted before the worker came to it
    return services.competence_version_run(version=version).status
