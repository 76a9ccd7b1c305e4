"""Bounds shared by the operations' parameters."""

from kompetensnav.common.text import CONTROL_CHARACTERS_PATTERN

# Ids are 64-bit; a larger number could not be stored, so it is a 422 rather than a lookup.
MAX_ID = 2**63 - 1
SEARCH_MAX_LENGTH = 100
# Free text is one line: no control characters (kompetensnav.common.text), and so no NUL,
# which PostgreSQL text cannot hold. Use it with schemas.SingleLineText, which says so
# clearly instead of quoting the pattern.
SEARCH_PATTERN = rf"^[^{CONTROL_CHARACTERS_PATTERN}]*$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
