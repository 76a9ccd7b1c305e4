"""The web import in the permission matrix: coordinators only (they work network-wide, so
they see every job); every other role gets 403, anonymous users the login page."""

from kompetensnav.accounts.enums import Role
from kompetensnav.interchange.models import ImportJob
from tests.permissions import Route

COORDINATOR = {Role.COORDINATOR}


def _job(world: dict) -> dict:
    return {"pk": world["import_job"].pk}


ROUTES: dict[str, Route] = {
    "interchange:upload": Route(allowed=COORDINATOR),
    "interchange:job_list": Route(allowed=COORDINATOR),
    "interchange:job": Route(allowed=COORDINATOR, kwargs=_job),
    "interchange:job_columns": Route(
        allowed=COORDINATOR,
        method="post",
        ok=302,
        kwargs=_job,
        data={"column_0": "id", "column_1": "name", "column_2": "kind"},
    ),
    "interchange:job_confirm": Route(allowed=COORDINATOR, method="post", ok=302, kwargs=_job),
    "interchange:job_cancel": Route(allowed=COORDINATOR, method="post", ok=302, kwargs=_job),
}


def extend_world(world: dict) -> None:
    content = "id,name,kind\nm1,Matrisens lärcentrum,learning_centre\n".encode()
    world["import_job"] = ImportJob.objects.create(
        kind="organisations",
        filename="matrix.csv",
        file_format="csv",
        content=content,
        size=len(content),
        uploaded_by=world["users"][Role.COORDINATOR.value],
        status=ImportJob.Status.VALID,
        rows=1,
        result={"kind": "organisations", "rows": 1, "created": ["m1"], "updated": [], "errors": []},
    )
