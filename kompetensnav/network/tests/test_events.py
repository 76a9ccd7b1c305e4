"""Events (list, month calendar, create/edit) and collaborations (at least two parties)."""

from datetime import date

import pytest
from django.urls import reverse

from kompetensnav.network.models import Collaboration, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(own_org):
    return [
        Event.objects.create(kind="network_meeting", date=date(2025, 3, 12), title="Vårträff"),
        Event.objects.create(
            kind="job_shadowing",
            date=date(2025, 3, 20),
            title="Jobbskuggning i Tartu",
            transnational=True,
            organiser=own_org,
        ),
        Event.objects.create(kind="conference", date=date(2024, 10, 2), title="Konferens"),
    ]


def test_event_list_filters_by_kind_and_year(events, client_for, broker):
    client = client_for(broker)
    url = reverse("network:event_list")
    titles = [e.title for e in client.get(url).context["object_list"]]
    assert titles == ["Jobbskuggning i Tartu", "Vårträff", "Konferens"]  # newest first
    by_year = client.get(url, {"year": "2024"}).context["object_list"]
    assert [e.title for e in by_year] == ["Konferens"]
    by_kind = client.get(url, {"kind": "job_shadowing"})
    assert [e.title for e in by_kind.context["object_list"]] == ["Jobbskuggning i Tartu"]
    assert "Lärcentrum Egen" in by_kind.content.decode()
    assert reverse("network:event_create") not in by_kind.content.decode()


def test_event_calendar_lists_the_months_events_with_prev_next(events, client_for, broker):
    response = client_for(broker).get(reverse("network:event_calendar"), {"month": "2025-03"})
    html = response.content.decode()
    assert [e.title for e in response.context["events"]] == ["Vårträff", "Jobbskuggning i Tartu"]
    assert "Konferens" not in html
    assert '<time datetime="2025-03-12">' in html
    assert "?month=2025-02" in html and "?month=2025-04" in html


def test_event_calendar_year_boundaries_and_bad_month(events, client_for, broker):
    client = client_for(broker)
    html = client.get(reverse("network:event_calendar"), {"month": "2025-01"}).content.decode()
    assert "?month=2024-12" in html and "?month=2025-02" in html
    december = client.get(reverse("network:event_calendar"), {"month": "2024-12"})
    assert "?month=2025-01" in december.content.decode()
    fallback = client.get(reverse("network:event_calendar"), {"month": "2025-13"})
    assert fallback.status_code == 200 and fallback.context["month"].day == 1


def test_event_create_by_coordinator(own_org, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("network:event_create"),
        {
            "kind": "study_visit",
            "date": "2026-05-04",
            "title": "Studiebesök",
            "organiser": own_org.pk,
            "participants": "12",
            "transnational": "on",
            "notes": "Buss från Uddevalla",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Studiebesök")
    assert (event.date, event.organiser, event.participants, event.transnational) == (
        date(2026, 5, 4),
        own_org,
        12,
        True,
    )


def test_event_create_invalid_keeps_input(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("network:event_create"), {"kind": "workshop", "title": "Utan datum"}
    )
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert 'value="Utan datum"' in response.content.decode()
    assert not Event.objects.exists()


def test_event_edit_by_coordinator(events, client_for, coordinator):
    event = events[0]
    url = reverse("network:event_edit", args=[event.pk])
    client = client_for(coordinator)
    assert 'value="2025-03-12"' in client.get(url).content.decode()
    client.post(url, {"kind": "workshop", "date": "2025-03-13", "participants": "5"})
    event.refresh_from_db()
    assert (event.kind, event.date) == ("workshop", date(2025, 3, 13))


def test_event_changes_are_for_coordinators_only(events, client_for, org_admin):
    client = client_for(org_admin)
    assert client.post(reverse("network:event_create"), {}).status_code == 403
    url = reverse("network:event_edit", args=[events[0].pk])
    assert client.post(url, {"kind": "other", "date": "2020-01-01"}).status_code == 403
    assert Event.objects.get(pk=events[0].pk).kind == "network_meeting"


def test_collaboration_needs_two_parties(own_org, client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("network:collaboration_create"),
        {"established": "2026-02-01", "title": "Ensam", "parties": [own_org.pk]},
    )
    assert response.status_code == 200
    assert "parties" in response.context["form"].errors
    assert 'value="Ensam"' in response.content.decode()
    assert not Collaboration.objects.exists()


def test_collaboration_create_and_list(own_org, foreign_org, client_for, coordinator, broker):
    response = client_for(coordinator).post(
        reverse("network:collaboration_create"),
        {
            "established": "2026-02-01",
            "title": "Gemensam YH",
            "parties": [own_org.pk, foreign_org.pk],
        },
    )
    assert response.status_code == 302
    collaboration = Collaboration.objects.get()
    assert set(collaboration.parties.all()) == {own_org, foreign_org}
    html = client_for(broker).get(reverse("network:collaboration_list")).content.decode()
    assert "Gemensam YH" in html and "Lärcentrum Egen" in html and "Vuxenutbildning Annan" in html
    assert reverse("network:collaboration_edit", args=[collaboration.pk]) not in html


def test_collaboration_edit_and_year_filter(
    own_org, foreign_org, network_org, client_for, coordinator
):
    old = Collaboration.objects.create(established=date(2023, 1, 1), title="Gammal")
    old.parties.set([own_org, foreign_org])
    client = client_for(coordinator)
    listing = client.get(reverse("network:collaboration_list"), {"year": "2024"})
    assert list(listing.context["object_list"]) == []
    assert '<option value="2023">2023</option>' in listing.content.decode()
    url = reverse("network:collaboration_edit", args=[old.pk])
    client.post(
        url,
        {"established": "2023-01-01", "title": "Ändrad", "parties": [own_org.pk, network_org.pk]},
    )
    old.refresh_from_db()
    assert old.title == "Ändrad" and set(old.parties.all()) == {own_org, network_org}


def test_collaboration_changes_are_for_coordinators_only(client_for, org_admin):
    assert client_for(org_admin).get(reverse("network:collaboration_create")).status_code == 403
