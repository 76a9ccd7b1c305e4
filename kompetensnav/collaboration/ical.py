"""iCalendar (RFC 5545) feed of a council's meetings, for calendar programs that subscribe to
the council's secret address. Times in UTC; a meeting's UID never changes, so a moved meeting
is updated in the calendar instead of copied. Every stored text is put on one line before it
becomes a property (see campus/ical.py for why)."""

from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar
from django.urls import reverse
from django.utils.translation import gettext as _

from kompetensnav.common.text import single_line

from .models import Council, Meeting

PRODID = "-//kompetensnav//Collaboration//SV"
UID_DOMAIN = "kompetensnav.se"


def meeting_uid(meeting: Meeting) -> str:
    return f"council-meeting-{meeting.pk}@{UID_DOMAIN}"


def council_calendar(council: Council, meetings: Iterable[Meeting], *, base_url: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", single_line(council.name))
    stamp = datetime.now(UTC)
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add("dtend", meeting.ends_at.astimezone(UTC))
        event.add("summary", _("Meeting: %(council)s") % {"council": single_line(council.name)})
        if meeting.place:
            event.add("location", single_line(meeting.place))
        url = base_url.rstrip("/") + reverse("collaboration:meeting_detail", args=[meeting.pk])
        event.add("url", single_line(url))
        if meeting.agenda:
            lines = [single_line(line) for line in meeting.agenda.splitlines() if line.strip()]
            event.add("description", "\n".join([_("Agenda:"), *lines]))
        calendar.add_component(event)
    return calendar.to_ical()
