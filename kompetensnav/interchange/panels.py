"""The sections interchange adds to other apps' pages (common/panels.py): a coordinator's
latest imports on the start page, those that need them first."""

from django.http import HttpRequest

from kompetensnav.accounts.acting import acting_role
from kompetensnav.accounts.enums import Role

from .models import ImportJob
from .selectors import import_job_list

SHOWN = 5
# imports that wait for the coordinator: checked and ready to confirm, or refused
NEED_YOU = (ImportJob.Status.VALID, ImportJob.Status.INVALID, ImportJob.Status.FAILED)


def home(request: HttpRequest, user) -> dict | None:
    if acting_role(request.user) != Role.COORDINATOR or not request.user.has_perm(
        "interchange.use_web_import"
    ):
        return None
    latest = list(import_job_list(actor=request.user)[:SHOWN])
    return {"jobs": latest, "need_you": NEED_YOU}
