"""The signed links of the e-mails (cancel a registration, a certificate, the personal
calendar feed) and what they open."""

from datetime import date, timedelta

from django.core import signing

from kompetensnav.campus.models import Session, SessionSite

from ..enums import RegistrationStatus
from ..models import Registration

CANCEL_SALT = "kompetensnav.participants.cancel"
ACCEPT_SALT = "kompetensnav.participants.accept"
CERTIFICATE_SALT = "kompetensnav.participants.certificate"
CALENDAR_SALT = "kompetensnav.participants.calendar"


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT, compress=True)


def _registration_from_token(token: str, salt: str) -> Registration:
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature:
        raise Registration.DoesNotExist from None
    return Registration.objects.select_related("course__provider", "participant", "site").get(pk=pk)


def registration_from_cancel_token(token: str) -> Registration:
    """Raises Registration.DoesNotExist for a bad or unknown token."""
    return _registration_from_token(token, CANCEL_SALT)


def accept_token(registration: Registration) -> str:
    """The link to accept a place offered from the waitlist (its deadline is on the row)."""
    return signing.dumps(registration.pk, salt=ACCEPT_SALT, compress=True)


def registration_from_accept_token(token: str) -> Registration:
    """Raises Registration.DoesNotExist for a bad or unknown token."""
    return _registration_from_token(token, ACCEPT_SALT)


def certificate_token(*, participant_id: int, course_id: int) -> str:
    return signing.dumps([participant_id, course_id], salt=CERTIFICATE_SALT, compress=True)


def certificate_from_token(token: str) -> tuple[int, int]:
    """(participant id, course id). Raises signing.BadSignature for a bad token."""
    participant_id, course_id = signing.loads(token, salt=CERTIFICATE_SALT)
    return int(participant_id), int(course_id)


EMPLOYER_SALT = "kompetensnav.participants.employer-certificates"
EMPLOYER_LINK_DAYS = 30


def employer_link_token(
    *, affiliation_id: int, company_id: int, start: date | None, end: date | None
) -> str:
    """A link for an employer to its people's certificates of a period, without an account:
    signed, valid EMPLOYER_LINK_DAYS days, and never showing more than the staff member who
    made it may see (their affiliation is in the link and must still be active)."""
    return signing.dumps(
        [
            affiliation_id,
            company_id,
            start.isoformat() if start else "",
            end.isoformat() if end else "",
        ],
        salt=EMPLOYER_SALT,
        compress=True,
    )


def employer_link_from_token(token: str) -> tuple[int, int, date | None, date | None]:
    """(affiliation id, company id, start, end). Raises signing.BadSignature (also when
    expired: signing.SignatureExpired is one) for a bad or old link."""
    affiliation_id, company_id, start, end = signing.loads(
        token, salt=EMPLOYER_SALT, max_age=timedelta(days=EMPLOYER_LINK_DAYS)
    )
    return (
        int(affiliation_id),
        int(company_id),
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
    )


def calendar_token(participant_id: int) -> str:
    """The participant's personal calendar feed: a signed id, without expiry, so that a
    calendar program can keep the subscription."""
    return signing.dumps(participant_id, salt=CALENDAR_SALT, compress=True)


def participant_from_calendar_token(token: str) -> int:
    """Raises signing.BadSignature for a bad token."""
    return int(signing.loads(token, salt=CALENDAR_SALT))


def participant_sessions(
    participant_id: int,
) -> tuple[list[Session], dict[int, SessionSite], set[int]]:
    """(sessions, {session id: the participant's receiving site}, {ids of the sessions they
    follow remotely}) of the courses the participant is registered for (not waitlisted or
    cancelled)."""
    registrations = list(
        Registration.objects.filter(
            participant_id=participant_id, status=RegistrationStatus.REGISTERED
        ).values_list("course_id", "site_id", "remote")
    )
    site_of = {course_id: site_id for course_id, site_id, _remote in registrations}
    remote_courses = {course_id for course_id, _site, remote in registrations if remote}
    sessions = list(
        Session.objects.filter(course_id__in=site_of)
        .select_related("course", "sending_site")
        .prefetch_related("sites__organisation")
        .order_by("start")
    )
    sites = {}
    for session in sessions:
        for site in session.sites.all():
            if site.organisation_id == site_of.get(session.course_id):
                sites[session.pk] = site
    remote = {s.pk for s in sessions if s.course_id in remote_courses}
    return sessions, sites, remote
