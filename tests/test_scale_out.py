"""Scale-out, proven here (issue 16): two app servers (gunicorn) and two task workers
(`manage.py db_worker`) on one PostgreSQL database, with production settings, as
docs/deploy.md sets them up for a whole country.

At once, through both servers: people register for a course with fewer seats than people
(each from an address of their own, through the reverse proxy), while the workers check and
import four web imports of 600 rows each and send every registration's confirmation e-mail
through SMTP. Then: no overbooking (as many registered as there are seats, the rest on the
waitlist, every request answered), no task lost or run twice (every task done by exactly one
worker, both workers busy, one e-mail per registration, each import checked and imported
once with every row), and the public registration's rate limit counted across the servers
(the database cache): one address's eleventh attempt in a minute is refused whichever server
it reaches."""

import html
import json
import re
import signal
import subprocess
import threading
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.dbtemplate import postgres_template
from tests.postgres import only_on_postgres
from tests.test_installation import (
    PYTHON,
    ROOT,
    Proxy,
    _environment,
    _free_port,
    _manage,
    _wait_until_up,
    collected_static,
    smtp,  # noqa: F401 (fixture)
)

pytestmark = [
    *only_on_postgres("scale-out is tested on PostgreSQL, as docs/deploy.md installs it"),
    pytest.mark.slow,
]

SEATS = 12
PEOPLE = 40
JOBS = 4
ROWS = 600  # more than BACKGROUND_THRESHOLD_ROWS: the worker imports them
RATE = 10  # the public registration's limit per address and minute (public_views.DEFAULT_RATE)


@pytest.fixture
def database(django_db_setup):
    """A database of this test's own on the test cluster: a copy of the run's migrated
    template where there is one (a parallel run), else a new one, migrated by the test."""
    settings = connection.settings_dict
    name = f"kn_scale_{settings['NAME'][-12:]}".replace("-", "_")
    server = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}
    template = postgres_template()
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if template and found.fetchone():
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _step(env: dict, call: str) -> dict:
    out = _manage(env, "shell", "-c", f"from tests.scale_out_steps import *; {call}")
    return json.loads(out.strip().splitlines()[-1])


