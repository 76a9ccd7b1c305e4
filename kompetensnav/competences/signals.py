"""Sent when the vocabulary changes in a way that changes matching: apps above (analysis)
listen and match again, so this app imports none of them."""

from django.dispatch import Signal

# area_ids: the areas whose names or synonyms changed (a merge sends the target's id)
vocabulary_changed = Signal()
