"""A new installation, done as docs/deploy.md says, step by step, on a new PostgreSQL
database: production settings, migrate, createcachetable, compilemessages, collectstatic
(once per run, see `collected_static`), check --deploy, createcoordinator; then gunicorn and
a task worker, with requests as the reverse proxy passes them on (https, the public host).
The first coordinator signs in (and is sent to set up two-factor authentication), the public
catalogue and the static files are served, and a password reset e-mail, sent by the worker
through SMTP (a real SMTP server here, aiosmtpd), links to the site's own address
(SITE_URL)."""

import fcntl
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.postgres import only_on_postgres

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SITE = "https://kompetens.example.se"
HOST = "kompetens.example.se"
EMAIL = "samordnare@example.se"
PASSWORD = "ett-långt-lösenord-för-installationen"

pytestmark = [
    *only_on_postgres("the installation is tested on PostgreSQL, as docs/deploy.md installs it"),
    pytest.mark.slow,
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content))
        self.arrived.set()
        return "250 OK"


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller.port, mailbox
    controller.stop()


@pytest.fixture
def database(django_db_setup):
    """A new, empty database on the test cluster, dropped afterwards."""
    settings = connection.settings_dict
    name = f"kn_install_{os.getpid()}"
    server = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database_url: str, smtp_port: int, tmp_path: Path) -> dict[str, str]:
    """Step 2 of docs/deploy.md (what .env.example lists), for this machine."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    return {
        **{k: v for k, v in os.environ.items() if k in keep},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "installation-test-" + "k" * 50,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": SITE,
        "SITE_URL": SITE,
        "TRUSTED_PROXIES": "127.0.0.1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "DEFAULT_FROM_EMAIL": "kompetensnav@example.se",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "FIELD_ENCRYPTION_KEYS": "Qm9ndXMga2V5IGZvciB0aGUgaW5zdGFsbCB0ZXN0IT0=",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def collected_static(env: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Step 3's `collectstatic` (compressing every file, some twenty seconds of CPU), run once
    per run for the tests that serve pages with production settings: the first to ask
    collects into a folder of the run's own (pytest's, removed with its old runs), the others
    wait for it; `env`'s STATIC_ROOT is that folder."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "static"
    with (folder.parent / "static.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "staticfiles.json").exists():
            _manage({**env, "STATIC_ROOT": str(folder)}, "collectstatic", "--no-input", "-v", "0")
    env["STATIC_ROOT"] = str(folder)


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


class Proxy:
    """Requests as the TLS-terminating proxy passes them on, with the cookies of one browser."""

    def __init__(self, port: int, address: str = "203.0.113.7") -> None:
        self.port = port
        self.address = address  # the client's, as the proxy appends it
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> HTTPResponse:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": SITE,
                "Referer": SITE + path,
            }
        http = HTTPConnection("127.0.0.1", self.port, timeout=60)
        http.request(method, path, body=body, headers=headers)
        response = http.getresponse()
        response.text = response.read().decode("utf-8", errors="replace")  # type: ignore[attr-defined]
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        http.close()
        return response

    def csrf(self, path: str) -> str:
        page = self.request("GET", path)
        assert page.status, page.text
        return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1])


def _wait_until_up(port: int, processes: list) -> None:
    for _ in range(300):
        for process in processes:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def test_a_new_installation_as_docs_deploy_describes_it(database, smtp, tmp_path, tmp_path_factory):
    assert shutil.which("msgfmt"), "compilemessages needs gettext (make install-system)"
    smtp_port, mailbox = smtp
    env = _environment(database, smtp_port, tmp_path)

    # steps 3, 4 and 6 of docs/deploy.md
    _manage(env, "migrate", "--no-input")
    _manage(env, "createcachetable")
    _manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
    collected_static(env, tmp_path_factory)
    assert "no issues" in _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    created = _manage(
        env, "createcoordinator", "--email", EMAIL, "--organisation", "Nätverkskansliet",
        "--municipality", "1480", "--no-input",
    )  # fmt: skip
    assert f"{EMAIL} is a network coordinator in Nätverkskansliet" in created

    # step 5: gunicorn and a task worker
    port = _free_port()
    gunicorn = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--threads", "2",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        _wait_until_up(port, [gunicorn, worker])
        browser = Proxy(port)
        assert browser.request("GET", "/health/").status == 200
        assert browser.request("GET", "/courses/").status == 200

        manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
        stylesheet = manifest["paths"]["kompetensnav/app.css"]
        assert browser.request("GET", f"/static/{stylesheet}").status == 200

        # the first coordinator signs in; a coordinator sets up two-factor authentication first
        token = browser.csrf("/accounts/login/")
        signed_in = browser.request(
            "POST", "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": EMAIL, "password": PASSWORD},
        )  # fmt: skip
        assert signed_in.status == 302, signed_in.text
        assert signed_in.getheader("Location") == "/"
        start = browser.request("GET", "/")
        assert start.status == 302 and start.getheader("Location") == "/accounts/2fa/totp/activate/"
        activate = "/accounts/2fa/totp/activate/"
        asked = browser.request("GET", activate)  # allauth asks for the password once more
        assert asked.status == 302
        assert asked.getheader("Location").startswith("/accounts/reauthenticate/")
        token = browser.csrf(asked.getheader("Location"))
        confirmed = browser.request(
            "POST", asked.getheader("Location"),
            {"csrfmiddlewaretoken": token, "password": PASSWORD, "next": activate},
        )  # fmt: skip
        assert confirmed.status == 302 and confirmed.getheader("Location") == activate
        page = browser.request("GET", activate)
        assert page.status == 200 and 'name="code"' in page.text, page.text[:2000]

        # a password reset: the worker sends it through SMTP, with a link to the site
        stranger = Proxy(port)
        token = stranger.csrf("/accounts/password/reset/")
        sent = stranger.request(
            "POST", "/accounts/password/reset/", {"csrfmiddlewaretoken": token, "email": EMAIL}
        )
        assert sent.status == 302, sent.text
        assert mailbox.arrived.wait(60), "the worker sent no e-mail"
        (message,) = mailbox.messages
        assert message["To"] == EMAIL
        body = (
            message.get_payload(decode=True)
            if not message.is_multipart()
            else (message.get_payload(0).get_payload(decode=True))
        )
        links = re.findall(r"https?://\S+", body.decode())
        assert links and all(link.startswith(SITE + "/") for link in links), links
        assert any("/accounts/password/reset/key/" in link for link in links), links
    finally:
        for process in (gunicorn, worker):
            process.send_signal(signal.SIGTERM)
        for process in (gunicorn, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
