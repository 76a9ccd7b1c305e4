"""The reports' routes in the permission matrix (tests/test_permission_matrix.py)."""

from tests.permissions import ALL_ROLES, Route

# The key figures are the whole network's: every role with an affiliation may see them and
# download them (for the current year when no period is given).
ROUTES = {
    "reports:figures": Route(allowed=ALL_ROLES),
    "reports:figures_xlsx": Route(allowed=ALL_ROLES),
    "reports:figures_pdf": Route(allowed=ALL_ROLES),
}
