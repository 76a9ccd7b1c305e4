"""Kept results on SQLite with the database cache, as `make run` and a small network run them
(the tests' own settings use the local-memory cache, so this runs in a process of its own).

A write in autocommit must be kept, and its app's token renewed after it. It was not: the
token was written on the same connection while SQLite still held the INSERT … RETURNING
statement, and the cache's transaction rolled the row back (a coordinator's upload of answers
vanished between the upload and its next page)."""

import json
import shutil
from pathlib import Path

import pytest

from tests.dbtemplate import RUN, _paths
from tests.processes import manage, small_network_env

STEPS = """
import json
from django.core.cache import cache
from kompetensnav.common.datacache import remember
from kompetensnav.network.models import Organisation

token = lambda: cache.get("kn:data:network")
computed = []

def count():
    computed.append(1)
    return Organisation.objects.count()

first = remember("test-count", (), count, apps=["network"])
before = token()
created = Organisation.objects.create(name="Lärcentrum Autocommit", kind="learning_centre")
kept = Organisation.objects.filter(pk=created.pk).exists()
renewed = token() != before  # after the next statement
second = remember("test-count", (), count, apps=["network"])
third = remember("test-count", (), count, apps=["network"])
print(json.dumps({"kept": kept, "renewed": renewed, "counts": [first, second, third],
                  "computed": len(computed)}))
"""


@pytest.fixture
def database(tmp_path) -> Path:
    """A migrated SQLite database of this test's own: a copy of the run's template when there
    is one (a parallel run), else migrated here."""
    file = tmp_path / "db.sqlite3"
    template = _paths("sqlite")[2]
    if RUN and template.exists():
        shutil.copy(template, file)
    return file


def test_an_autocommitted_write_is_kept_and_renews_its_token(database):
    env = small_network_env(database)  # as `make run`: the database cache
    if not database.exists():
        manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "createcachetable")
    out = json.loads(manage(env, "shell", "-c", STEPS).strip().splitlines()[-1])
    assert out["kept"], "the row written in autocommit was rolled back"
    assert out["renewed"]
    first, second, third = out["counts"]
    assert second == first + 1 and third == second  # computed afresh after the write, then kept
    assert out["computed"] == 2
