"""The participants app's routes in the permission matrix (tests/test_permission_matrix.py)."""

from tests.permissions import Route

ROUTES: dict[str, Route] = {}
