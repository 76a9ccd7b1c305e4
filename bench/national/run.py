"""`make bench`: the national-scale scenarios at 1 % and 10 % (by default) on gunicorn +
PostgreSQL, each figure printed beside its limit measured in the same run, as a ratio.

    .venv/bin/python -m bench.national.run --server postgres://postgres@127.0.0.1:5432 \
        [--scales 0.01 0.1] [--seconds 5]

For each scale it makes a database of its own (kn_bench_<per cent>, dropped first), migrates
it, loads the data set (generate.py, by COPY), starts gunicorn with 2 sync workers on it and
measures:

- pages: requests per second and p50/p99 latency of the coordinator's visit list, the needs
  dashboard, the key figures page, /api/figures, the public catalogue and a course page, with
  4 clients for --seconds each, against the bare /health/ page (the limit);
- after a write: the first request for each of those signed-in pages after a visit is
  recorded (measure.py after-write: what the visit wrote is drawn afresh), against p99 200 ms;
- figures: compute() for a year against one SQL statement (measure.py);
- import: the importer's rows per second against COPY's (measure.py).

Not part of `make test`: the numbers depend on the machine. Results go in
docs/performance.md with the command that produced them."""

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://kompetens.example.se",
        "API_RATE_LIMIT": "100000000/m",
        # the benchmark's coordinator logs in by password alone (production asks for a second
        # factor, which a load generator cannot give)
        "MFA_REQUIRED_ROLES": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def _database(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class Client:
    """One keep-alive connection to the server, with the session's cookie."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        # as behind the reverse proxy of docs/deploy.md, which ends TLS
        self.headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **headers}

    def get(self, path: str) -> tuple[int, bytes]:
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        return response.status, response.read()


def _login(port: int, email: str, password: str) -> str:
    """The Cookie header of a logged-in session, through the login form as a person would."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    proxy = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    connection.request("GET", "/accounts/login/", headers=proxy)
    response = connection.getresponse()
    page = response.read().decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        sys.exit(f"The login page answered {response.status} {response.getheader('Location')}")
    csrf = found.group(1)
    cookies = {
        c.split("=", 1)[0]: c.split("=", 1)[1].split(";", 1)[0]
        for c in response.headers.get_all("Set-Cookie") or []
    }
    body = urlencode({"csrfmiddlewaretoken": csrf, "login": email, "password": password})
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            **proxy,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": "https://127.0.0.1/accounts/login/",
        },
    )
    response = connection.getresponse()
    response.read()
    _take_cookies(response, cookies)
    if response.status != 302 or not any(name.endswith("sessionid") for name in cookies):
        sys.exit(f"The benchmark coordinator could not log in ({response.status}).")
    # the page the login leads to, as a browser follows it: it shows the "signed in" message,
    # whose cookie it then deletes (kept, it would be shown on every page measured)
    connection.request(
        "GET",
        response.getheader("Location") or "/",
        headers={**proxy, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
    )
    response = connection.getresponse()
    response.read()
    _take_cookies(response, cookies)
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _take_cookies(response: http.client.HTTPResponse, cookies: dict[str, str]) -> None:
    """Apply a response's Set-Cookie headers as a browser does (an expired one is deleted)."""
    for cookie in response.headers.get_all("Set-Cookie") or []:
        name, value = cookie.split(";", 1)[0].split("=", 1)
        expired = "max-age=0" in cookie.lower().replace(" ", "")
        if expired or not value or value == '""':
            cookies.pop(name, None)
        else:
            cookies[name] = value


def load(port: int, path: str, headers: dict[str, str], *, seconds: float, clients: int = 4):
    """(requests per second, p50 ms, p99 ms, errors) of `clients` clients asking for the path
    as fast as answers come, for `seconds`."""
    Client(port, headers).get(path)  # warm the workers' caches
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def work() -> None:
        client = Client(port, headers)
        mine, failed = [], 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status, _body = client.get(path)
            mine.append(time.perf_counter() - started)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(int(len(latencies) * 0.99), len(latencies) - 1)]
    return len(latencies) / took, statistics.median(latencies) * 1000, p99 * 1000, errors[0]


