"""The steps of tests/test_scale_out.py that run inside the application, on that test's own
database with production settings: `manage.py shell -c "from tests.scale_out_steps import …"`.
Each prints what the test needs as one line of JSON."""

import json

from django.contrib.auth import get_user_model

from kompetensnav.accounts.enums import Role
from kompetensnav.interchange import services as imports
from kompetensnav.interchange.models import ImportJob
from kompetensnav.participants.tests.factories import course_with_sites
from tests.factories import AffiliationFactory, OrganisationFactory

IMPORT_PREFIX = "SKALA"


def organisations_file(job: int, rows: int) -> bytes:
    """A file of organisations for the web import, its ids of its own."""
    lines = ["id,name,kind"]
    lines += [f"{IMPORT_PREFIX}-{job}-{n},Organisation {job}-{n},other" for n in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


def seed(*, seats: int, jobs: int, rows: int) -> None:
    """A course open for registration with `seats` seats at one site, a coordinator, and
    `jobs` uploaded import files of `rows` rows each (the worker checks them at once)."""
    provider = OrganisationFactory(name="Lärcentrum Skala")
    course = course_with_sites(provider=provider, sites=[provider], capacity=seats, sessions=1)
    network = OrganisationFactory(name="Nätverkskansliet Skala", kind="network")
    coordinator = AffiliationFactory(role=Role.COORDINATOR, organisation=network).user
    created = [
        imports.import_job_create(
            actor=coordinator,
            kind="organisations",
            filename=f"skala-{n}.csv",
            content=organisations_file(n, rows),
        ).pk
        for n in range(jobs)
    ]
    print(json.dumps({"course": course.pk, "coordinator": coordinator.pk, "jobs": created}))


def confirm(*, coordinator: int, jobs: list[int]) -> None:
    """The coordinator confirms the checked imports: the worker imports them."""
    user = get_user_model().objects.get(pk=coordinator)
    statuses = []
    for job in ImportJob.objects.filter(pk__in=jobs).order_by("pk"):
        statuses.append(imports.import_job_confirm(actor=user, job=job).status)
    print(json.dumps({"statuses": statuses}))
