"""`manage.py` in a process of its own, as an administrator runs it: for the tests that need
settings of their own (the database cache, a SQLite file of their own) or a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def small_network_env(database: Path, **extra: str) -> dict[str, str]:
    """The environment of `make run` and a small network: SQLite, the database cache."""
    return {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
        **extra,
    }


def manage(env: dict, *args: str, timeout: int = 600) -> str:
    """Run `manage.py args` and give its output; fail the test with both outputs if it fails."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    assert done.returncode == 0, f"manage.py {' '.join(args[:2])}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def python(script: str, *, timeout: int = 120, **env: str) -> subprocess.CompletedProcess:
    """Run `script` in a Python process of its own, in the repository, with this process's
    environment (without DEBUG) and `env` over it; its outputs as text."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "DEBUG"}, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
