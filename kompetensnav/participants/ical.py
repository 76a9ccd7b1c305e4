"""Calendar files (.ics) for a participant's sessions.

The campus app provides `campus.ical.calendar_for_sessions`; until it lands (or if it never
does) this app builds its own small calendar with the icalendar package."""

from django.utils import timezone
from icalendar import Calendar, Event


def _own_calendar(sessions, *, name: str, language: str = "sv") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//kompetensnav//participants//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@kompetensnav")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("summary", session.course.title(language))
        if session.sending_site_id:
            event.add("location", str(session.sending_site))
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_for_sessions(sessions, *, name: str, language: str = "sv") -> bytes:
    try:
        from kompetensnav.campus.ical import calendar_for_sessions as campus_calendar
    except ImportError:
        campus_calendar = _own_calendar
    return campus_calendar(list(sessions), name=name, language=language)
