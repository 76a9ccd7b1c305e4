"""Who may manage webhooks: an organisation's admin for its organisation, a coordinator for
the whole network (they carry the organisation's personal data to another system)."""

import rules

from kompetensnav.accounts.rules import is_coordinator, is_org_admin

rules.add_perm("api.manage_webhooks", is_coordinator | is_org_admin)