def _query(database: str, sql: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(database) as db:
        return db.execute(sql, params).fetchall()


def _wait_for(condition, what: str, seconds: float = 120) -> None:
    stop = threading.Event()
    for _ in range(int(seconds * 4)):
        if condition():
            return
        stop.wait(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


class Person(Proxy):
    """A browser behind the reverse proxy, from an address of its own."""

    def form(self, path: str) -> dict[str, str]:
        """The registration form as the page gives it, filled in by this person."""
        page = self.request("GET", path)
        assert page.status == 200, page.text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        place = re.search(r'name="place" value="([^"]+)"', page.text)[1]
        number = self.address.rsplit(".", 1)[1]
        return {
            "csrfmiddlewaretoken": html.unescape(token),
            "full_name": f"Deltagare {number}",
            "email": f"deltagare{number}@example.se",
            "place": html.unescape(place),
            "gender": "",
            "consent": "on",
        }


def _all(text: str, word: str) -> list[int]:
    """Where `word` begins in `text`, each time."""
    return [found.start() for found in re.finditer(re.escape(word), text)]


def _start(env: dict, logs: Path, *commands: list[str]) -> list[subprocess.Popen]:
    """The processes, each writing its output to a file of its own in `logs`."""
    started = []
    for n, command in enumerate(commands):
        with (logs / f"process-{n}.log").open("w") as log:
            started.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
    return started


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_two_app_servers_and_two_workers_on_one_database(
    database,
    smtp,  # noqa: F811 (the fixture imported above)
    tmp_path,
    tmp_path_factory,
):
    smtp_port, mailbox = smtp
    env = _environment(database, smtp_port, tmp_path)
    if not _query(database, "SELECT 1 FROM pg_tables WHERE tablename = 'django_migrations'"):
        _manage(env, "migrate", "--no-input")
    _manage(env, "createcachetable")
    collected_static(env, tmp_path_factory)
    seeded = _step(env, f"seed(seats={SEATS}, jobs={JOBS}, rows={ROWS})")

    ports = [_free_port(), _free_port()]
    # a process and four threads per server: two servers are the point, not their size
    gunicorn = [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--threads", "4",
                "--no-control-socket"]  # fmt: skip
    worker = [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "--worker-id"]
    processes = _start(
        env,
        tmp_path,
        *[[*gunicorn, "--bind", f"127.0.0.1:{port}"] for port in ports],
        [*worker, "worker-a"],
        [*worker, "worker-b"],
    )
    try:
        for port in ports:
            _wait_until_up(port, processes)

        # PEOPLE register at once, half through each server, while the imports are checked
        path = f"/register/course/{seeded['course']}/"
        people = [Person(ports[n % 2], f"203.0.113.{n + 1}") for n in range(PEOPLE)]
        forms = [person.form(path) for person in people]
        barrier, answers = threading.Barrier(PEOPLE), [None] * PEOPLE

        def register(n: int) -> None:
            barrier.wait()
            answers[n] = people[n].request("POST", path, forms[n]).status

        threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert answers == [302] * PEOPLE  # every one registered or on the waitlist

        statuses = dict(
            _query(
                database,
                "SELECT status, count(*) FROM participants_registration WHERE course_id = %s "
                "GROUP BY status",
                (seeded["course"],),
            )
        )
        assert statuses == {"registered": SEATS, "waitlisted": PEOPLE - SEATS}, statuses

        # the imports: checked by the workers, confirmed, imported by the workers
        def jobs_in(status: str) -> bool:
            found = _query(
                database,
                "SELECT count(*) FROM interchange_importjob WHERE id = ANY(%s) AND status = %s",
                (seeded["jobs"], status),
            )
            return found[0][0] == JOBS

        _wait_for(lambda: jobs_in("valid"), "every import checked")
        confirmed = _step(
            env, f"confirm(coordinator={seeded['coordinator']}, jobs={seeded['jobs']})"
        )
        assert confirmed["statuses"] == ["queued"] * JOBS
        _wait_for(lambda: jobs_in("done"), "every import imported")
        assert _query(
            database,
            "SELECT count(*) FROM network_organisation WHERE external_id LIKE 'SKALA-%%'",
        )[0][0] == JOBS * ROWS  # fmt: skip
        attempts = _query(
            database, "SELECT attempts FROM interchange_importjob WHERE id = ANY(%s)",
            (seeded["jobs"],),
        )  # fmt: skip
        assert attempts == [(1,)] * JOBS  # each import run by one worker, once

        # every task done once, by one worker; both workers did some
        _wait_for(lambda: len(mailbox.messages) >= PEOPLE, "an e-mail for every registration", 60)
        tasks = _query(
            database, "SELECT task_path, status, worker_ids FROM django_tasks_database_dbtaskresult"
        )
        assert {status for _path, status, _ids in tasks} == {"SUCCESSFUL"}, tasks
        assert all(len(ids) == 1 for _path, _status, ids in tasks), tasks
        assert {ids[0] for _path, _status, ids in tasks} == {"worker-a", "worker-b"}
        by_path: dict[str, int] = {}
        for task_path, _status, _ids in tasks:
            by_path[task_path] = by_path.get(task_path, 0) + 1
        assert by_path["kompetensnav.interchange.tasks.check_import_job"] == JOBS
        assert by_path["kompetensnav.interchange.tasks.run_import_job"] == JOBS
        assert by_path["kompetensnav.common.mail.send_email_task"] == PEOPLE
        recipients = sorted(message["To"] for message in mailbox.messages)
        assert recipients == sorted(form["email"] for form in forms)  # one each, none twice

        # the rate limit holds across the servers: one address, RATE attempts in a minute
        visitor = [Person(port, "198.51.100.9") for port in ports]
        tries = [visitor[n % 2].form(path) | {"email": "x"} for n in range(RATE + 2)]
        answers = [visitor[n % 2].request("POST", path, tries[n]).status for n in range(RATE + 2)]
        assert answers == [200] * RATE + [429, 429]  # refused on both servers
    finally:
        _stop(processes)
    output = "".join(log.read_text() for log in sorted(tmp_path.glob("process-*.log")))
    tracebacks = [output[max(0, at - 500) : at + 4000] for at in _all(output, "Traceback")]
    assert not tracebacks, "\n…\n".join(tracebacks[:3])
