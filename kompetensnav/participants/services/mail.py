"""The e-mail a participant gets about a registration: confirmed, waitlisted or moved up
from the waitlist, with the course's sessions as an iCalendar attachment.

E-mails are queued with common.mail.queue_email, which sends them from the task worker after
the commit: a failing mail server never loses a registration."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kompetensnav.campus.ical import calendar_for_sessions
from kompetensnav.common.links import site_url
from kompetensnav.common.mail import queue_email

from ..enums import RegistrationStatus
from ..models import Registration
from .links import accept_token, calendar_token, cancel_token, certificate_token
from .seats import waitlist_position


def _links(registration: Registration, base_url: str) -> dict[str, str]:
    base = (base_url or site_url()).rstrip("/")  # the system's own mails: the site's address
    return {
        "cancel_link": base
        + reverse("registration:cancel", kwargs={"token": cancel_token(registration)}),
        "accept_link": base
        + reverse("registration:accept", kwargs={"token": accept_token(registration)}),
        "certificate_link": base
        + reverse(
            "registration:certificate",
            kwargs={
                "token": certificate_token(
                    participant_id=registration.participant_id, course_id=registration.course_id
                )
            },
        ),
        "calendar_link": base
        + reverse(
            "registration:calendar",
            kwargs={"token": calendar_token(registration.participant_id)},
        ),
    }


def queue_registration_mail(registration: Registration, *, base_url: str, kind: str) -> None:
    """kind: "confirmation" (registered or waitlisted), "offered" (a place from the waitlist
    to accept before registration.offer_expires), "promoted" (a place from the waitlist,
    given outright) or "lapsed" (an offer not accepted in time)."""
    if not registration.participant.email:
        return
    language = registration.language or "sv"
    with translation.override(language):
        course = registration.course
        sessions = list(
            course.sessions.select_related("course", "sending_site")
            .prefetch_related("sites__organisation")
            .order_by("start")
        )
        context = {
            "registration": registration,
            "participant": registration.participant,
            "course_title": course.title(language),
            "provider": course.provider.name,
            "place": registration.site.name if registration.site is not None else _("Remote"),
            "sessions": sessions,
            "position": waitlist_position(registration),
            "kind": kind,
            **_links(registration, base_url),
        }
        attachments = []
        if registration.status == RegistrationStatus.REGISTERED and sessions and kind != "lapsed":
            # the participant's own place in each session, and the stream link only for
            # a remote place
            sites = {
                session.pk: site
                for session in sessions
                for site in session.sites.all()
                if site.organisation_id == registration.site_id
            }
            ics = calendar_for_sessions(
                sessions,
                name=course.title(language),
                language=language,
                sites=sites,
                remote={s.pk for s in sessions} if registration.remote else None,
            )
            attachments.append(("kurs.ics", ics.decode("utf-8"), "text/calendar"))
        if kind == "offered":
            subject = _("A place is free for you on %(course)s: accept it by %(deadline)s") % {
                "course": course.title(language),
                "deadline": date_format(
                    timezone.localtime(registration.offer_expires), "Y-m-d H:i"
                ),
            }
        elif kind == "lapsed":
            subject = _("The place offered to you on %(course)s went to the next in line") % {
                "course": course.title(language)
            }
        elif kind == "promoted":
            subject = _("You have a place on %(course)s") % {"course": course.title(language)}
        elif registration.status == RegistrationStatus.WAITLISTED:
            subject = _("You are on the waitlist for %(course)s") % {
                "course": course.title(language)
            }
        else:
            subject = _("Registration confirmed: %(course)s") % {"course": course.title(language)}
        queue_email(
            subject=subject,
            body=render_to_string("participants/email/registration.txt", context),
            to=[registration.participant.email],
            attachments=attachments,
        )
