"""Co-financing from participants' time, and its forecast.

The value of participants' time = attendance hours in the project's courses × the project's
rate per hour, counted in the month the session starts. The budgeted co-financing is the
project's budget line for participants' time.

The forecast (explained on the project page in the same words):
- The pace is the average value per month over the project's COMPLETE months so far (from
  the start month up to the month before this one), including months without any hours.
- Forecast at the end = the value of the complete months + the pace × the months that remain
  (this month up to and including the end month).
- Before the first month is complete there is no forecast; after the end the forecast is
  simply what was reached.
A shortfall (forecast below the budgeted co-financing) shows a warning on the page and, once
a month at most, an e-mail to the network coordinators (`manage.py check_cofinancing`)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models.functions import TruncMonth
from django.utils import timezone

from kompetensnav.participants.figures import attendance_totals, attended

from .enums import BudgetCategory
from .models import Project

ZERO = Decimal(0)


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from first's month to last's month, inclusive."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _kr(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass
class Month:
    month: date
    hours: Decimal
    participants: int
    value: Decimal
    accumulated: Decimal
    planned_accumulated: Decimal | None  # the budget spread evenly over the months
    complete: bool


@dataclass
class Cofinancing:
    project: Project
    rate: Decimal | None
    target: Decimal | None
    months: list[Month] = field(default_factory=list)
    accumulated: Decimal = ZERO
    pace: Decimal | None = None
    forecast: Decimal | None = None
    complete_months: int = 0
    remaining_months: int = 0

    @property
    def available(self) -> bool:
        return bool(self.rate and self.project.start and self.project.end)

    @property
    def shortfall(self) -> Decimal | None:
        if self.forecast is None or not self.target or self.forecast >= self.target:
            return None
        return self.target - self.forecast

    @property
    def forecast_pct(self) -> Decimal | None:
        if self.forecast is None or not self.target:
            return None
        return (self.forecast * 100 / self.target).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def hours_needed_per_month(self) -> Decimal | None:
        """Hours a month from now on that would reach the budget."""
        if self.shortfall is None or not self.remaining_months or not self.rate:
            return None
        missing_value = self.target - self.accumulated
        return (missing_value / self.rate / self.remaining_months).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )


def budgeted_cofinancing(project: Project) -> Decimal | None:
    line = project.budget_lines.filter(category=BudgetCategory.PARTICIPANTS_TIME).first()
    return line.budgeted_sek if line else None


def monthly_hours(project: Project, *, until: date | None = None):
    """{month: (hours, participants)} of attendance in the project's courses, in one query."""
    attendance = attended(end=until).filter(session__course__project=project)
    rows = (
        attendance.annotate(month=TruncMonth("session__start"))
        .values("month")
        .annotate(**attendance_totals())
    )
    result = {}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        result[month] = (row["hours"] or ZERO, row["participants"])
    return result


def cofinancing(project: Project, *, today: date | None = None) -> Cofinancing:
    today = today or timezone.localdate()
    result = Cofinancing(
        project=project,
        rate=project.cofinancing_sek_per_hour,
        target=budgeted_cofinancing(project),
    )
    if not result.available:
        return result
    rate = result.rate
    months = months_between(project.start, project.end)
    hours = monthly_hours(project, until=today)
    this_month = month_start(today)
    planned_step = result.target / len(months) if result.target else None
    accumulated = ZERO
    complete_value = ZERO
    for index, month in enumerate(months):
        if month > this_month:
            break
        month_hours, participants = hours.get(month, (ZERO, 0))
        value = _kr(month_hours * rate)
        accumulated += value
        complete = month < this_month
        if complete:
            complete_value += value
            result.complete_months += 1
        result.months.append(
            Month(
                month=month,
                hours=month_hours,
                participants=participants,
                value=value,
                accumulated=accumulated,
                planned_accumulated=_kr(planned_step * (index + 1)) if planned_step else None,
                complete=complete,
            )
        )
    result.accumulated = accumulated
    if today > project.end:
        result.forecast = accumulated
        result.remaining_months = 0
    elif result.complete_months:
        result.remaining_months = len([m for m in months if m >= this_month])
        result.pace = _kr(complete_value / result.complete_months)
        result.forecast = _kr(complete_value + result.pace * result.remaining_months)
    return result
