"""The order in which `make test` hands out modules (conftest.py): pytest-django's kinds kept
(plain database tests, transactional ones, then those without a database), `slow` modules
first within each kind, a module's tests together and in their order; the modules of SPREAD
handed out test by test."""

from types import SimpleNamespace

import pytest
from xdist.scheduler import LoadScopeScheduling

from conftest import SPREAD, _longest_modules_first, pytest_xdist_make_scheduler


class Item:
    def __init__(self, nodeid: str, *markers, fixtures=("db",)):
        self.nodeid = nodeid
        self.markers = {marker.name: marker for marker in markers}
        self.fixturenames = list(fixtures)

    def get_closest_marker(self, name):
        return self.markers.get(name)


DB = pytest.mark.django_db.mark
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True).mark
SLOW = pytest.mark.slow.mark


def test_slow_modules_start_first_within_their_kind():
    items = [
        Item("a.py::one", DB),
        Item("b.py::one", DB, SLOW),
        Item("a.py::two", DB),
        Item("c.py::one", TRANSACTIONAL, fixtures=("transactional_db",)),
        Item("d.py::one", TRANSACTIONAL, SLOW, fixtures=("transactional_db",)),
        Item("e.py::one", SLOW, fixtures=()),
        Item("b.py::two", DB, SLOW),
    ]
    _longest_modules_first(items)
    assert [item.nodeid for item in items] == [
        "b.py::one",
        "b.py::two",
        "a.py::one",
        "a.py::two",
        "d.py::one",
        "c.py::one",
        "e.py::one",  # no database: after the transactional ones, as pytest-django puts it
    ]


def test_spread_modules_are_handed_out_test_by_test():
    config = SimpleNamespace(
        getoption=lambda name, default=None: "loadscope",
        getvalue=lambda name: ["popen"] if name == "tx" else None,
        option=SimpleNamespace(loadscopereorder=False),
    )
    scheduler = pytest_xdist_make_scheduler(config, log=None)
    assert isinstance(scheduler, LoadScopeScheduling)
    spread = next(iter(SPREAD))
    assert scheduler._split_scope(f"{spread}::test_route[a:b]") == f"{spread}::test_route[a:b]"
    assert scheduler._split_scope("tests/test_demo.py::test_x[1]") == "tests/test_demo.py"
