"""The key figures and the needs analysis are kept between requests and computed afresh
when a visit is saved (common/datacache.py; its rules are tested in
common/tests/test_datacache.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.services import api_token_create
from kompetensnav.visits.tests.factories import NeedFactory


@pytest.mark.django_db
def test_the_figures_and_the_needs_analysis_show_a_new_visit_at_once(
    client_for, make_user, django_capture_on_commit_callbacks
):
    """Kept between two requests, computed afresh in the transaction that saved a visit,
    and again once it commits: the API's figures and the needs analysis page. (A plain test:
    its commit is the callbacks run by django_capture_on_commit_callbacks.)"""
    with django_capture_on_commit_callbacks(execute=True):
        coordinator = make_user(Role.COORDINATOR)
        client = client_for(coordinator)
        _token, raw = api_token_create(actor=coordinator, name="Nyckeltal")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    period = {"from": "2026-01-01", "to": "2026-12-31"}
    dashboard = reverse("visits:dashboard")
    dates = {"date_from": "2026-01-01", "date_to": "2026-12-31"}

    def visits_in_figures() -> int:
        return api.get("/api/figures", period).json()["visits"]

    def needs_on_the_page() -> str:
        html = client.get(dashboard, dates).content.decode()
        return html.split('id="totals"', 1)[1].split("</div>", 3)[2]

    with CaptureQueriesContext(connection) as first:
        assert visits_in_figures() == 0
    with CaptureQueriesContext(connection) as kept:
        assert visits_in_figures() == 0
    assert len(kept) < len(first) - 10  # no figure computed
    with CaptureQueriesContext(connection) as first_page:
        assert ">0<" in needs_on_the_page()
    with CaptureQueriesContext(connection) as kept_page:
        assert ">0<" in needs_on_the_page()
    # the needs analysis, offer against demand and the genders kept: the page's own queries
    assert len(kept_page) < len(first_page) - 20
    with django_capture_on_commit_callbacks(execute=True):
        NeedFactory()  # a visit on 2026-03-02 with one need
        assert visits_in_figures() == 1  # in its own transaction
        assert ">1<" in needs_on_the_page()
    with CaptureQueriesContext(connection) as committed:
        assert visits_in_figures() == 1
    assert len(committed) > len(kept) + 10  # computed afresh once committed...
    with CaptureQueriesContext(connection) as again:
        assert visits_in_figures() == 1
    assert len(again) < len(committed) - 10  # ...and kept again
    assert ">1<" in needs_on_the_page()


@pytest.mark.django_db
def test_the_public_catalogue_is_kept_and_shows_a_registration_at_once(
    client, django_capture_on_commit_callbacks
):
    """The catalogue's results are kept for everyone; a registration that takes a place
    (campus' seat counts) shows on the next request after it commits."""
    from kompetensnav.participants import services
    from kompetensnav.participants.services import Place
    from kompetensnav.participants.tests.factories import course_with_sites
    from tests.factories import OrganisationFactory

    with django_capture_on_commit_callbacks(execute=True):
        site = OrganisationFactory(name="Lärcentrum Lidköping")
        course = course_with_sites(sites=[site], capacity=3, title_sv="Svetsning grund")
    url = reverse("catalogue:course_list")

    def free_places() -> str:
        html = client.get(url).content.decode()
        assert "Svetsning grund" in html
        return html.split('class="free-places">', 1)[1].split("<", 1)[0]

    with CaptureQueriesContext(connection) as first:
        assert free_places() == "3"
    with CaptureQueriesContext(connection) as kept:
        assert free_places() == "3"
    assert len(kept) < len(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            course=course,
            full_name="Deltagare Ett",
            email="deltagare@example.se",
            place=Place(site_id=site.pk),
            base_url="http://testserver/",
        )
    assert free_places() == "2"


@pytest.mark.django_db
def test_a_course_page_is_kept_and_shows_a_registration_and_a_change_at_once(
    client, django_capture_on_commit_callbacks
):
    """A course of the public catalogue is kept for everyone like the catalogue: a
    registration that takes a place, or a new title, shows on the next request; a course
    taken back from the catalogue answers 404 at once."""
    from kompetensnav.campus.models import Course
    from kompetensnav.participants import services
    from kompetensnav.participants.services import Place
    from kompetensnav.participants.tests.factories import course_with_sites
    from tests.factories import OrganisationFactory

    with django_capture_on_commit_callbacks(execute=True):
        site = OrganisationFactory(name="Lärcentrum Lidköping")
        course = course_with_sites(sites=[site], capacity=3, title_sv="Svetsning grund")
    url = reverse("catalogue:course_detail", args=[course.pk])

    def page() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    with CaptureQueriesContext(connection) as first:
        assert "3 av 3 platser lediga" in page()
    with CaptureQueriesContext(connection) as kept:
        html = page()
    assert "3 av 3 platser lediga" in html and "<title>Svetsning grund" in html
    assert len(kept) <= 2 < len(first)  # the data tokens and the kept page
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            course=course,
            full_name="Deltagare Ett",
            email="deltagare@example.se",
            place=Place(site_id=site.pk),
            base_url="http://testserver/",
        )
    assert "2 av 3 platser lediga" in page()
    with django_capture_on_commit_callbacks(execute=True):
        Course.objects.filter(pk=course.pk).update(title_sv="Svetsning fortsättning")
    assert "Svetsning fortsättning" in page()
    with django_capture_on_commit_callbacks(execute=True):
        Course.objects.filter(pk=course.pk).update(status="archived")
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_needs_analysis_kept_for_one_role_is_never_shown_to_another(
    client_for, make_user, django_capture_on_commit_callbacks
):
    """The page is kept per role and organisation: each role sees what a fresh page shows
    it (the panels of offer against demand and of the genders follow permissions)."""
    from django.core.cache import cache

    from tests.permissions import ROLES

    with django_capture_on_commit_callbacks(execute=True):
        NeedFactory()
        users = {role: make_user(role) for role in ROLES}
    url = reverse("visits:dashboard")
    dates = {"date_from": "2026-01-01", "date_to": "2026-12-31"}

    def content(role) -> tuple[int, str]:
        response = client_for(users[role]).get(url, dates)
        html = response.content.decode()
        return response.status_code, html.split("<h1>", 1)[-1].split("</main>", 1)[0]

    kept = {role: content(role) for role in ROLES}  # each after the others' pages were kept
    assert any(status == 200 for status, _html in kept.values())
    for role in ROLES:
        cache.clear()
        assert content(role) == kept[role], role


