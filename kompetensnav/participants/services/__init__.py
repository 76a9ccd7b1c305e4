"""Writes of participants, registrations and attendance, one module per job. The public
form, the staff pages, the importer and the demo all come here, and call them as
`services.<name>` (re-exported below); the modules import each other one way, in the order
listed:

- `seats`: places, the seats free there, locking and counting them (and why no deadlock)
- `links`: the signed links of the e-mails (cancel, accept an offer, certificate, calendar feed)
- `mail`: the e-mail about a registration (confirmed, waitlisted, a place offered or given)
- `people`: one participant per e-mail address; the employer a person names
- `registration`: registering at a place, or on its waitlist
- `changes`: cancelling and moving a registration; the waitlist moving up (offers to accept)
- `confirmation`: the public form, where a known address confirms by a link first
- `attendance`: taking attendance
- `imports`: the importer's writes (history: no seats, no e-mail)
"""

from .attendance import AttendanceErrors, AttendanceMark, attendance_save, validate_hours
from .changes import (
    CancelResult,
    ExpiryResult,
    offer_accept,
    offer_hours,
    offers_expire,
    registration_cancel,
    registration_move,
    waitlist_fill,
)
from .confirmation import (
    CONFIRM_MAX_AGE,
    ConfirmLinkExpired,
    RegistrationRequest,
    confirm_token,
    pending_from_confirm_token,
    registration_confirm,
    registration_request,
)
from .imports import attendance_upsert, participant_upsert, registration_upsert
from .links import (
    accept_token,
    calendar_token,
    cancel_token,
    certificate_from_token,
    certificate_token,
    employer_link_from_token,
    employer_link_token,
    participant_from_calendar_token,
    participant_sessions,
    registration_from_accept_token,
    registration_from_cancel_token,
)
from .people import employer_lookup
from .registration import RegistrationResult, course_open_for_registration, registration_create
from .seats import (
    Place,
    PlaceOption,
    place_options,
    registered_per_site,
    seats_recount,
    waitlist_position,
)

__all__ = [
    "CONFIRM_MAX_AGE",
    "AttendanceErrors",
    "AttendanceMark",
    "CancelResult",
    "ExpiryResult",
    "ConfirmLinkExpired",
    "Place",
    "PlaceOption",
    "RegistrationRequest",
    "RegistrationResult",
    "accept_token",
    "attendance_save",
    "attendance_upsert",
    "calendar_token",
    "cancel_token",
    "certificate_from_token",
    "certificate_token",
    "confirm_token",
    "course_open_for_registration",
    "employer_lookup",
    "participant_from_calendar_token",
    "participant_sessions",
    "employer_link_token",
    "employer_link_from_token",
    "participant_upsert",
    "pending_from_confirm_token",
    "offer_accept",
    "offer_hours",
    "offers_expire",
    "place_options",
    "registration_cancel",
    "registration_from_accept_token",
    "registration_confirm",
    "registration_create",
    "registration_from_cancel_token",
    "registration_move",
    "registration_request",
    "registration_upsert",
    "registered_per_site",
    "seats_recount",
    "validate_hours",
    "waitlist_fill",
    "waitlist_position",
]
