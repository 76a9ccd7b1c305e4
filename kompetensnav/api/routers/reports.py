"""The key figures of a period: what `manage.py figures --json` prints, from the same code
(figures.registry.period_from_options, and reports' shared_figures as shared_plain gives them), with small numbers hidden
by the rule of figures/privacy.py: a hidden value is null and named in `suppressed`."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from kompetensnav.common.permissions import require
from kompetensnav.common.text import CONTROL_CHARACTERS_PATTERN
from kompetensnav.figures.registry import (
    EARLIEST,
    LATEST,
    PeriodError,
    period_from_options,
    shared_answer,
)
from kompetensnav.reports.report import shared_figures

from ..responses import InvalidParameter, with_errors
from ..schemas import FiguresOut

router = Router(tags=["reports"])

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# An external id (at most 64 characters) or a kompetensnav id; no control characters.
ID_PATTERN = rf"^[^{CONTROL_CHARACTERS_PATTERN}]+$"


def _invalid(error: PeriodError) -> InvalidParameter:
    if error.code == "invalid_date":
        message = _("“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2026-03-31.")
    elif error.code == "out_of_range":
        message = _("“%(value)s” is out of range: choose dates from %(earliest)s to %(latest)s.")
    elif error.code == "end_before_start":
        message = _("The end date (to) must not be before the start date (from).")
    elif error.option == "project":
        message = _("There is no project with the id “%(value)s”.")
    else:
        message = _("There is no organisation with the id “%(value)s”.")
    values = {"value": error.value, "earliest": EARLIEST, "latest": LATEST}
    return InvalidParameter(error.option, message % values)


@router.get(
    "/figures",
    response=with_errors(FiguresOut, 403),
    operation_id="figures",
    summary="Key figures of a period",
    description=(
        "The key figures of the interchange contract for the period from `from` to `to` "
        "(both days included): the keys and values of `manage.py figures --json`, except that "
        "small numbers are hidden so that nobody can be singled out. A count of 1–4 people in "
        "`participants_by_gender` is null, and so are the other cells below 5 beside it; if "
        "that hides one cell only, the smallest other cell is null too (it could be worked "
        "out from `participants_attended`). The attendance hours (total, mean, max) are null "
        "when 1–4 participants attended. `suppressed` lists the keys of the null values "
        "hidden this way (`participants_by_gender.F`, `attendance_hours_mean`, …). "
        "`project` and `organisation` restrict the figures as the command's options do. A "
        "date that does not exist or is outside 1900-01-01 to 2999-12-31, `to` before "
        "`from`, or an unknown project or organisation answers 422."
    ),
)
def figures(
    request: HttpRequest,
    start: Annotated[
        str,
        Query(
            alias="from",
            pattern=DATE_PATTERN,
            description="The first day of the period, YYYY-MM-DD.",
            example="2025-01-01",
        ),
    ],
    end: Annotated[
        str,
        Query(
            alias="to",
            pattern=DATE_PATTERN,
            description="The last day of the period (included), YYYY-MM-DD.",
            example="2025-12-31",
        ),
    ],
    project: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=64,
            pattern=ID_PATTERN,
            description="Only this project's courses, sessions, registrations, attendance and "
            "mobilities: its id in import files, or else its id in kompetensnav.",
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=64,
            pattern=ID_PATTERN,
            description="Only visits by this broker organisation and courses it provides: its "
            "id in import files, or else its id in kompetensnav.",
        ),
    ] = None,
):
    require(request.user, "reports.view_figures")
    try:
        period = period_from_options(
            start=start, end=end, project=project, organisation=organisation
        )
    except PeriodError as exc:
        raise _invalid(exc) from exc
    return shared_answer(shared_figures(period))
