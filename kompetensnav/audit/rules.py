import rules

from kompetensnav.accounts.rules import is_coordinator

rules.add_perm("audit.view_log", is_coordinator)
