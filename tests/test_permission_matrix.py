"""The permission matrix: every URL pattern × every role, own and foreign objects.

Each named route of the URL resolver must be listed in ROUTES with what every role gets.
A route added without an entry here fails `test_every_route_is_in_the_matrix`.
A route's world is built once; every role then asks in a savepoint rolled back after it, and
the test lists every role whose answer differs from the matrix.
Routes that show a course's participants also have a receiving-site case (`Receiving`): a
course sent by the foreign organisation and received at the own site, where the own roles
reach their own site's participant only.
The API's operations have their own matrix (by operation, role and own/foreign object) in
kompetensnav/api/tests/test_access.py; an operation missing there fails here too.
"""

import importlib
import sys
from contextlib import contextmanager
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, ApiToken
from kompetensnav.api.api import api
from kompetensnav.api.tests.test_access import MATRIX as API_MATRIX
from tests.factories import AffiliationFactory, OrganisationFactory
from tests.permissions import ALL_ROLES, ANON, LOGIN, ROLES, Route, _allauth
from tests.sessions import signed_in

ROUTES: dict[str, Route] = {
    # public pages
    "common:home": Route(allowed=ALL_ROLES, anonymous=200),
    "common:accessibility": Route(allowed=ALL_ROLES, anonymous=200),
    "common:health": Route(allowed=ALL_ROLES, anonymous=200),
    "common:person_data": Route(allowed={Role.COORDINATOR.value}),
    "common:set_language": Route(
        allowed=ALL_ROLES,
        method="post",
        ok=302,
        anonymous=302,
        data={"language": "en", "next": "/"},
    ),
    # accounts (django-allauth): login, reset, two-factor
    "account_login": _allauth(200, 302),
    "account_logout": _allauth(302, 200),
    "account_inactive": _allauth(200, 200),
    "account_signup": _allauth(200, 302),  # sign-up is closed: the page says so
    "account_reauthenticate": _allauth(LOGIN, 200),
    "account_email": _allauth(LOGIN, 200),
    "account_email_verification_sent": _allauth(200, 200),
    "account_change_password": _allauth(LOGIN, 200),
    "account_set_password": _allauth(LOGIN, 302),
    "account_reset_password": _allauth(200, 200),
    "account_confirm_login_code": _allauth(LOGIN, 302),
    "account_confirm_email": Route(
        allowed=ALL_ROLES, anonymous=200, kwargs=lambda w: {"key": "not-a-real-key"}
    ),
    "account_reset_password_from_key_done": _allauth(200, 200),
    "account_reset_password_from_key": Route(
        allowed=ALL_ROLES, anonymous=200, kwargs=lambda w: {"uidb36": "zz", "key": "bad-key"}
    ),
    "account_reset_password_done": _allauth(200, 200),
    "mfa_index": _allauth(LOGIN, 200),
    "mfa_authenticate": _allauth(LOGIN, 302),
    "mfa_reauthenticate": _allauth(LOGIN, 302),
    "mfa_activate_totp": _allauth(LOGIN, 302),  # asks for the password first
    # without an authenticator there is nothing to deactivate or show: 404
    "mfa_deactivate_totp": _allauth(LOGIN, 404),
    "mfa_view_recovery_codes": _allauth(LOGIN, 404),
    "mfa_generate_recovery_codes": _allauth(LOGIN, 302),
    "mfa_download_recovery_codes": _allauth(LOGIN, 404),
    # our account pages
    "accounts:profile": Route(allowed=ALL_ROLES),
    "accounts:switch_affiliation": Route(
        allowed=ALL_ROLES, method="post", ok=302, kwargs=None, data={"affiliation": "own"}
    ),
    "accounts:people": Route(allowed={Role.COORDINATOR, Role.ORG_ADMIN}),
    "accounts:person_invite": Route(allowed={Role.COORDINATOR, Role.ORG_ADMIN}),
    "accounts:person_edit": Route(
        allowed={Role.COORDINATOR, Role.ORG_ADMIN},
        kwargs=lambda w: {"pk": w["own_affiliation"].pk},
        foreign_kwargs=lambda w: {"pk": w["foreign_affiliation"].pk},
        foreign_allowed={Role.COORDINATOR},
    ),
    "accounts:api_tokens": Route(allowed=ALL_ROLES),
    "accounts:api_token_revoke": Route(
        allowed=ALL_ROLES,
        kwargs=lambda w: {"pk": w["own_token"][w["role"]].pk},
        foreign_kwargs=lambda w: {"pk": w["foreign_token"].pk},
    ),
    "accounts:user_set_active": Route(
        allowed={Role.COORDINATOR},
        kwargs=lambda w: {"pk": w["own_affiliation"].pk},
        foreign_kwargs=lambda w: {"pk": w["foreign_affiliation"].pk},
        foreign_allowed={Role.COORDINATOR},
    ),
    "audit:log": Route(allowed={Role.COORDINATOR}),
    # the API's pages (operations are in the API's own matrix)
    "api:openapi-json": Route(allowed=ALL_ROLES, anonymous=200),
    "api:openapi-view": Route(allowed=ALL_ROLES, anonymous=200),
    "api:api-root": Route(allowed=ALL_ROLES, anonymous=404, ok=404, denied=404),
}
APP_ROUTE_MODULES = [
    importlib.import_module(f"{app.name}.tests.routes")
    for app in apps.get_app_configs()
    if app.name.startswith("kompetensnav.") and find_spec(f"{app.name}.tests.routes")
]
# Which app's routes.py lists a route: its world needs only that module's extend_world().
ROUTE_MODULE = {}
for _module in APP_ROUTE_MODULES:
    ROUTES.update(_module.ROUTES)
    ROUTE_MODULE.update(dict.fromkeys(_module.ROUTES, _module))

