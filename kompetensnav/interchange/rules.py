"""Who may use the web import: coordinators, who work for the whole network."""

import rules

from kompetensnav.accounts.rules import is_coordinator

rules.add_perm("interchange.use_web_import", is_coordinator)