def bench_scale(
    server: str, scale: float, seconds: float, pages_only: bool = False
) -> list[tuple[str, str, str, str]]:
    name = f"kn_bench_{round(scale * 100)}"
    url = _database(server, name)
    env = _env(url)
    print(f"\n== scale {scale:g} ({name}) ==", flush=True)
    _run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    _run([PYTHON, "manage.py", "createcachetable"], env)
    started = time.perf_counter()
    out = _run([PYTHON, "-m", "bench.national.generate", "--scale", str(scale), "--json"], env)
    data = json.loads(out.strip().splitlines()[-1])
    print(f"data set: {sum(data['counts'].values()):,} rows loaded by COPY in "
          f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip

    port = _free_port()
    server_process = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
    )
    rows = []
    try:
        for _ in range(100):
            try:
                if Client(port, {}).get("/health/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        cookie = {"Cookie": _login(port, data["email"], data["password"])}
        token = {"Authorization": f"Bearer {data['token']}"}
        bare = load(port, "/health/", {}, seconds=seconds)
        rows.append(("bare page /health/", f"{bare[0]:.0f} req/s", f"p99 {bare[2]:.0f} ms", "1"))
        pages = [
            ("visit list (coordinator)", "/visits/list/", cookie),
            ("needs dashboard", "/visits/needs/", cookie),
            ("key figures page", "/reports/figures/", cookie),
            ("/api/figures", "/api/figures?from=2025-01-01&to=2025-12-31", token),
            ("public catalogue", "/courses/", {}),
            ("a course page", f"/courses/{data['course_id']}/", {}),
        ]
        for label, path, headers in pages:
            per_second, _p50, p99, errors = load(port, path, headers, seconds=seconds)
            note = f" ({errors} errors)" if errors else ""
            rows.append((label, f"{per_second:.1f} req/s{note}", f"p99 {p99:.0f} ms",
                         f"{per_second / bare[0]:.1%} of the bare page"))  # fmt: skip
            print(f"  {label}: {rows[-1][1]}, {rows[-1][2]}", flush=True)
    finally:
        server_process.send_signal(signal.SIGTERM)
        server_process.wait(timeout=30)

    # the first request after a write: each page drawn afresh after a visit is recorded
    drawn = json.loads(_run([PYTHON, "-m", "bench.national.measure", "after-write",
                             "--token", data["token"]], env))  # fmt: skip
    for label, found in drawn.items():
        rows.append((f"{label}, first request after a visit is recorded",
                     f"median {found['median_ms']} ms, slowest {found['max_ms']} ms",
                     "target: p99 under 200 ms",
                     f"{found['max_ms'] / 200:.0%} of the time allowed"))  # fmt: skip
        print(f"  {rows[-1][0]}: {rows[-1][1]}", flush=True)
    if pages_only:
        return rows
    figures = json.loads(_run([PYTHON, "-m", "bench.national.measure", "figures"], env))
    rows.append(("figures for a year", f"{figures['compute_ms']} ms, {figures['queries']} queries",
                 f"one SQL statement: {figures['sql_ms']} ms",
                 f"{figures['compute_ms'] / figures['sql_ms']:.1f}× the lower bound"))  # fmt: skip
    target = _database(server, f"{name}_import")  # the whole set imported into a new one
    _run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], _env(target))
    moved = json.loads(_run([PYTHON, "-m", "bench.national.measure", "import-all",
                             "--target", target], env))  # fmt: skip
    slowest = max(moved["seconds"], key=moved["seconds"].get)
    rows.append((f"import of the whole set ({sum(moved['rows'].values()):,} rows, 9 kinds)",
                 f"{moved['total_s']} s (slowest: {slowest}, {moved['seconds'][slowest]} s)",
                 "target: 1 % in a minute, 10 % in ten",
                 f"{moved['total_s'] / (60 if scale <= 0.01 else 600):.0%} of the time allowed"))  # fmt: skip
    exported = json.loads(_run([PYTHON, "-m", "bench.national.measure", "export"], env))
    rows.append((f"export of attendance ({exported['rows']:,} rows)",
                 f"{exported['export_s']} s, peak RSS {exported['peak_rss_mb']} MB",
                 f"COPY TO STDOUT: {exported['copy_s']} s",
                 f"{exported['export_s'] / max(exported['copy_s'], 0.01):.0f}× COPY"))  # fmt: skip
    kinds = (
        "organisations",
        "companies",
        "courses",
        "participants",
        "attendance",
        "registrations",
        "visits",
        "needs",
        "sessions",
    )
    for kind in kinds:
        imported = json.loads(_run([PYTHON, "-m", "bench.national.measure", "import",
                                    "--kind", kind, "--rows", "5000"], env))  # fmt: skip
        also = (  # the kind's table alone, where the file's rows fill another too
            f"; its own alone: {imported['copy_first_rows_s']:,}"
            if kind in {"courses", "sessions"} else ""
        )  # fmt: skip
        rows.append((f"import of {kind}", f"{imported['import_rows_s']:,} rows/s",
                     f"COPY: {imported['copy_rows_s']:,} rows/s "
                     f"(into its own tables: {imported['copy_own_rows_s']:,}{also})",
                     f"{imported['import_rows_s'] / imported['copy_rows_s']:.1%} of COPY "
                     f"({imported['import_rows_s'] / imported['copy_own_rows_s']:.1%})"))  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="postgres://user@host:port")
    parser.add_argument("--scales", type=float, nargs="+", default=[0.01, 0.1])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument(
        "--pages-only", action="store_true", help="the pages and the API only (a few minutes)"
    )
    options = parser.parse_args()
    # as docs/deploy.md installs it: the static files collected for the production settings
    env = {
        **_env(f"{options.server}/postgres"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    _run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    results = {scale: bench_scale(options.server, scale, options.seconds, options.pages_only)
               for scale in options.scales}  # fmt: skip
    print("\n| scale | scenario | measured | limit in the same run | ratio |")
    print("|---|---|---|---|---|")
    for scale, rows in results.items():
        for label, measured, limit, ratio in rows:
            print(f"| {scale:.0%} | {label} | {measured} | {limit} | {ratio} |")
    peaks = {
        scale: float(measured.rsplit("peak RSS ", 1)[1].split()[0])
        for scale, rows in results.items()
        for label, measured, _limit, _ratio in rows
        if label.startswith("export of")
    }
    if len(peaks) > 1:  # the target: flat memory, the largest scale within 20 % of the smallest
        low, high = peaks[min(peaks)], peaks[max(peaks)]
        print(f"\nExport memory: peak RSS {high} MB at {max(peaks):.0%} against {low} MB at "
              f"{min(peaks):.0%} ({high / low - 1:+.0%}; the target is within 20 %).")  # fmt: skip


if __name__ == "__main__":
    main()