@pytest.mark.django_db
def test_a_signed_in_persons_page_is_kept_whole_and_drawn_again_when_it_must(
    client_for, make_user, django_capture_on_commit_callbacks
):
    """The key figures page, the visit list and the needs analysis are kept whole per person
    (common.keptpages): the second request reads the session, the user, their affiliations
    and the kept page, nothing else (no count of notifications, no filter form). A new notification, a message to show, a change of
    role and another person each get a page drawn for them."""
    from django.contrib.messages import INFO
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    from kompetensnav.accounts.models import Affiliation
    from kompetensnav.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        coordinator = make_user(Role.COORDINATOR, full_name="Zelda Zetterlund")
        other = make_user(Role.COORDINATOR, full_name="Yusuf Yilmaz")
    client = client_for(coordinator)
    pages = [
        reverse("reports:figures") + "?from=2026-01-01&to=2026-12-31",
        reverse("visits:visit_list"),
        reverse("visits:dashboard"),
    ]
    client.get(reverse("common:home"))  # the CSRF cookie, as a browser has it after logging in
    for url in pages:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            html = client.get(url).content.decode()
        # the tests' cache is in memory: the kept page is a query of its own in production
        assert len(kept) == 3, [q["sql"][:80] for q in kept.captured_queries]
        assert "Zelda" in html and "Aviseringar</a>" in html  # no badge

    with django_capture_on_commit_callbacks(execute=True):
        Notification.objects.create(recipient=coordinator, kind="unmet_need", key="need:1", url="/")
    assert 'class="badge warn" aria-hidden="true">1<' in client.get(pages[0]).content.decode()

    # a message waiting to be shown: drawn with it, and not kept with it
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(INFO, "Sparat.")])
    with_message = client.get(pages[1])
    assert "Sparat." in with_message.content.decode()
    assert "Sparat." not in client.get(pages[1]).content.decode()

    # another person, and the same person in another role, get their own page
    theirs = client_for(other).get(pages[0]).content.decode()
    assert "Yusuf" in theirs and "Zelda" not in theirs
    with django_capture_on_commit_callbacks(execute=True):
        Affiliation.objects.filter(user=coordinator).update(role=Role.VIEWER)
    with CaptureQueriesContext(connection) as as_viewer:
        assert client.get(pages[0]).status_code == 200  # every role reads the key figures
    assert len(as_viewer) > 3  # drawn for the role, with the menu a viewer has
