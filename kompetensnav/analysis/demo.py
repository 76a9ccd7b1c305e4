"""Demo data of the matching: the demo's courses and needs are embedded and matched at once
(the same code as the worker, in batches), and the demo coordinator and providers have
notifications of the latest needs without an offer, so the suggestions, the unmet needs and
the notifications look like real work right after `make run`."""

from datetime import timedelta

from django.utils import timezone

from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.common.demodata import DemoContext

from . import notices, services
from .models import NeedMatch
from .selectors import unmet_needs

NOTICE_DAYS = 60


def seed(context: DemoContext) -> None:
    services.vectors_refresh(
        courses=Course.objects.filter(status=CourseStatus.PUBLISHED),
        needs=services.current_needs(),
    )
    services.forget_index()
    context.data["matched"] = services.needs_rematch()
    recent = unmet_needs().filter(
        visit__date__gte=timezone.localdate() - timedelta(days=NOTICE_DAYS)
    )
    for need in recent.select_related("area", "visit__company"):
        notices.unmet_need_tell(need=need)
    context.data["unmet"] = unmet_needs().count()
    context.data["suggestions"] = NeedMatch.objects.count()


def summary(context: DemoContext) -> str:
    return (
        f"{context.data['matched']} needs matched: {context.data['suggestions']} suggestions, "
        f"{context.data['unmet']} needs without an offer"
    )
