"""Course evaluations: after a course's last session, the people who attended (more than 0
hours) get a personal invitation to the network's course evaluation questionnaire
("course-evaluation", a template installed by participants migration 0003). The responses are
about the course (the questionnaire's `subject`), so results are shown per course.

Saving the attendance of a course's last session, once it is over, sends the evaluation
(participants/tasks.py); `manage.py send_course_evaluations` (run daily) sends those that are
still due; the provider can also send one from the course's page once the last session is
over."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.questionnaires import builtin
from kompetensnav.questionnaires.models import Questionnaire, Response
from kompetensnav.questionnaires.selectors import current_version, result_questions
from kompetensnav.questionnaires.services import invitations_send
from kompetensnav.questionnaires.statistics import question_statistics

from .models import Attendance, CourseEvaluation

EVALUATION_KEY = "course-evaluation"
# Courses that ended longer ago than this are not evaluated automatically any more.
DUE_WITHIN = timedelta(days=30)


def _o(value: str, sv: str, en: str) -> dict:
    return {"value": value, "label": {"sv": sv, "en": en}}


def _q(key, type_, sv, en, *, required=False, options=(), help_sv="", help_en=""):
    return {
        "key": key,
        "type": type_,
        "text": {"sv": sv, "en": en},
        "help": {"sv": help_sv, "en": help_en},
        "required": required,
        "options": list(options),
        "condition": None,
    }


SCALE_SV, SCALE_EN = "1 = inte alls, 5 = i hög grad.", "1 = not at all, 5 = very much."

COURSE_EVALUATION = {
    "format": "kompetensnav-questionnaire",
    "format_version": 1,
    "questionnaire": {
        "key": EVALUATION_KEY,
        "title": {"sv": "Utvärdering av utbildningen", "en": "Course evaluation"},
        "description": {
            "sv": "Berätta vad du tyckte om utbildningen, så blir nästa tillfälle bättre.",
            "en": "Tell us what you thought of the course, so that the next one is better.",
        },
        "consent": {
            "sv": "Svaren redovisas bara sammanställda per utbildning och sparas i två år.",
            "en": "The answers are only reported in summary per course and kept for two years.",
        },
        "retention_months": 24,
    },
    "questions": [
        _q("overall", "scale", "Hur nöjd är du med utbildningen som helhet?",
           "How satisfied are you with the course as a whole?", required=True,
           help_sv=SCALE_SV, help_en=SCALE_EN),
        _q("relevance", "scale", "Hur väl passade innehållet ditt arbete?",
           "How well did the content fit your work?", help_sv=SCALE_SV, help_en=SCALE_EN),
        _q("teacher", "scale", "Hur väl fungerade lärarens genomgångar?",
           "How well did the teacher's presentations work?", help_sv=SCALE_SV,
           help_en=SCALE_EN),
        _q("format", "single", "Hur följde du utbildningen?", "How did you follow the course?",
           options=[
               _o("sending_site", "På den sändande orten", "At the sending site"),
               _o("receiving_site", "På en mottagande ort", "At a receiving site"),
               _o("remote", "På distans", "Remotely"),
           ]),
        _q("technology", "scale", "Hur väl fungerade tekniken (ljud, bild, uppkoppling)?",
           "How well did the technology work (sound, picture, connection)?",
           help_sv=SCALE_SV, help_en=SCALE_EN),
        _q("recommend", "yes_no", "Skulle du rekommendera utbildningen till en kollega?",
           "Would you recommend the course to a colleague?"),
        _q("best", "long_text", "Vad var bäst?", "What was best?"),
        _q("improve", "long_text", "Vad kan bli bättre?", "What could be better?"),
    ],
}  # fmt: skip


def install_template(apps) -> None:
    """Create the course evaluation questionnaire with a published version 1 (idempotent)."""
    builtin.install(apps, templates=[COURSE_EVALUATION])


def last_session_end(course: Course):
    return course.sessions.aggregate(last=Max("end"))["last"]


def attendee_recipients(course: Course) -> list[tuple[str, str]]:
    rows = (
        Attendance.objects.filter(session__course=course, hours__gt=0)
        .exclude(participant__email="")
        .values_list("participant__email", "participant__full_name")
        .distinct()
        .order_by("participant__email")
    )
    return list(dict(rows).items())


def evaluations_due(*, now=None) -> QuerySet[Course]:
    """Courses whose last session ended within DUE_WITHIN and that have no evaluation yet."""
    now = now or timezone.now()
    return (
        Course.objects.annotate(last_end=Max("sessions__end"))
        .filter(last_end__lte=now, last_end__gte=now - DUE_WITHIN, evaluation__isnull=True)
        .order_by("last_end")
    )


@transaction.atomic
def evaluation_send(*, actor, course: Course, base_url: str = "", now=None) -> CourseEvaluation:
    """Invite the course's attendees to evaluate it. actor None is the daily command."""
    require_unless_system(actor, "participants.manage_course", course)
    now = now or timezone.now()
    course = Course.objects.select_for_update().get(pk=course.pk)
    if CourseEvaluation.objects.filter(course=course).exists():
        raise ValidationError(_("The evaluation of this course has already been sent."))
    last = last_session_end(course)
    if last is None or last > now:
        raise ValidationError(_("Send the evaluation after the course's last session."))
    version = current_version(EVALUATION_KEY)
    if version is None:
        raise ValidationError(_("The course evaluation questionnaire is not published."))
    invitations = invitations_send(
        version=version,
        recipients=attendee_recipients(course),
        actor=None,  # the permission for this course was checked above
        subject=course,
        base_url=base_url,
        message=_("You took part in “%(course)s”. What did you think of it?")
        % {"course": course.title_sv},
    )
    return CourseEvaluation.objects.create(
        course=course, version=version, sent_by=actor, invited=len(invitations)
    )


def evaluations_send_due(*, base_url: str = "", now=None) -> list[CourseEvaluation]:
    sent = []
    for course in evaluations_due(now=now):
        try:
            sent.append(evaluation_send(actor=None, course=course, base_url=base_url, now=now))
        except ValidationError:
            continue
    return sent


@dataclass
class EvaluationResults:
    evaluation: CourseEvaluation | None
    total: int
    statistics: list
    suppressed: bool


SMALL_CELL = 3  # fewer responses than this are not shown, so nobody can be singled out


def evaluation_results(*, course: Course, language: str) -> EvaluationResults:
    evaluation = CourseEvaluation.objects.filter(course=course).first()
    questionnaire = Questionnaire.objects.filter(key=EVALUATION_KEY).first()
    if questionnaire is None:
        return EvaluationResults(evaluation, 0, [], False)
    responses = Response.objects.filter(
        version__questionnaire=questionnaire,
        subject_type=ContentType.objects.get_for_model(Course),
        subject_id=course.pk,
    )
    total, statistics = question_statistics(
        responses, result_questions(questionnaire=questionnaire), language=language
    )
    if 0 < total < SMALL_CELL:
        return EvaluationResults(evaluation, total, [], True)
    return EvaluationResults(evaluation, total, statistics, False)
