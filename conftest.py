"""Shared fixtures: an organisation per role, users acting for them, and a foreign
organisation with its own data so that any leak shows."""

import os

import pytest
from django.test import Client, override_settings

from kompetensnav.accounts.enums import Role
from tests.factories import AffiliationFactory, OrganisationFactory

DEMO_PASSWORD = "kompetensnav-test-pw"


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's set-up of the test databases, with the migrations run once per run
    rather than once per xdist worker (tests/dbtemplate.py)."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from tests.dbtemplate import migrated_once

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock(), migrated_once():
        config = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
        )
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session", autouse=True)
def _media_of_this_run(tmp_path_factory):
    """Uploaded and generated files go to a folder of this run's own (one per xdist worker),
    never into the checkout, so parallel runs cannot meet in it."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language (Swedish), whatever a test before it
    on the same worker activated: with tests spread over workers, the order varies."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def own_org(db):
    return OrganisationFactory(name="Lärcentrum Egen")


@pytest.fixture
def foreign_org(db):
    return OrganisationFactory(name="Vuxenutbildning Annan")


@pytest.fixture
def network_org(db):
    return OrganisationFactory(name="Nätverkskansliet", kind="network")


@pytest.fixture
def make_user(db):
    """make_user(role, organisation) -> a user with that affiliation and a known password."""

    def _make(role: str, organisation=None, **user_fields):
        affiliation = AffiliationFactory(
            role=role,
            organisation=organisation or OrganisationFactory(),
            user__password=DEMO_PASSWORD,
            **{f"user__{k}": v for k, v in user_fields.items()},
        )
        return affiliation.user

    return _make


@pytest.fixture
def coordinator(make_user, network_org):
    return make_user(Role.COORDINATOR, network_org)


@pytest.fixture
def org_admin(make_user, own_org):
    return make_user(Role.ORG_ADMIN, own_org)


@pytest.fixture
def broker(make_user, own_org):
    return make_user(Role.BROKER, own_org)


@pytest.fixture
def foreign_admin(make_user, foreign_org):
    return make_user(Role.ORG_ADMIN, foreign_org)


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user."""

    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client


def _uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or "django_db_setup" in getattr(
        item, "fixturenames", ()
    )


def pytest_collection_modifyitems(config, items):
    """With KOMPETENSNAV_DATABASE_TESTS_ONLY=1 (the PostgreSQL half of `make test`), tests that
    touch no database are left out: the SQLite half has run them, and their outcome does not
    depend on the database.

    Transactional tests outside the browser suite must use serialized_rollback. After one
    without it, the flush re-creates content types and a serialized test cannot restore its
    copy; after one with it, the flush leaves no content types for the next plain one. The
    browser suite (plain, on SQLite) and the concurrency tests (serialized, on PostgreSQL) never
    run together; a third kind would break whichever runs after it."""
    if os.environ.get("KOMPETENSNAV_DATABASE_TESTS_ONLY") == "1":
        kept = [item for item in items if _uses_database(item)]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[i for i in items if not _uses_database(i)])
            items[:] = kept
    _check_modules_are_all_transactional_or_none(items)
    _longest_modules_first(items)
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if "tests/browser/" in item.nodeid:
            continue
        if not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test needs serialized_rollback=True "
                "(or use django_capture_on_commit_callbacks in a plain test)."
            )


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        fixtures & {"transactional_db", "live_server"}
    )


# Modules whose tests need nothing of each other (no module-scoped fixture): `make test`
# hands out their tests one by one rather than the module whole, so a long module such as
# the permission matrix (a thousand routes x roles) is shared by the workers instead of
# keeping one busy alone at the end of the run.
SPREAD = frozenset({"tests/test_permission_matrix.py"})


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadscope` (scripts/test-all) with the modules of SPREAD split by test."""
    if config.getoption("dist", None) != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduler(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.split("::", 1)[0] in SPREAD:
                return nodeid
            return super()._split_scope(nodeid)

    return Scheduler(config, log)


def _longest_modules_first(items) -> None:
    """Keep pytest-django's order of plain, transactional and database-free tests, and within
    each, start the modules marked `slow` (a minute or more) first: the workers hand out
    modules in this order, and a long one handed out last would leave the other workers idle
    while it runs. A module's tests stay together and in their order."""
    modules: dict[str, list] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)

    def key(entry):
        position, module_items = entry
        first = module_items[0]
        kind = 1 if _is_transactional(first) else 0 if _uses_database(first) else 2
        return (kind, first.get_closest_marker("slow") is None, position)

    ordered = sorted(enumerate(modules.values()), key=key)
    items[:] = [item for _position, module_items in ordered for item in module_items]


def _check_modules_are_all_transactional_or_none(items) -> None:
    """`make test` gives each xdist worker whole modules, in pytest-django's order: tests in a
    transaction first, transactional ones (whose flush empties every table, the reference data
    of the migrations too) after them. A module that mixes the two would run its flush in the
    middle of a worker's work and leave the tests after it without municipalities: put a
    transactional test in a module of its own."""
    kinds: dict[str, set[bool]] = {}
    for item in items:
        if _uses_database(item):
            kinds.setdefault(item.nodeid.split("::")[0], set()).add(_is_transactional(item))
    mixed = sorted(module for module, found in kinds.items() if len(found) > 1)
    if mixed:
        raise pytest.UsageError(
            "a module mixes transactional and plain database tests (move the transactional "
            f"ones to a module of their own): {mixed}"
        )


def pytest_runtest_logfinish(nodeid, location):
    """With KOMPETENSNAV_TEST_TIMELINE=FILE, each worker appends when each test ended (for
    scripts/test-timeline, which shows how busy the workers were and what ran last)."""
    path = os.environ.get("KOMPETENSNAV_TEST_TIMELINE")
    if path:
        import time

        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        half = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
        with open(path, "a", encoding="utf-8") as timeline:
            timeline.write(f"{time.time():.3f}\t{half}\t{worker}\t{nodeid}\n")
