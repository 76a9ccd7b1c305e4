"""Kept results on SQLite with the database cache, as `make run` and a small network run them
(the tests' own settings use the local-memory cache, so this runs in a process of its own).

A write in autocommit must be kept, and its app's token renewed after it. It was not: the
token was written on the same connection while SQLite still held the INSERT … RETURNING
statement, and the cache's transaction rolled the row back (a coordinator's upload of answers
vanished between the upload and its next page)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dbtemplate import RUN, _paths

ROOT = Path(__file__).resolve().parents[3]

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


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_an_autocommitted_write_is_kept_and_renews_its_token(database):
    env = {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",  # as `make run`: the database cache
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
    }
    if not database.exists():
        _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "createcachetable")
    out = json.loads(_manage(env, "shell", "-c", STEPS).strip().splitlines()[-1])
    assert out["kept"], "the row written in autocommit was rolled back"
    assert out["renewed"]
    first, second, third = out["counts"]
    assert second == first + 1 and third == second  # computed afresh after the write, then kept
    assert out["computed"] == 2
