"""Reads of the collaboration model, one module per job: `actors` (and the maps),
`councils`, `initiatives` (priorities, initiatives and their follow-up)."""
