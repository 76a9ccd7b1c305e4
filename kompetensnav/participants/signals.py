"""Signals other apps listen to, so that participants never imports them."""

from django.dispatch import Signal

# Sent by the background task that follows a saved attendance list (participants/tasks.py),
# with `session` (a campus Session). Projects re-checks the co-financing forecast of the
# session's course's project; receivers run in the worker, never in the request.
attendance_recorded = Signal()

# Sent when the retention run has anonymised participants (participants/retention.py), with
# `ids` (their primary keys), inside its transaction: projects erases their personal identity
# numbers.
participants_anonymised = Signal()

# Sent when a participant's data is exported (participants/privacy.py), with `participant`:
# each receiver returns a dict of what its app holds about them, added to the export
# (projects: whether an identity number is recorded, masked).
person_data_requested = Signal()
