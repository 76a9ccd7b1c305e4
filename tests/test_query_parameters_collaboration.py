"""The odd-parameter sweep (test_query_parameters.py) of the collaboration model's pages, in a
module of its own so that a parallel run can give it a worker of its own: some forty routes,
two of them PDFs."""

import pytest

from tests.test_permission_matrix import world  # noqa: F401 (the matrix's world)
from tests.test_query_parameters import GROUPS, OWN_MODULE, sweep

assert "collaboration" in OWN_MODULE

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("group", "name"), [("collaboration", GROUPS["collaboration"][0])])
def test_odd_query_parameters_never_give_a_server_error(group, name, world, client, monkeypatch):  # noqa: F811
    sweep(group, world, client, monkeypatch)
