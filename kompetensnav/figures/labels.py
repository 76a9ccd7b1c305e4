"""What the key figures are called, and the area each belongs to. Every key of
registry.ORDER has a label here (a test makes sure), so a figure added by a later app shows
with its name on the page, in the spreadsheet and in the PDF."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Areas in the order the page shows them; an area without figures is left out.
AREAS = {
    "network": _("Network"),
    "events": _("Events"),
    "collaborations": _("Collaborations"),
    "visits": _("Company visits"),
    "courses": _("Courses"),
    "mobilities": _("Mobilities"),
    "collaboration_model": _("The collaboration model"),
    "other": _("Other figures"),
}

# key -> (area, label)
LABELS = {
    "visits": ("visits", _("Company visits")),
    "companies_visited": ("visits", _("Companies visited")),
    "needs": ("visits", _("Needs recorded")),
    "network_meetings": ("events", _("Network meetings")),
    "job_shadowings": ("events", _("Job shadowings")),
    "job_shadowings_transnational": ("events", _("Job shadowings abroad")),
    "event_participants": ("events", _("Event participants")),
    "collaborations": ("collaborations", _("Collaborations established")),
    "courses_delivered": ("courses", _("Courses delivered")),
    "pilot_courses_delivered": ("courses", _("Pilot courses delivered")),
    "sessions": ("courses", _("Course sessions")),
    "participants_registered": ("courses", _("Participants registered")),
    "participants_attended": ("courses", _("Participants who attended")),
    "attendance_hours_total": ("courses", _("Hours attended in total")),
    "attendance_hours_mean": ("courses", _("Hours attended per participant (mean)")),
    "attendance_hours_max": ("courses", _("Most hours attended by one participant")),
    "participants_by_gender": ("courses", _("Participants by gender")),
    "members": ("network", _("Members (fee paid)")),
    "municipalities_represented": ("network", _("Municipalities represented")),
    "contacts": ("network", _("Contacts")),
    "contact_organisations": ("network", _("Organisations with contacts")),
    "mobilities_completed": ("mobilities", _("Mobilities completed")),
    "places_used_pct": ("mobilities", _("Granted places used (%)")),
    "budget_used_pct": ("mobilities", _("Mobility budget used (%)")),
    "accreditation_target_met": (
        "mobilities",
        _("Accreditation target met (at least 80 per cent of places used)"),
    ),
    "initiatives_active": ("collaboration_model", _("Initiatives under way")),
    "initiatives_done": ("collaboration_model", _("Initiatives finished")),
    "councils_active": ("collaboration_model", _("Active industry councils")),
    "council_meetings": ("collaboration_model", _("Industry council meetings")),
}

# The sub-keys of dict-valued figures; an unknown sub-key is shown as it is.
PARTS = {
    "F": pgettext_lazy("gender", "Women"),
    "M": pgettext_lazy("gender", "Men"),
    "X": pgettext_lazy("gender", "Other gender identity"),
    "unknown": pgettext_lazy("gender", "Not stated"),
    "student": pgettext_lazy("mobility kind", "Learners"),
    "staff": pgettext_lazy("mobility kind", "Staff"),
}

# The figures shown as tiles at the top of the page, when present.
HEADLINES = [
    "members",
    "municipalities_represented",
    "visits",
    "network_meetings",
    "job_shadowings",
    "event_participants",
    "collaborations",
    "courses_delivered",
    "participants_attended",
    "attendance_hours_total",
    "mobilities_completed",
]


def label(key: str):
    return LABELS[key][1] if key in LABELS else key


def area(key: str) -> str:
    return LABELS[key][0] if key in LABELS else "other"


def part_label(part: str):
    return PARTS.get(part, part)


# What each figure counts, for the footnotes of the annual report (after the contract in
# ../shared/spec/interchange.md, in words for the annual meeting). A test makes sure every key
# of registry.ORDER has one.
DEFINITIONS = {
    "visits": _("Company visits dated in the period."),
    "companies_visited": _("Distinct companies among those visits."),
    "needs": _("Competence needs recorded on those visits."),
    "network_meetings": _("Events of the kind network meeting dated in the period."),
    "job_shadowings": _("Events of the kind job shadowing dated in the period."),
    "job_shadowings_transnational": _("Those job shadowings that took place abroad."),
    "event_participants": _("The participants of all events dated in the period, added up."),
    "collaborations": _("Collaborations established in the period."),
    "courses_delivered": _("Distinct courses with at least one session starting in the period."),
    "pilot_courses_delivered": _("Those courses that are pilot courses."),
    "sessions": _("Course sessions starting in the period."),
    "participants_registered": _(
        "Distinct participants with a registration dated in the period that was not cancelled."
    ),
    "participants_attended": _(
        "Distinct participants who attended more than 0 hours of sessions starting in the period."
    ),
    "attendance_hours_total": _("Hours attended in sessions starting in the period, added up."),
    "attendance_hours_mean": _(
        "Hours attended in total divided by the participants who attended, with one decimal."
    ),
    "attendance_hours_max": _("The most hours one participant attended in the period."),
    "participants_by_gender": _("The participants who attended, by gender."),
    "members": _("Organisations with a membership for a year of the period and the fee paid."),
    "municipalities_represented": _("Distinct municipalities those memberships represent."),
    "contacts": _("Contact people of the member organisations today (not dated)."),
    "contact_organisations": _("Distinct organisations that have contact people."),
    "mobilities_completed": _(
        "Erasmus+ mobilities completed that started in the period, for learners and staff."
    ),
    "places_used_pct": _(
        "Completed mobilities as a percentage of the places granted to the projects, per kind; "
        "– where no places are granted."
    ),
    "budget_used_pct": _(
        "Grants of the completed mobilities as a percentage of the projects' mobility budget, "
        "per kind; – where there is no budget."
    ),
    "accreditation_target_met": _(
        "Whether at least 80 per cent of the granted places were used, per kind."
    ),
    "initiatives_active": _(
        "Initiatives planned, running or finished whose period overlaps the period (an "
        "initiative without a start or an end is open on that side)."
    ),
    "initiatives_done": _("Initiatives finished with their end in the period."),
    "councils_active": _(
        "Industry councils running in the period that held at least one meeting in it."
    ),
    "council_meetings": _("Meetings of industry councils starting in the period."),
}


def definition(key: str):
    return DEFINITIONS.get(key, "")