# Django's admin site guards itself: staff only, and no role makes anyone staff.
ADMIN_NAMESPACE = "admin"


def _route_names(patterns, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _route_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or f"{namespace}:<unnamed {pattern.pattern}>"


def _api_operation_routes() -> dict[str, tuple[str, str]]:
    """URL name of each API operation -> its method and path in the OpenAPI schema."""
    return {
        f"api:{operation['operationId']}": (method, path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method, operation in operations.items()
    }


def test_every_api_operation_is_in_the_api_matrix():
    missing = sorted(set(_api_operation_routes().values()) - set(API_MATRIX))
    assert not missing, (
        f"API operations missing from kompetensnav/api/tests/test_access.py: {missing}"
    )


def test_every_route_is_in_the_matrix():
    names = set(_route_names(get_resolver().url_patterns))
    api_operations = _api_operation_routes()
    ours = {n for n in names if not n.startswith(f"{ADMIN_NAMESPACE}:") and n not in api_operations}
    missing = sorted(ours - set(ROUTES))
    stale = sorted(set(ROUTES) - ours)
    assert not missing, f"routes missing from the permission matrix: {missing}"
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def build_world(modules) -> dict:
    """The users of every role, their tokens and organisations, and the objects the routes of
    `modules` (app route modules) need: each app's world is self-contained."""
    own_org = OrganisationFactory(name="Lärcentrum Egen")
    foreign_org = OrganisationFactory(name="Vuxenutbildning Annan")
    network_org = OrganisationFactory(name="Nätverkskansliet", kind="network")

    def make_user(role, organisation):
        return AffiliationFactory(role=role, organisation=organisation).user

    users = {Role.COORDINATOR.value: make_user(Role.COORDINATOR, network_org)}
    for role in ROLES:
        if role != Role.COORDINATOR:
            users[role] = make_user(role, own_org)
    foreign_affiliation = AffiliationFactory(organisation=foreign_org, role=Role.BROKER)
    own_affiliation = AffiliationFactory(organisation=own_org, role=Role.VIEWER)
    own_token = {}
    for role, user in users.items():
        affiliation = Affiliation.objects.get(user=user)
        raw, key_hash, hint = ApiToken.generate()
        own_token[role] = ApiToken.objects.create(
            affiliation=affiliation, name="t", key_hash=key_hash, key_hint=hint
        )
    raw, key_hash, hint = ApiToken.generate()
    foreign_token = ApiToken.objects.create(
        affiliation=foreign_affiliation, name="f", key_hash=key_hash, key_hint=hint
    )
    OrganisationFactory(name="Ännu en organisation")
    world = {
        "users": users,
        "own_org": own_org,
        "foreign_org": foreign_org,
        "own_affiliation": own_affiliation,
        "foreign_affiliation": foreign_affiliation,
        "own_token": own_token,
        "foreign_token": foreign_token,
    }
    for module in modules:
        if hasattr(module, "extend_world"):
            module.extend_world(world)
    return world


def _modules_of(name: str | None) -> list:
    """The route modules whose world a route needs: its own app's, or all of them."""
    return [ROUTE_MODULE[name]] if name in ROUTE_MODULE else APP_ROUTE_MODULES


def _group_of(name: str) -> str:
    """The name of the route module whose world a route needs ("" for the routes that no app
    module lists, which need no app's objects): a module-scoped parameter, so that pytest
    groups the routes by it."""
    return ROUTE_MODULE[name].__name__ if name in ROUTE_MODULE else ""


@pytest.fixture
def world(request, db):
    """The world of the route passed as the test's `name` parameter, built for this test."""
    callspec = getattr(request.node, "callspec", None)
    return build_world(_modules_of(callspec.params.get("name") if callspec else None))


@pytest.fixture(scope="module")
def group_world(request, django_db_setup, django_db_blocker):
    """The world of one route module, built once for all of its routes (the matrix's routes
    are parametrized by module, at module scope, so pytest runs each module's routes one after
    another): it is written in a transaction of its own that each test's transaction nests in
    as a savepoint, and rolled back after the module's last route. Building it per route cost
    minutes on PostgreSQL."""
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            world = build_world([m for m in APP_ROUTE_MODULES if m.__name__ == request.param])
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        cache.clear()


def _outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


def _request(client, name: str, route: Route, kwargs: dict | None, world: dict):
    url = reverse(name, kwargs=kwargs or None)
    data = dict(route.data(world) if callable(route.data) else route.data)
    if data.get("affiliation") == "own" and world.get("role") in world["users"]:
        data["affiliation"] = Affiliation.objects.get(user=world["users"][world["role"]]).pk
    return getattr(client, route.method)(url, data)


@contextmanager
def _rolled_back():
    """One role's request in a savepoint of its own: what a POST changes is undone before the
    next role asks, so a route's world is built once for every role."""
    with transaction.atomic():
        cache.clear()  # rate limits and cached pages start afresh for each role
        yield
        transaction.set_rollback(True)


def _ask(name: str, route: Route, role: str, kwargs: dict | None, world: dict):
    """The outcome of one role's request, or the exception a view raised."""
    world["role"] = role
    client = signed_in(world["users"][role]) if role != ANON else Client()
    try:
        return _outcome(_request(client, name, route, kwargs, world))
    except Exception as error:  # a view that raises is a finding of the matrix, not a crash
        return f"raised {error!r}"


def _by_group(names) -> dict:
    """Parametrize a matrix test over routes, grouped by the world they need."""
    pairs = sorted((_group_of(name), name) for name in names)
    return {
        "argnames": ("group_world", "name"),
        "argvalues": pairs,
        "ids": [name for _group, name in pairs],
        "indirect": ["group_world"],
        "scope": "module",
    }


@pytest.mark.parametrize(**_by_group(ROUTES))
@pytest.mark.django_db
def test_route_answers_each_role_as_the_matrix_says(group_world, name):
    """Every role and anonymous ask in turn, each in a savepoint rolled back after it."""
    world = group_world
    route = ROUTES[name]
    problems = []
    for role in [*ROLES, ANON]:
        if role == ANON:
            expected = route.anonymous
            kwargs = route.kwargs({**world, "role": Role.VIEWER.value}) if route.kwargs else None
        else:
            expected = route.ok if role in route.allowed else route.denied
            kwargs = route.kwargs({**world, "role": role}) if route.kwargs else None
        with _rolled_back():
            outcome = _ask(name, route, role, kwargs, world)
        if outcome != expected:
            problems.append(f"{role}: {outcome}, expected {expected}")
    assert not problems, f"{name}: {problems}"


@pytest.mark.parametrize(**_by_group(n for n, r in ROUTES.items() if r.foreign_kwargs is not None))
@pytest.mark.django_db
def test_foreign_object_answers_404_unless_shared(group_world, name):
    """A foreign organisation's object, asked for by every role in turn."""
    world = group_world
    route = ROUTES[name]
    problems = []
    for role in ROLES:
        if role in route.foreign_allowed:
            expected = route.ok
        elif role in route.allowed:
            expected = 404
        else:
            expected = route.denied
        with _rolled_back():
            outcome = _ask(name, route, role, route.foreign_kwargs({**world, "role": role}), world)
        if outcome != expected:
            problems.append(f"{role}: {outcome}, expected {expected}")
    assert not problems, f"{name} foreign object: {problems}"


def _receiving_outcome(route: Route, role: str, response, world: dict) -> str | None:
    """What is wrong with the answer to a role in a receiving-site case (None: nothing)."""
    case = route.receiving
    sees_all = role in route.foreign_allowed
    if role not in route.allowed:
        expected = route.denied
    elif case.listed is None and not sees_all:
        expected = 404
    else:
        expected = route.ok
    if _outcome(response) != expected:
        return f"{role}: {_outcome(response)}, expected {expected}"
    if case.listed is None or expected != route.ok:
        return None
    own, sending = case.listed(world)
    text = response.getvalue().decode("utf-8-sig", errors="replace")
    if own not in text:
        return f"{role}: {own!r} missing"
    if (sending in text) != sees_all:
        return f"{role}: {sending!r} {'missing' if sees_all else 'shown'}"
    return None


@pytest.mark.parametrize(**_by_group(n for n, r in ROUTES.items() if r.receiving is not None))
@pytest.mark.django_db
def test_receiving_site_reaches_only_its_own_participants(group_world, name, client):
    """A course sent by the foreign organisation and received at the own site: every role
    asks in turn (see tests.permissions.Receiving); the course is this test's own."""
    world = dict(group_world)
    route = ROUTES[name]
    ROUTE_MODULE[name].extend_receiving_world(world)
    case = route.receiving
    url = reverse(name, kwargs=case.kwargs(world) or None)
    query = case.query(world) if case.query else {}
    problems = []
    for role in ROLES:
        world["role"] = role
        signed_in(world["users"][role], client)
        response = client.get(url, query)
        if problem := _receiving_outcome(route, role, response, world):
            problems.append(problem)
    assert not problems, f"{name} on a received course: {problems}"


def test_admin_site_is_for_staff_only(make_user, client):
    client.force_login(make_user(Role.COORDINATOR, OrganisationFactory(kind="network")))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
