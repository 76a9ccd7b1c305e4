"""/api/courses: the published catalogue, as the public catalogue shows it, by title."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompetensnav.campus.enums import CourseFormat
from kompetensnav.participants.tests.factories import (
    CourseFactory,
    SessionFactory,
    course_with_sites,
)
from tests.factories import OrganisationFactory

from .helpers import translated

STHLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def catalogue(own_org, foreign_org):
    site = OrganisationFactory(name="Lärcentrum Mottagare")
    cnc = course_with_sites(
        provider=own_org,
        sites=[site, foreign_org],
        capacity=3,
        sessions=2,
        remote=1,
        title_sv="CNC-teknik",
        title_en="CNC technology",
        seqf_level_id=4,
        format=CourseFormat.HYBRID,
        pilot=True,
    )
    past = SessionFactory(course=cnc, start=datetime(2024, 9, 2, 9, tzinfo=STHLM))
    past.sites.create(organisation=site, capacity=10)  # over: its places are not free
    svetsning = CourseFactory(
        provider=foreign_org, title_sv="Svetsning", title_en="", format=CourseFormat.ON_SITE
    )
    return {
        "cnc": cnc,
        "past": past,
        "svetsning": svetsning,
        "draft": CourseFactory(provider=own_org, title_sv="Utkast", status="draft"),
        "foreign_draft": CourseFactory(provider=foreign_org, title_sv="Annans", status="draft"),
        "submitted": CourseFactory(provider=own_org, title_sv="Inskickad", status="submitted"),
        "archived": CourseFactory(provider=foreign_org, title_sv="Arkiverad", status="archived"),
    }


def _titles(response) -> list[str]:
    return [item["title_sv"] for item in response.json()["items"]]


@pytest.mark.parametrize("caller", ["coordinator", "org_admin", "foreign_admin", "broker"])
def test_course_list_only_published_for_every_role(request, api_client, catalogue, caller):
    """Like the public catalogue: not even the provider's own drafts, nor the coordinator's
    view of every status."""
    response = api_client(request.getfixturevalue(caller)).get("/api/courses")
    assert response.status_code == 200
    assert _titles(response) == ["CNC-teknik", "Svetsning"]
    assert response.json()["count"] == 2


def test_course_list_item_content(api_client, org_admin, own_org, catalogue):
    items = api_client(org_admin).get("/api/courses").json()["items"]
    cnc = catalogue["cnc"]
    sessions = list(cnc.sessions.order_by("start"))
    assert items[0] == {
        "id": cnc.pk,
        "title_sv": "CNC-teknik",
        "title_en": "CNC technology",
        "provider": {"id": own_org.pk, "name": "Lärcentrum Egen"},
        "seqf_level": 4,
        "format": "hybrid",
        "format_label": translated(CourseFormat.HYBRID.label),
        "pilot": True,
        "first_session_start": "2024-09-02T07:00:00Z",
        "last_session_start": items[0]["last_session_start"],
        # two upcoming sessions, each with two sites of 3 places and 1 remote place: a new
        # registration takes a place in both, so 3 + 3 + 1 can still sign up (the past
        # session's 10 places at one site add none)
        "free_places": 7,
    }
    assert sessions[0] == catalogue["past"]
    last = datetime.fromisoformat(items[0]["last_session_start"])
    assert last == sessions[-1].start
    assert last > timezone.now()


def test_course_list_course_without_sessions_has_nulls(api_client, org_admin, catalogue):
    item = api_client(org_admin).get("/api/courses").json()["items"][1]
    assert item["title_sv"] == "Svetsning"
    assert (item["title_en"], item["seqf_level"], item["pilot"]) == ("", None, False)
    assert (item["first_session_start"], item["last_session_start"]) == (None, None)
    assert item["free_places"] == 0


def test_course_list_free_places_count_taken_seats(api_client, org_admin, catalogue):
    upcoming = catalogue["cnc"].sessions.filter(start__gte=timezone.now()).first()
    upcoming.sites.filter(organisation__name="Lärcentrum Mottagare").update(seats_taken=2)
    type(upcoming).objects.filter(pk=upcoming.pk).update(remote_taken=1)
    item = api_client(org_admin).get("/api/courses").json()["items"][0]
    # at the site 1 (the fewest of its sessions), the other site 3, remote 0: as the
    # registration form offers them
    assert item["free_places"] == 4


def test_course_list_paginates_in_a_stable_order(api_client, org_admin, own_org, catalogue):
    # the same title: the id decides, so pages never overlap
    twins = CourseFactory.create_batch(3, provider=own_org, title_sv="CNC-teknik")
    client = api_client(org_admin)
    everything = client.get("/api/courses", {"limit": 200}).json()
    first = client.get("/api/courses", {"limit": 3, "offset": 0}).json()
    second = client.get("/api/courses", {"limit": 3, "offset": 3}).json()
    assert first["count"] == second["count"] == everything["count"] == 5
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert ids == [i["id"] for i in everything["items"]]
    assert ids[:4] == sorted([catalogue["cnc"].pk, *(t.pk for t in twins)])
    assert client.get("/api/courses", {"offset": 99}).json() == {"items": [], "count": 5}


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"offset": -1}])
def test_course_list_invalid_parameters_422(api_client, org_admin, params):
    response = api_client(org_admin).get("/api/courses", params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][0] == "query"


def test_course_list_query_count_independent_of_rows(
    api_client, org_admin, catalogue, django_assert_max_num_queries
):
    client = api_client(org_admin)
    client.get("/api/courses")  # the token's first use also records last_used
    with CaptureQueriesContext(connection) as few:
        client.get("/api/courses")
    for index in range(12):
        provider = OrganisationFactory()
        course = course_with_sites(
            provider=provider, sites=[provider], sessions=2, title_sv=f"Kurs {index:02}"
        )
        SessionFactory(course=course, start=timezone.now() - timedelta(days=30))
    CourseFactory.create_batch(5, status="draft")
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as many:
        response = client.get("/api/courses")
    assert len(response.json()["items"]) == 14
    assert len(many) == len(few)
