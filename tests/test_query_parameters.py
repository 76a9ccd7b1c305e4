"""Odd query parameters never give a server error (property-based, with hypothesis).

For every GET route of the URL resolver (the permission matrix lists them all, with the
objects their paths need), the test first finds which query parameters the page reads (the
request's GET is replaced by one that records every name looked up), then sends odd values
for them as a user the route is meant for (a coordinator where they may): negative and huge
numbers, 5,000 digits, long strings, NUL and other control characters, unicode, impossible
dates and the ends of the calendar, a parameter given several times. Every answer must be
below 500. The routes are tested app by app, each in the matrix's world of its app.

The rule the pages follow (docs/architecture.md, kompetensnav/common/filters.py): each query
parameter is read by a GET filter form; a value the form does not accept falls back to the
parameter's default. A parameter naming an object the user cannot see answers 404, like a
path would. The tests after the property-based one are the cases that gave server errors.

Runs on SQLite and on PostgreSQL (which refuses NUL characters in text and has 64-bit
integers, where SQLite has its own limits). The examples are bounded: six values for each
parameter alone and RANDOM_EXAMPLES combinations per route (about two minutes on SQLite,
most of it rendering the pages).
"""

from datetime import date

import pytest
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetensnav.accounts.enums import Role
from tests.permissions import ROLES
from tests.test_permission_matrix import (  # noqa: F401 (the matrix's world)
    APP_ROUTE_MODULES,
    ROUTE_MODULE,
    ROUTES,
    world,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RANDOM_EXAMPLES = 8

# Each parameter alone gets each of these: the values that broke pages before (a filter form
# that refuses one value ignores the others, so they are tried one parameter at a time).
SWEEP = ["-1", "99999999999999999999", "0001-01-01", "9999-12-31", "a\x00b", "9" * 5000]

NASTY = [
    "-1",
    "0",
    "99999999999999999999",
    "-9223372036854775809",
    "9223372036854775808",
    "1" * 5000,
    "x" * 5000,
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "9999-12",
    "0000-01",
    "2025-02-30",
    "1e309",
    "NaN",
    "a\x00b",
    "\x00",
    "\x01\x1f\x7f",
    "\u202eÅäö😀",
    "١٢",  # Arabic-Indic digits: int() accepts them
    " ",
]

odd_values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.text(max_size=40),
    st.text(st.characters(max_codepoint=0x1F), max_size=5),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
)
# a parameter given once or several times (?a=1&a=2)
odd_lists = st.lists(odd_values, min_size=1, max_size=3)


class _Recorded:
    names: set[str] = set()


class RecordingQueryDict(QueryDict):
    """A request's GET that notes every parameter name the page looks up."""

    def __getitem__(self, key):
        _Recorded.names.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        _Recorded.names.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        _Recorded.names.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        _Recorded.names.add(key)
        return super().__contains__(key)


class RecordingGet:
    """Stands in for WSGIRequest.GET (a cached property) during the test."""

    def __get__(self, request, owner=None):
        if request is None:
            return self
        if "GET" not in request.__dict__:
            query = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")
            request.__dict__["GET"] = RecordingQueryDict(query, encoding=request._encoding)
        return request.__dict__["GET"]

    def __set__(self, request, value):
        request.__dict__["GET"] = value


def _role(route) -> str:
    if Role.COORDINATOR.value in route.allowed:
        return Role.COORDINATOR.value
    return next(role for role in ROLES if role in route.allowed)


def _get_routes(names) -> list[str]:
    return sorted(name for name in names if ROUTES[name].method == "get")


# The routes by the app module that lists them (tests/permissions.py); the matrix's world
# builds the objects of the module whose route is passed as `name` only, so each group is
# tested in a world of its own. Routes no app module lists need no app's objects: they get
# the reports' world (a small one).
GROUPS: dict[str, tuple[str, list[str]]] = {
    module.__name__.split(".")[1]: (next(iter(module.ROUTES)), _get_routes(module.ROUTES))
    for module in APP_ROUTE_MODULES
}
GROUPS["other"] = ("reports:figures", _get_routes(set(ROUTES) - set(ROUTE_MODULE)))


def _get(client, url: str, params: dict | None = None, **extra):
    """The response, in a savepoint: on PostgreSQL a failed query would otherwise abort the
    test's transaction and fail every request after it."""
    savepoint = transaction.savepoint_create()
    response = client.get(url, params, **extra)
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


def _failure(client, url: str, params: dict) -> str | None:
    response = _get(client, url, params)
    if response.status_code < 500:
        return None
    error = getattr(response, "exc_info", None)
    shown = {k: [v[:30] + ("…" if len(v) > 30 else "") for v in vs] for k, vs in params.items()}
    return f"{url} {shown!r}: {response.status_code} {error and error[1]!r}"


