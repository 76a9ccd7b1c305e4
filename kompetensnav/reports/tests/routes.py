"""The reports' routes in the permission matrix (tests/test_permission_matrix.py)."""

from datetime import date

from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.reports.models import CompetenceReport, CompetenceVersion, ReportJob
from tests.permissions import ALL_ROLES, Route

# The key figures are the whole network's: every role with an affiliation may see them and
# download them (for the current year when no period is given).
# The annual report (rules.py): coordinators make and delete it; the board and organisation
# admins read it and download its files. Report jobs are network-wide, so there is no
# "foreign" job: a job another coordinator made is found by every reader.
READERS = {Role.COORDINATOR.value, Role.BOARD.value, Role.ORG_ADMIN.value}
COORDINATOR = {Role.COORDINATOR.value}


def _job(w):
    return {"pk": w["report_job"].pk}


def _waiting_job(w):
    return {"pk": w["report_job_waiting"].pk}


def _analysis(w):
    return {"pk": w["competence_report"].pk}


def _draft(w):
    return {"pk": w["competence_draft"].pk}


def _version(w):
    return {"pk": w["competence_version"].pk}


def _waiting_version(w):
    return {"pk": w["competence_version_waiting"].pk}


ROUTES = {
    "reports:figures": Route(allowed=ALL_ROLES),
    "reports:figures_xlsx": Route(allowed=ALL_ROLES),
    "reports:figures_pdf": Route(allowed=ALL_ROLES),
    "reports:annual": Route(allowed=READERS),
    "reports:annual_generate": Route(
        allowed=COORDINATOR, method="post", ok=302, data={"year": "2025", "language": "sv"}
    ),
    "reports:annual_job": Route(allowed=READERS, kwargs=_job),
    "reports:annual_job_pdf": Route(allowed=READERS, kwargs=_job),
    "reports:annual_job_xlsx": Route(allowed=READERS, kwargs=_job),
    "reports:annual_job_delete": Route(allowed=COORDINATOR, kwargs=_job),
    # readers see a report being made, but stopping it is the coordinators' (like deleting)
    "reports:annual_job_cancel": Route(allowed=COORDINATOR, kwargs=_waiting_job),
    # the competence analysis: the same readers; coordinators write, preview, publish, delete
    "reports:competence": Route(allowed=READERS),
    "reports:competence_create": Route(allowed=COORDINATOR),
    "reports:competence_report": Route(allowed=READERS, kwargs=_analysis),
    "reports:competence_texts": Route(allowed=COORDINATOR, kwargs=_analysis),
    "reports:competence_preview": Route(
        allowed=COORDINATOR, method="post", ok=302, kwargs=_analysis
    ),
    "reports:competence_publish": Route(allowed=COORDINATOR, kwargs=_analysis),
    "reports:competence_delete": Route(allowed=COORDINATOR, kwargs=_draft),
    "reports:competence_version": Route(allowed=READERS, kwargs=_version),
    "reports:competence_version_pdf": Route(allowed=READERS, kwargs=_version),
    "reports:competence_version_xlsx": Route(allowed=READERS, kwargs=_version),
    "reports:competence_version_cancel": Route(allowed=COORDINATOR, kwargs=_waiting_version),
}


def extend_world(world: dict) -> None:
    # a finished report with (tiny stand-in) files, so the downloads answer 200
    world["report_job"] = ReportJob.objects.create(
        year=2025,
        language="sv",
        status=ReportJob.Status.DONE,
        progress=100,
        pdf=b"%PDF-1.7 stand-in",
        xlsx=b"PK stand-in",
        requested_by=world["users"][Role.COORDINATOR.value],
    )
    # one waiting for the worker, which can be cancelled (its page asks first)
    world["report_job_waiting"] = ReportJob.objects.create(
        year=2024, language="sv", requested_by=world["users"][Role.COORDINATOR.value]
    )
    # a published competence analysis with (stand-in) files, one waiting, and a draft
    coordinator = world["users"][Role.COORDINATOR.value]
    analysis = CompetenceReport.objects.create(
        date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), region_name="Hela nätverket",
        language="sv", introduction="Inledning.", created_by=coordinator,
    )  # fmt: skip
    world["competence_report"] = analysis
    world["competence_version"] = CompetenceVersion.objects.create(
        report=analysis, kind=CompetenceVersion.Kind.PUBLISHED,
        status=CompetenceVersion.Status.DONE, progress=100, pdf=b"%PDF-1.7 stand-in",
        xlsx=b"PK stand-in", figures={"totals": {"needs": 3}}, requested_by=coordinator,
        finished_at=timezone.now(),
    )  # fmt: skip
    world["competence_version_waiting"] = CompetenceVersion.objects.create(
        report=analysis, kind=CompetenceVersion.Kind.PREVIEW, requested_by=coordinator
    )
    world["competence_draft"] = CompetenceReport.objects.create(
        date_from=date(2026, 1, 1), date_to=date(2026, 6, 30), region_name="Hela nätverket",
        language="sv", created_by=coordinator,
    )  # fmt: skip
