"""Bounds shared by the operations' parameters."""

# Ids are 64-bit; a larger number could not be stored, so it is a 422 rather than a lookup.
MAX_ID = 2**63 - 1
SEARCH_MAX_LENGTH = 100
# PostgreSQL text cannot hold NUL characters: refuse them before they reach the database.
SEARCH_PATTERN = r"^[^\x00]*$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
