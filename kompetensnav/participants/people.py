"""Participants' part of a person's data (common/people.py): the participant, their
registrations, hours and what the audit log holds (privacy.py, the same as the participant's
page offers coordinators). Erasing anonymises them; the figures keep their values."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.people import Source
from kompetensnav.common.templatetags.swedish import format_hours

from .models import Participant
from .privacy import participant_data, participant_erase
from .services.people import with_email_query


def _find(email: str) -> list[Participant]:
    if not email:
        return []
    return list(with_email_query([email]).filter(anonymised_at__isnull=True))


def _export(participant: Participant) -> dict[str, Any]:
    data = participant_data(actor=None, participant=participant)
    data.pop("exported_at", None)
    return data


def _erase(participant: Participant) -> None:
    participant_erase(actor=None, participant=participant)


def _rows(participant: Participant) -> list[tuple[str, str]]:
    data = participant_data(actor=None, participant=participant)
    person = data["participant"]
    rows = [
        (gettext("Name"), person["name"]),
        (gettext("E-mail address"), person["email"] or "–"),
        (gettext("Gender"), person["gender"] or "–"),
        (gettext("Employer"), person["employer"] or "–"),
    ]
    for r in data["registrations"]:
        rows.append((gettext("Registration"), f"{r['course']}: {r['status']} ({r['registered']})"))
    for a in data["attendance"]:
        hours = format_hours(a["hours"])
        rows.append((gettext("Attendance"), f"{a['course']}, {a['session']}: {hours} h"))
    return rows


SOURCE = Source("participant", _("Participant"), _find, _export, _erase, _rows, logs_access=True)