def _parameters_read(client, url: str) -> list[str]:
    _Recorded.names = set()
    # with a query string, so that forms read as `Form(request.GET or None)` are bound
    _get(client, url, {"_": "1"})
    _get(client, url, {"_": "1"}, headers={"HX-Request": "true"})  # read by partials only
    return sorted(_Recorded.names - {"_"})


def _odd_requests(client, url: str, parameters: list[str]) -> list[str]:
    failures = []
    for parameter in parameters:
        for value in SWEEP:
            if failure := _failure(client, url, {parameter: [value]}):
                failures.append(failure)

    @settings(
        max_examples=RANDOM_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(params=st.dictionaries(st.sampled_from(parameters), odd_lists, min_size=1, max_size=3))
    def random_requests(params):
        if failure := _failure(client, url, params):
            failures.append(failure)

    random_requests()
    return failures


# Parameters the recorder must notice (were it to notice nothing, every route would pass).
KNOWN_READERS = {
    "network:collaboration_list": "year",
    "visits:need_list": "area",
    "catalogue:course_list": "date_to",
    "participants:employer_totals": "q",
    "questionnaires:questionnaire_list": "q",
}


# Groups swept in a module of their own (test_query_parameters_<group>.py): pytest-xdist hands
# a module to one worker, and the visits pages alone take as long as the rest of the sweep, the
# collaboration model's (with two PDFs) half as long.
OWN_MODULE = {"visits", "collaboration"}


@pytest.mark.parametrize(
    ("group", "name"), [(g, route) for g, (route, _r) in GROUPS.items() if g not in OWN_MODULE]
)
def test_odd_query_parameters_never_give_a_server_error(group, name, world, client, monkeypatch):  # noqa: F811
    sweep(group, world, client, monkeypatch)


def sweep(group, world, client, monkeypatch) -> None:  # noqa: F811
    """Find the parameters each route of the group reads and send them odd values."""
    monkeypatch.setattr(WSGIRequest, "GET", RecordingGet())
    client.raise_request_exception = False
    failures, read = [], {}
    for route_name in GROUPS[group][1]:
        route = ROUTES[route_name]
        world["role"] = _role(route)
        client.force_login(world["users"][world["role"]])
        url = reverse(route_name, kwargs=route.kwargs(world) if route.kwargs else None)
        read[route_name] = _parameters_read(client, url)
        if read[route_name]:
            failures += [f"{route_name} {f}" for f in _odd_requests(client, url, read[route_name])]
    for route_name, parameter in KNOWN_READERS.items():
        if route_name in read:
            assert parameter in read[route_name], f"{route_name} reads {parameter}"
    assert not failures, "server errors:\n" + "\n".join(failures)


# --- the values that gave server errors, and what the pages answer instead -------------------


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def test_collaborations_of_an_impossible_year_are_all_collaborations(as_coordinator, own_org):
    from kompetensnav.network.models import Collaboration

    url = reverse("network:collaboration_list")
    for year in (2024, 2025):
        Collaboration.objects.create(established=date(year, 5, 1), title=f"Avtal {year}")
    for year in ("-1", "0", "99999999999999999999", "9" * 5000, "1e3", "20 25"):
        response = as_coordinator.get(url, {"year": year})
        assert response.status_code == 200, year
        assert response.context["year"] is None  # all years
        assert "Avtal 2024" in response.text and "Avtal 2025" in response.text
    only = as_coordinator.get(url, {"year": "2025"}).text
    assert "Avtal 2025" in only and "Avtal 2024" not in only
    assert "Avtal 20" not in as_coordinator.get(url, {"year": "2019"}).text  # a year of none


def test_needs_of_a_huge_area_are_all_needs(as_coordinator):
    from kompetensnav.visits.tests.factories import NeedFactory

    need = NeedFactory(visit__date=timezone.localdate())
    for area in ("99999999999999999999", "9" * 5000, "-1", "x" * 5000):
        for name in ("visits:need_list", "visits:dashboard"):
            response = as_coordinator.get(reverse(name), {"area": area})
            assert response.status_code == 200, (name, area)
            assert need.area.name in response.text  # no area filter: the need is listed
    other = NeedFactory(visit__date=timezone.localdate())
    response = as_coordinator.get(reverse("visits:need_list"), {"area": other.area.pk})
    assert need.area.name not in response.text  # a real filter still filters
    response = as_coordinator.get(reverse("visits:need_list"), {"area": other.area.pk + 1})
    assert need.area.name in response.text  # an area no need names is no filter


@pytest.mark.parametrize(
    "params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_to": "3000-01-01"}]
)
def test_catalogue_with_dates_at_the_ends_of_the_calendar_is_not_filtered(client, params):
    response = client.get(reverse("catalogue:course_list"), params)
    assert response.status_code == 200
    assert response.context["filters"].filters()["date_to"] is None
    assert response.context["filters"].filters()["date_from"] is None


