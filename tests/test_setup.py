"""The promises of the README and the Makefile that a unit test can check."""

import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.urls import reverse

from tests.tasks import run_queued_tasks

ROOT = Path(__file__).resolve().parent.parent


def test_find_python_explains_when_no_python_312_exists(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)}
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts" / "find-python")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:  # a system-wide python3.12 outside PATH/pyenv exists here
        pytest.skip(f"found {result.stdout.strip()} in a fixed location")
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr


def test_find_python_finds_a_python_of_at_least_312():
    result = subprocess.run(
        [str(ROOT / "scripts" / "find-python")], capture_output=True, text=True, check=True
    )
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert version.stdout.strip() == "True"


def test_lock_files_name_no_registry_host():
    text = (ROOT / "requirements.lock").read_text()
    assert "==" in text
    # no address of any kind (a package may be named httpx: look for a scheme, not "http")
    assert "://" not in text and "index-url" not in text and "git+" not in text
    assert not (ROOT / "uv.lock").exists() or "uv.lock" in (ROOT / ".gitignore").read_text()
    assert "package-lock.json" in (ROOT / ".gitignore").read_text()


def test_ci_runs_exactly_what_the_readme_shows():
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [
        line.strip()
        for line in ci.splitlines()
        if line.strip() and not line.strip().startswith(("#", "set ", "cd "))
    ]
    assert commands == ["make test"]
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_htmx_comes_from_the_django_htmx_package(client):
    body = client.get("/").content.decode()
    assert "/static/django_htmx/htmx" in body
    assert finders.find("django_htmx/htmx-2.min.js")
    assert not list((ROOT / "kompetensnav").rglob("htmx*.js"))


@pytest.mark.django_db
def test_password_reset_mail_is_sent_by_the_worker(
    client, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": broker.email})
    assert response.status_code == 302
    assert mail.outbox == []
    assert run_queued_tasks() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [broker.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_env_example_documents_every_variable_the_settings_read():
    import re

    used = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        used |= set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', path.read_text()))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    missing = sorted(used - documented)
    assert not missing, f".env.example lacks {missing}"
    assert os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test").startswith("config.")
