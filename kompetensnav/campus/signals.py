"""Signals other apps listen to, so that campus never imports them."""

from django.dispatch import Signal

# Sent by services.session_save inside its transaction, with `course` and `session`, after a
# session or its receiving sites were created or changed (by services.sessions_import once
# per course of a batch, with `session` None). Participants counts the registered
# people into the seats again (participants/receivers.py). A receiver returns the places
# where more people are registered than there are places (objects with `site_id`, the
# receiving site's organisation, and `remote`), or nothing; campus names them to the staff.
session_saved = Signal()

# Sent by services.registered_at_sites with `course_ids`. A receiver answers the people
# registered at each receiving site of those courses: {(course_id, organisation_id): n}
# (participants); an import's plain file of new sessions counts them into their seats
# (interchange.plain), without a session_saved per course.
registered_at_sites = Signal()

# Sent by services.courses_imported inside its transaction, with `course_ids`, after an
# import's plain file created courses with their areas without a save() each (no post_save
# nor m2m_changed): the matching hears of them (analysis/receivers.py).
courses_imported = Signal()
