"""Signals other apps listen to, so that visits never imports them."""

from django.dispatch import Signal

# Sent by the importer after it wrote a batch of needs in bulk (bulk writes send no
# post_save), with `need_ids`: the matching matches them once the import is committed.
needs_imported = Signal()