def test_calendar_with_a_huge_site_stays_on_the_calendar(as_coordinator, own_org):
    url = reverse("campus:calendar")
    response = as_coordinator.get(url, {"site": "9" * 5000, "month": "2025-13"})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)  # this month
    response = as_coordinator.get(url, {"site": own_org.pk, "month": "2025-03"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('campus:site_calendar', args=[own_org.pk])}?month=2025-03"
    )


def test_event_calendar_of_an_impossible_month_shows_this_month(as_coordinator):
    url = reverse("network:event_calendar")
    for month in ("2025-13", "9999-01", "-1", "9" * 5000, "2025-0\x003"):
        response = as_coordinator.get(url, {"month": month})
        assert response.status_code == 200
        assert response.context["month"] == timezone.localdate().replace(day=1)
    assert as_coordinator.get(url, {"month": "2025-03"}).context["month"] == date(2025, 3, 1)


def test_visit_form_with_a_huge_plan_or_company_starts_empty(as_coordinator):
    url = reverse("visits:visit_create")
    for params in ({"plan": "9" * 5000}, {"company": "9" * 5000}, {"company": "1" * 20}):
        response = as_coordinator.get(url, params)
        assert response.status_code == 200
        assert response.context["form"].initial["company"] is None


@pytest.mark.parametrize("query", ["a\x00b", "\x00", "Verk\x1bstad", "x" * 5000])
def test_searches_with_nul_and_control_characters_find_nothing(as_coordinator, query):
    """On PostgreSQL a NUL character reached the database and failed there."""
    from kompetensnav.participants.tests.factories import CourseFactory
    from tests.factories import CompanyFactory

    CompanyFactory(name="Verkstad AB")
    course = CourseFactory()
    # a control character makes the search invalid (no search); a long one is cut
    expected = "" if any(ord(c) < 32 for c in query) else query[:100]
    for url, params, shown in [
        (reverse("companies:company_search"), {"q": query}, "query"),
        (reverse("companies:company_search"), {"company_query": query}, "query"),
        (reverse("participants:course_registrations", args=[course.pk]), {"q": query}, "search"),
        (reverse("participants:employer_totals"), {"q": query}, "search"),
        (reverse("questionnaires:questionnaire_list"), {"q": query}, "search"),
    ]:
        response = as_coordinator.get(url, params)
        assert response.status_code == 200, url
        assert response.context[shown] == expected, url


def test_company_search_picks_into_a_plain_field_name_only(as_coordinator):
    url = reverse("companies:company_search")
    assert as_coordinator.get(url, {"q": "a", "pick": "company"}).context["pick"] == "company"
    for pick in ('x" onclick="', "å" * 3, "a" * 41, "a\x00"):
        response = as_coordinator.get(url, {"q": "a", "pick": pick})
        assert response.status_code == 200 and response.context["pick"] == ""
        assert response.context["query"] == "a"  # the other parameters still apply


@pytest.mark.parametrize("name", ["analysis:course_propose"])
def test_course_proposal_for_a_huge_area_is_not_found(name, world, client):  # noqa: F811
    client.force_login(world["users"][Role.COORDINATOR.value])
    url = reverse(name)
    group = ROUTES[name].data(world)  # area, subregion, horizon of the world's needs
    assert client.get(url, group).status_code == 200
    for area in ("99999999999999999999", "9" * 5000, "-1", "x"):
        assert client.get(url, {**group, "area": area}).status_code == 404


@pytest.mark.parametrize("name", ["analysis:course_tip"])
def test_course_tip_with_a_huge_need_is_the_tip_without_a_need(name, world, client):  # noqa: F811
    client.force_login(world["users"][Role.COORDINATOR.value])
    visit, course = world["analysis_own_visit"], world["analysis_course"]
    url = reverse(name, kwargs={"visit": visit.pk, "course": course.pk})
    need = world["analysis_own_need"]
    with_need = client.get(url, {"need": need.pk})
    assert with_need.status_code == 200 and need.area.name in with_need.text
    for value in ("9" * 5000, "99999999999999999999"):
        response = client.get(url, {"need": value})
        assert response.status_code == 200
        assert response.text.replace(need.area.name, "") == response.text  # no need named
