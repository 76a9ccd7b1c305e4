"""Background work that follows attendance, run by `manage.py db_worker`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.tasks import task
from django.utils import timezone

from kompetensnav.campus.models import Session

from .evaluation import DUE_WITHIN, evaluation_send, last_session_end
from .models import CourseEvaluation
from .signals import attendance_recorded


@task(queue_name="default")
def attendance_followup_task(*, session_id: int) -> str:
    """After a list is saved: invite the attendees to the course evaluation when this was the
    course's last session and it is over (within DUE_WITHIN, as the daily command), and tell
    the other apps (the co-financing check). The daily commands do the same for what no
    attendance list triggers."""
    session = Session.objects.select_related("course").filter(pk=session_id).first()
    if session is None:
        return "skipped"  # deleted before the worker came to it
    result = "recorded"
    course = session.course
    now = timezone.now()
    if (
        now - DUE_WITHIN <= session.end <= now
        and session.end >= last_session_end(course)
        and not CourseEvaluation.objects.filter(course=course).exists()
    ):
        try:
            evaluation_send(actor=None, course=course, base_url=settings.SITE_URL, now=now)
            result = "evaluation sent"
        except ValidationError:
            pass  # e.g. the evaluation questionnaire is not published
    attendance_recorded.send(sender=Session, session=session)
    return result
