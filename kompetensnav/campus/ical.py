"""iCalendar (RFC 5545) for sessions: the course and site feeds here, and the participant's
feed and e-mail attachments in the participants app. Keep these signatures stable.

Times are written in UTC (DTSTART:20260305T080000Z), which every calendar program shows in
its own zone, so no VTIMEZONE is needed. The UID of a session's event never changes, so a
subscribed calendar updates the event instead of adding a copy when a session moves.

    calendar_for_sessions(sessions, *, name, language="sv", sites=None, remote=None) -> bytes
    session_event(session, *, language="sv", base_url="", site=None, remote=False)

The stream link is private: only an event for a participant who follows the session remotely
(`remote`, in their own confirmation and personal feed) carries it; the course's, a site's and
the network's feeds never do, so remote places cannot be taken without a registration.

Pass sessions with `course`, `sending_site` and `sites__organisation` loaded (the
selectors in campus.selectors do) to avoid a query per event.

Every stored text is put on one line before it becomes a property (SUMMARY, LOCATION, the
lines of DESCRIPTION, URL, X-WR-CALNAME): a title with a line break or another control
character from an old row or an import would otherwise break the content line (icalendar
refuses it) or be read as the end of the property by calendar programs.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kompetensnav.common.templatetags.swedish import format_hours
from kompetensnav.common.text import single_line

from .models import Session, SessionSite

PRODID = "-//kompetensnav//Campus//SV"
UID_DOMAIN = "kompetensnav.se"


def session_uid(session: Session) -> str:
    return f"campus-session-{session.pk}@{UID_DOMAIN}"


def _site_label(site: SessionSite) -> str:
    name = single_line(site.organisation.name)
    return f"{name} ({single_line(site.room)})" if site.room else name


def session_location(
    session: Session, site: SessionSite | None = None, *, remote: bool = False
) -> str:
    """Where the session is followed: one site (a participant's), remotely (a participant's
    remote place), or every site."""
    if remote:
        return _("Remotely (the stream link is in the description)")
    if site is not None:
        return _site_label(site)
    parts = []
    if session.sending_site is not None:
        parts.append(_("Sent from %(site)s") % {"site": single_line(session.sending_site.name)})
    receiving = [_site_label(s) for s in session.sites.all()]
    if receiving:
        parts.append(_("receiving sites: %(sites)s") % {"sites": ", ".join(receiving)})
    if session.remote_capacity:
        parts.append(_("remotely"))
    return "; ".join(parts)


def course_url(session: Session, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("catalogue:course_detail", args=[session.course_id])


def session_event(
    session: Session,
    *,
    language: str = "sv",
    base_url: str = "",
    site: SessionSite | None = None,
    stamp: datetime | None = None,
    remote: bool = False,
) -> icalendar.Event:
    """The VEVENT of one session. `site` narrows LOCATION to one receiving site; `remote`:
    the event of a participant following it remotely, with the stream link."""
    with translation.override(language):
        course = session.course
        title = single_line(course.title(language))
        event = icalendar.Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", stamp or datetime.now(UTC))
        event.add("dtstart", session.start.astimezone(UTC))
        event.add("dtend", session.end.astimezone(UTC))
        event.add("summary", title)
        location = session_location(session, site, remote=remote)
        if location:
            event.add("location", location)
        if base_url:
            event.add("url", single_line(course_url(session, base_url)))
        lines = [
            _("%(course)s, given by %(provider)s.")
            % {"course": title, "provider": single_line(course.provider.name)},
            _("Hours: %(hours)s") % {"hours": format_hours(session.hours)},
        ]
        if remote and session.stream_link:
            lines.append(_("Stream link: %(link)s") % {"link": single_line(session.stream_link)})
        event.add("description", "\n".join(lines))
        return event


def build_calendar(
    sessions: Iterable[Session],
    *,
    name: str,
    language: str = "sv",
    base_url: str = "",
    sites: dict[int, SessionSite] | None = None,
    remote: set[int] | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR with one VEVENT per session; `sites` maps session pk → the receiving
    site to name as the event's location (a participant's feed); `remote` holds the pks of
    the sessions the participant follows remotely (their events carry the stream link)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", single_line(name))
    stamp = datetime.now(UTC)
    for session in sessions:
        site = sites.get(session.pk) if sites else None
        calendar.add_component(
            session_event(
                session,
                language=language,
                base_url=base_url,
                site=site,
                stamp=stamp,
                remote=bool(remote) and session.pk in remote,
            )
        )
    return calendar


def calendar_for_sessions(
    sessions: Iterable[Session],
    *,
    name: str,
    language: str = "sv",
    base_url: str = "",
    sites: dict[int, SessionSite] | None = None,
    remote: set[int] | None = None,
) -> bytes:
    """The feed as bytes (CRLF line ends, long lines folded at 75 octets), ready to serve as
    text/calendar or attach to an e-mail."""
    return build_calendar(
        sessions, name=name, language=language, base_url=base_url, sites=sites, remote=remote
    ).to_ical()
