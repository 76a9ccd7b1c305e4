"""The odd-parameter sweep (test_query_parameters.py) of the visits pages, in a module of its
own so that a parallel run gives it a worker of its own: the needs analysis reads sixteen
parameters, and its sweep alone takes as long as the rest."""

import pytest

from tests.test_permission_matrix import world  # noqa: F401 (the matrix's world)
from tests.test_query_parameters import GROUPS, OWN_MODULE, sweep

assert "visits" in OWN_MODULE

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("group", "name"), [("visits", GROUPS["visits"][0])])
def test_odd_query_parameters_never_give_a_server_error(group, name, world, client, monkeypatch):  # noqa: F811
    sweep(group, world, client, monkeypatch)
