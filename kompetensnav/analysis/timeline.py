"""Analysis' part of a company's timeline (companies/timeline.py): the courses brokers told
the company about (the course, never the address it went to)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.common.actor import Actor
from kompetensnav.companies.models import Company
from kompetensnav.companies.timeline import Entry

from .models import CourseTip


def course_tips(actor: Actor, company: Company) -> Iterable[Entry]:
    if actor is None or not actor.has_perm("analysis.view_matches"):
        return
    tips = CourseTip.objects.filter(visit__company=company).select_related("course")
    for tip in tips.order_by("-sent_at", "-pk"):
        yield Entry(
            when=timezone.localdate(tip.sent_at),
            kind=gettext_lazy("Course offered"),
            text=_("The company was told about %(course)s") % {"course": tip.course.title_sv},
            url=reverse("catalogue:course_detail", args=[tip.course_id]),
        )
