"""The public catalogue: published courses only, filters on a known data set, the course
page with free places, query counts, and the iCalendar feeds checked with a parser."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.campus.ical import calendar_for_sessions, session_uid
from kompetensnav.campus.models import Session, SessionSite
from kompetensnav.common import panels
from kompetensnav.common.templatetags import panels as panels_tag
from kompetensnav.competences.models import CompetenceArea
from tests.factories import OrganisationFactory

from .factories import CourseFactory, SessionFactory, SessionSiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_data():
    uddevalla = OrganisationFactory(name="Vuxenutbildningen Uddevalla", municipality_id="1485")
    boras = OrganisationFactory(name="Vuxenutbildningen Borås", municipality_id="1490")
    skovde = OrganisationFactory(name="Vuxenutbildningen Skövde", municipality_id="1496")
    social = CompetenceArea.objects.create(name="Sociala medier")
    cnc = CompetenceArea.objects.create(name="CNC-teknik")
    now = timezone.now()
    kampanj = CourseFactory(
        provider=uddevalla,
        title_sv="Kampanjer på sociala medier",
        description_sv="Planera och mät kampanjer.",
        format="live_stream",
        seqf_level_id=4,
    )
    kampanj.areas.add(social)
    s1 = SessionFactory(course=kampanj, start=now + timedelta(days=10), remote_capacity=5)
    SessionSiteFactory(session=s1, organisation=boras, capacity=12, room="Sal 3")
    SessionFactory(course=kampanj, start=now - timedelta(days=10))  # past: not listed
    cnc_course = CourseFactory(
        provider=skovde, title_sv="CNC-grunder", format="on_site", seqf_level_id=3
    )
    cnc_course.areas.add(cnc)
    SessionFactory(
        course=cnc_course, start=now + timedelta(days=60), remote_capacity=0, sending_site=skovde
    )
    draft = CourseFactory(provider=uddevalla, title_sv="Hemligt utkast", status="draft")
    SessionFactory(course=draft, start=now + timedelta(days=5))
    CourseFactory(provider=uddevalla, title_sv="Arkiverad kurs", status="archived")
    return {
        "kampanj": kampanj,
        "cnc": cnc_course,
        "draft": draft,
        "social": social,
        "site": s1.sites.get(),
        "s1": s1,
        "now": now,
    }


def titles(client, **params) -> set[str]:
    page = client.get(reverse("catalogue:course_list"), params).content.decode()
    return {
        t
        for t in ("Kampanjer på sociala medier", "CNC-grunder", "Hemligt utkast", "Arkiverad kurs")
        if t in page
    }


def test_catalogue_shows_published_courses_only(client, catalogue_data):
    assert titles(client) == {"Kampanjer på sociala medier", "CNC-grunder"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "mät kampanjer"}, {"Kampanjer på sociala medier"}),
        ({"q": "cnc"}, {"CNC-grunder"}),
        ({"format": "on_site"}, {"CNC-grunder"}),
        ({"level": "4"}, {"Kampanjer på sociala medier"}),
        ({"municipality": "1490"}, {"Kampanjer på sociala medier"}),  # receiving site
        ({"municipality": "1496"}, {"CNC-grunder"}),  # sending site
        ({"municipality": "1480"}, set()),
    ],
)
def test_catalogue_filters(client, catalogue_data, params, expected):
    assert titles(client, **params) == expected


def test_catalogue_filters_by_area_and_dates(client, catalogue_data):
    assert titles(client, area=catalogue_data["social"].pk) == {"Kampanjer på sociala medier"}
    today = timezone.localdate()
    in_month = {"date_from": today.isoformat(), "date_to": (today + timedelta(days=30)).isoformat()}
    assert titles(client, **in_month) == {"Kampanjer på sociala medier"}
    later = {"date_from": (today + timedelta(days=40)).isoformat()}
    assert titles(client, **later) == {"CNC-grunder"}


def test_catalogue_shows_free_places(client, catalogue_data):
    SessionSite.objects.filter(pk=catalogue_data["site"].pk).update(seats_taken=4)
    page = client.get(reverse("catalogue:course_list"), {"q": "Kampanjer"}).content.decode()
    assert '<span class="free-places">13</span>' in page  # 12 − 4 at Borås + 5 remote


def test_catalogue_query_count(client, catalogue_data, django_assert_max_num_queries):
    area = catalogue_data["social"]
    for n in range(25):
        course = CourseFactory(title_sv=f"Kurs {n}")
        course.areas.add(area)
        SessionSiteFactory(session=SessionFactory(course=course))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalogue:course_list"))
    assert response.status_code == 200


def test_course_page_shows_upcoming_sessions_sites_and_free_places(client, catalogue_data):
    SessionSite.objects.filter(pk=catalogue_data["site"].pk).update(seats_taken=2)
    url = reverse("catalogue:course_detail", args=[catalogue_data["kampanj"].pk])
    page = client.get(url).content.decode()
    assert "Vuxenutbildningen Borås, Sal 3" in page
    assert "10 av 12" in page or "10 of 12" in page
    assert "5 av 5" in page or "5 of 5" in page  # remote
    assert page.count("<time datetime=") >= 2
    assert (
        client.get(
            reverse("catalogue:course_detail", args=[catalogue_data["draft"].pk])
        ).status_code
        == 404
    )


def test_course_page_shows_the_sign_up_of_the_apps_above_only_with_upcoming_sessions(
    client, catalogue_data, monkeypatch
):
    """campus does not know participants: the sign-up button is a panel of the slot
    course_signup (participants' own is tested there), shown with upcoming sessions."""
    signup = panels.Panel("course_signup", "campus/partials/probe.html", lambda r, c: {})
    monkeypatch.setattr(panels, "_panels", [])
    kampanj = reverse("catalogue:course_detail", args=[catalogue_data["kampanj"].pk])
    assert 'id="register"' not in client.get(kampanj).content.decode()
    monkeypatch.setattr(panels, "_panels", [signup])
    rendered = []
    monkeypatch.setattr(
        panels_tag, "render_to_string", lambda name, *a, **k: rendered.append(name) or ""
    )
    client.get(kampanj)
    assert rendered == ["campus/partials/probe.html"]
    past_only = CourseFactory()
    SessionFactory(course=past_only, start=timezone.now() - timedelta(days=3))
    client.get(reverse("catalogue:course_detail", args=[past_only.pk]))
    assert rendered == ["campus/partials/probe.html"]


def _parse(content: bytes) -> icalendar.Calendar:
    assert b"\r\n" in content
    for line in content.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets
    return icalendar.Calendar.from_ical(content)


def test_course_feed_is_valid_icalendar(client, catalogue_data):
    course = catalogue_data["kampanj"]
    Session.objects.filter(course=course).update(stream_link="https://video.example.se/" + "x" * 80)
    response = client.get(reverse("catalogue:course_ical", args=[course.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = _parse(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "DESCRIPTION"):
            assert prop in event, prop
        assert event["SUMMARY"] == "Kampanjer på sociala medier"
        assert event.decoded("DTSTART").utcoffset() == timedelta(0)
        # the stream link is private: never in the public feed (remote places are booked)
        assert "video.example.se" not in event.to_ical().decode()
    upcoming = next(e for e in events if str(e["UID"]) == session_uid(catalogue_data["s1"]))
    assert "Vuxenutbildningen Borås (Sal 3)" in str(upcoming["LOCATION"])
    assert str(upcoming["URL"]).endswith(reverse("catalogue:course_detail", args=[course.pk]))
    # the UID is stable from one download to the next
    again = _parse(client.get(reverse("catalogue:course_ical", args=[course.pk])).content)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events}


def test_feeds_hide_unpublished_courses(client, catalogue_data):
    draft = catalogue_data["draft"]
    assert client.get(reverse("catalogue:course_ical", args=[draft.pk])).status_code == 404
    site_feed = client.get(reverse("catalogue:site_ical", args=[draft.provider.pk]))
    calendar = _parse(site_feed.content)
    assert "Hemligt utkast" not in site_feed.content.decode()
    # the last 90 days and everything ahead: both sessions of the published course
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Kampanjer på sociala medier"] * 2


def test_site_feed_has_sessions_sent_and_received(client, catalogue_data):
    boras = catalogue_data["site"].organisation
    received = _parse(client.get(reverse("catalogue:site_ical", args=[boras.pk])).content)
    assert len(received.walk("VEVENT")) == 1
    skovde = catalogue_data["cnc"].provider
    sent = _parse(client.get(reverse("catalogue:site_ical", args=[skovde.pk])).content)
    assert [str(e["SUMMARY"]) for e in sent.walk("VEVENT")] == ["CNC-grunder"]


def test_calendar_for_sessions_helper_in_english_with_one_site(catalogue_data):
    session = Session.objects.select_related("course__provider", "sending_site").get(
        pk=catalogue_data["s1"].pk
    )
    site = catalogue_data["site"]
    content = calendar_for_sessions(
        [session], name="Mina utbildningar", language="en", sites={session.pk: site}
    )
    calendar = _parse(content)
    assert calendar["X-WR-CALNAME"] == "Mina utbildningar"
    event = calendar.walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Vuxenutbildningen Borås (Sal 3)"
    assert "Hours: 3" in str(event["DESCRIPTION"])


def test_catalogue_free_places_are_what_a_registration_can_get(client):
    """A registration takes a seat in every session at its place: two sessions of 3 places
    at one site are 3 free places, not 6, and the fewest free seats among them count, the
    same number as the registration form's."""
    from kompetensnav.participants.services import place_options
    from kompetensnav.participants.tests.factories import course_with_sites

    site = OrganisationFactory(name="Vuxenutbildningen Falköping")
    course = course_with_sites(sites=[site], capacity=3, sessions=2, remote=2, title_sv="Truck")
    first = course.sessions.order_by("start").first()
    SessionSite.objects.filter(session=first).update(seats_taken=2)

    page = client.get(reverse("catalogue:course_list"), {"q": "Truck"}).content.decode()
    assert '<span class="free-places">3</span>' in page  # 1 at the site + 2 remote
    assert sum(option.free for option in place_options(course=course)) == 3
