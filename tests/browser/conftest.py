"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's
live_server, and axe-core checks every page state the tests reach.

`playwright install` cannot work on these machines; the system Chromium is used instead.
Without /usr/bin/chromium the tests are skipped locally, and fail in CI (CI is set).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the main thread, so Django would refuse ORM
# calls from test code (SynchronousOnlyOperation). scripts/test-all sets this too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.browser.support import PageWatch, check_a11y  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
BROWSER_DIR = Path(__file__).resolve().parent
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in tests/browser with `browser`; skip them only where no Chromium is
    installed and this is not CI."""
    skip = None
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        skip = pytest.mark.skip(
            reason=f"{CHROMIUM} is missing: install Debian's chromium (make install-system) "
            "to run the browser tests"
        )
    for item in items:
        if BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if skip is not None:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run; each test gets its own context (cookies, storage)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing, and CI needs the browser tests to run.")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def _empty_audit_log_before_flush(transactional_db):
    """live_server tests run in transactional_db, which empties every table after each test
    with DELETE on SQLite. The audit log refuses DELETE (append-only triggers, audit
    migration 0001), so the flush would fail. Set up before the browser and torn down after
    it, just before the flush: lift the triggers, empty the table, put the triggers back.
    An empty table makes the flush's DELETE fire no row trigger. (PostgreSQL flushes with
    TRUNCATE, which row triggers do not see.)"""
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'auditlog_logentry'"
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute("DELETE FROM auditlog_logentry")
        for _name, sql in triggers:
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The reference data the migrations load (counties, municipalities, subregions, SNI
    codes, SEQF levels, countries; the shipped questionnaires). live_server tests run in transactional_db, which empties
    every table after each test, so load it again by running the data steps (RunPython) of
    the reference app's migrations; they are idempotent upserts.

    (serialized_rollback would be Django's way, but once Playwright's event loop runs, the
    test's database connection no longer carries the serialized copy, so Django skips it.)"""
    from django.db import connection

    from kompetensnav.questionnaires.models import Questionnaire
    from kompetensnav.reference.models import Municipality

    if not Municipality.objects.exists():
        _run_data_migrations("reference", connection)
    # the shared questionnaires (visit, gap analysis, course evaluation) are data too
    if not Questionnaire.objects.filter(key="visit").exists():
        _run_data_migrations("questionnaires", connection)
        _run_data_migrations("participants", connection)


def _run_data_migrations(app_label: str, connection) -> None:
    from types import SimpleNamespace

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection, load=False)
    loader.load_disk()
    editor = SimpleNamespace(connection=connection)
    for key in sorted(k for k in loader.disk_migrations if k[0] == app_label):
        for operation in loader.disk_migrations[key].operations:
            # triggers and other schema steps survive a flush; only data is loaded again
            if isinstance(operation, RunPython) and not operation.hints.get("schema"):
                operation.code(apps, editor)


@pytest.fixture
def browser_context(chromium, live_server, settings, request):
    """A fresh browser profile per test whose browser asks for Swedish, on the live server
    (which is the site's own address, SITE_URL, for links in e-mails and feeds).
    Parametrize it indirectly with new_context() options to change e.g. the viewport:
    @pytest.mark.parametrize("browser_context", [{"viewport": ...}], indirect=True)."""
    settings.SITE_URL = live_server.url
    options = {
        "base_url": live_server.url,
        "locale": "sv-SE",
        "viewport": DESKTOP,
        "timezone_id": "Europe/Stockholm",
        **getattr(request, "param", {}),
    }
    context = chromium.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request):
    """A page whose every loaded document is recorded. At the end of the test the last page is
    checked with axe if the test did not, and the test fails if an earlier page was never
    checked, or if a page logged a script error or a sub-resource failed to load."""
    page = browser_context.new_page()
    watch = PageWatch()
    watch.attach(page)
    page._kompetensnav_watch = watch
    yield page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        return  # the test's own failure says more; do not pile on
    if watch.last_unchecked:
        check_a11y(page, f"last page of {request.node.name}")
    problems = []
    if unchecked := watch.unchecked_urls():
        problems.append(
            "pages never checked with axe (use visit/submit/follow or check_a11y): "
            + ", ".join(unchecked)
        )
    problems += watch.errors
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the item, so fixtures can see if the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def login_as(browser_context, live_server):
    """login_as(user): the browser is logged in as that user (a session made on the server
    side; the login form itself is tested in test_login.py)."""
    from django.conf import settings
    from django.test import Client

    def _login(user):
        client = Client()
        client.force_login(user)
        browser_context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return user

    return _login
