"""Sessions and receiving sites: validation, hours, capacity never below places taken."""

from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kompetensnav.campus import services, signals
from kompetensnav.campus.models import Session, SessionSite
from tests.factories import OrganisationFactory

from .factories import CourseFactory, SessionFactory, SessionSiteFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")
START = datetime(2030, 3, 5, 9, 0, tzinfo=TZ)


def save(actor, course, **kw):
    values = {"start": START, "end": START + timedelta(hours=3)} | kw
    return services.session_save(actor=actor, course=course, **values)


def test_hours_default_to_end_minus_start(provider, own_org):
    session = save(provider, CourseFactory(provider=own_org), end=START + timedelta(minutes=150))
    assert session.hours == Decimal("2.50")


def test_hours_may_be_fewer_never_more_than_the_duration(provider, own_org):
    course = CourseFactory(provider=own_org)
    assert save(provider, course, hours=Decimal("2.5")).hours == Decimal("2.5")
    with pytest.raises(ValidationError) as exc:
        save(provider, course, hours=Decimal("3.25"))
    assert "At most 3.00 hours" in exc.value.message_dict["hours"][0]
    with pytest.raises(ValidationError) as exc:
        save(provider, course, hours=Decimal("-1"))
    assert "hours" in exc.value.message_dict


def test_end_before_start_is_refused(provider, own_org):
    with pytest.raises(ValidationError) as exc:
        save(provider, CourseFactory(provider=own_org), end=START - timedelta(hours=1))
    assert "end" in exc.value.message_dict


def test_sites_are_created_updated_and_removed(provider, own_org):
    course = CourseFactory(provider=own_org)
    boras, falkoping = OrganisationFactory(name="Borås"), OrganisationFactory(name="Falköping")
    session = save(
        provider,
        course,
        sites=[
            services.SiteInput(boras, "Sal 1", 12),
            services.SiteInput(falkoping, "Studio", 8),
        ],
    )
    assert {(s.organisation.name, s.capacity) for s in session.sites.all()} == {
        ("Borås", 12),
        ("Falköping", 8),
    }
    save(provider, course, session=session, sites=[services.SiteInput(boras, "Sal 2", 15)])
    site = session.sites.get()
    assert (site.room, site.capacity) == ("Sal 2", 15)


def test_capacity_cannot_go_below_places_taken(provider, own_org):
    site = SessionSiteFactory(session=SessionFactory(course=CourseFactory(provider=own_org)))
    SessionSite.objects.filter(pk=site.pk).update(seats_taken=7)
    session = site.session
    with pytest.raises(ValidationError) as exc:
        save(
            provider,
            session.course,
            session=session,
            sites=[services.SiteInput(site.organisation, "", 6)],
        )
    assert "7 places are already taken" in exc.value.message_dict["sites"][0]
    with pytest.raises(ValidationError) as exc:
        save(provider, session.course, session=session, sites=[])
    assert "cannot be removed" in exc.value.message_dict["sites"][0]
    # down to the places taken is fine; the counter is then the participants app's count
    save(
        provider,
        session.course,
        session=session,
        sites=[services.SiteInput(site.organisation, "", 7)],
    )
    site.refresh_from_db()
    assert site.capacity == 7


def test_remote_places_cannot_go_below_those_taken(provider, own_org):
    session = SessionFactory(course=CourseFactory(provider=own_org), remote_capacity=5)
    Session.objects.filter(pk=session.pk).update(remote_taken=4)
    session.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        save(provider, session.course, session=session, remote_capacity=3)
    assert "remote_capacity" in exc.value.message_dict


def test_a_session_with_attendance_cannot_be_deleted(provider, own_org):
    from kompetensnav.participants.models import Attendance, Participant

    site = SessionSiteFactory(session=SessionFactory(course=CourseFactory(provider=own_org)))
    SessionSite.objects.filter(pk=site.pk).update(seats_taken=1)
    participant = Participant.objects.create(full_name="Ali Deltagare", email="ali@example.se")
    attendance = Attendance.objects.create(
        session=site.session, participant=participant, hours=Decimal(2)
    )
    with pytest.raises(ValidationError) as exc:
        services.session_delete(actor=provider, session=site.session)
    assert "cannot be deleted" in exc.value.messages[0]
    attendance.delete()
    # places taken alone do not stop it: registrations are for the course
    services.session_delete(actor=provider, session=Session.objects.get(pk=site.session_id))
    assert not Session.objects.exists()


def test_a_new_session_counts_the_people_already_registered(provider, own_org):
    from kompetensnav.participants.models import Participant, Registration

    course = CourseFactory(provider=own_org)
    boras = OrganisationFactory(name="Borås")
    first = save(provider, course, sites=[services.SiteInput(boras, "", 2)], remote_capacity=5)
    for n in range(3):
        person = Participant.objects.create(full_name=f"Person {n}", email=f"p{n}@example.se")
        Registration.objects.create(
            participant=person, course=course, site=boras if n < 2 else None, remote=n == 2
        )
    second = save(
        provider,
        course,
        start=START + timedelta(days=7),
        end=START + timedelta(days=7, hours=3),
        sites=[services.SiteInput(boras, "", 1)],
        remote_capacity=5,
    )
    site = second.sites.get()
    assert (site.capacity, site.seats_taken) == (1, 1)  # filled to the capacity …
    assert second.overfull == ["Borås"]  # … and the overbooking reported
    second.refresh_from_db()
    assert second.remote_taken == 1
    assert first.sites.get().seats_taken == 2


def test_saving_a_session_asks_the_apps_above_for_overfull_places(provider, own_org):
    """campus never imports participants: it sends session_saved and names the places the
    receivers answer (participants' answer is tested above and in participants' tests)."""
    course = CourseFactory(provider=own_org)
    boras = OrganisationFactory(name="Borås")
    heard = []

    def receiver(sender, *, course, session, **kwargs):
        heard.append((sender, course, session.pk))
        return [SimpleNamespace(site_id=boras.pk, remote=False), SimpleNamespace(remote=True)]

    signals.session_saved.connect(receiver, dispatch_uid="test-overfull")
    try:
        session = save(provider, course, sites=[services.SiteInput(boras, "", 2)])
    finally:
        signals.session_saved.disconnect(dispatch_uid="test-overfull")
    assert heard == [(Session, course, session.pk)]
    assert session.overfull == ["Borås", "remote places"]


def test_another_organisations_provider_cannot_manage_sessions(provider, foreign_org):
    with pytest.raises(PermissionDenied):
        save(provider, CourseFactory(provider=foreign_org))


def test_session_form_page_saves_sites_and_shows_clear_errors(client_for, provider, own_org):
    course = CourseFactory(provider=own_org)
    boras = OrganisationFactory(name="Vuxenutbildningen Borås")
    client = client_for(provider)
    url = reverse("campus:session_create", args=[course.pk])
    assert client.get(url).status_code == 200
    data = {
        "start": "2030-03-05T09:00",
        "end": "2030-03-05T08:00",
        "hours": "",
        "sending_site": own_org.pk,
        "remote_capacity": "10",
        "stream_link": "https://video.example.se/rum",
        "sites-TOTAL_FORMS": "3",
        "sites-INITIAL_FORMS": "0",
        "sites-0-organisation": boras.pk,
        "sites-0-room": "Sal 4",
        "sites-0-capacity": "",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The session must end after it starts." in page or "sluta efter" in page
    assert 'value="Sal 4"' in page
    data |= {"end": "2030-03-05T12:00", "sites-0-capacity": "15"}
    response = client.post(url, data)
    assert response.status_code == 302
    session = course.sessions.get()
    assert session.hours == Decimal("3.00")
    assert session.sites.get().capacity == 15

    # lowering below the places taken: the form says so and keeps the input
    SessionSite.objects.filter(session=session).update(seats_taken=12)
    edit = reverse("campus:session_edit", args=[session.pk])
    data |= {"sites-INITIAL_FORMS": "1", "sites-0-capacity": "10"}
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "12" in response.content.decode() and 'value="10"' in response.content.decode()
    assert session.sites.get().capacity == 15


def test_session_delete_asks_first(client_for, provider, own_org):
    session = SessionFactory(course=CourseFactory(provider=own_org))
    client = client_for(provider)
    url = reverse("campus:session_delete", args=[session.pk])
    assert 'name="delete"' in client.get(url).content.decode()
    assert Session.objects.filter(pk=session.pk).exists()
    assert client.post(url).status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_hours_cannot_go_below_attendance_already_recorded(provider, own_org):
    from kompetensnav.participants.models import Attendance, Participant

    course = CourseFactory(provider=own_org)
    session = save(provider, course)
    participant = Participant.objects.create(full_name="Ali Deltagare", email="ali@example.se")
    Attendance.objects.create(session=session, participant=participant, hours=Decimal("2.5"))
    with pytest.raises(ValidationError) as exc:
        save(provider, course, session=session, hours=Decimal(2))
    assert "2.5" in exc.value.message_dict["hours"][0]
    assert save(provider, course, session=session, hours=Decimal("2.5")).hours == Decimal("2.5")


def test_a_session_in_the_past_needs_a_confirmation(client_for, provider, own_org):
    """A session in 2020 was added to a new draft course without a word."""
    course = CourseFactory(provider=own_org)
    past = datetime(2020, 3, 5, 9, 0, tzinfo=TZ)
    with pytest.raises(ValidationError) as exc:
        save(provider, course, start=past, end=past + timedelta(hours=3))
    assert exc.value.error_dict["start"][0].code == "in_the_past"
    history = save(provider, course, start=past, end=past + timedelta(hours=3),
                   past_confirmed=True)  # fmt: skip
    # changing something else of a past session asks nothing again
    assert save(provider, course, session=history, start=past, end=past + timedelta(hours=2))

    client = client_for(provider)
    url = reverse("campus:session_create", args=[course.pk])
    assert 'type="hidden" name="past_confirmed"' in client.get(url).text
    data = {
        "start": "2020-03-05T09:00", "end": "2020-03-05T12:00", "hours": "",
        "sending_site": own_org.pk, "remote_capacity": "0", "stream_link": "",
        "sites-TOTAL_FORMS": "1", "sites-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and course.sessions.count() == 1
    assert "Starten ligger bakåt i tiden" in response.text
    assert 'type="checkbox" name="past_confirmed"' in response.text
    assert 'value="2020-03-05T09:00"' in response.text  # what was typed is kept
    response = client.post(url, data | {"past_confirmed": "on"})
    assert response.status_code == 302 and course.sessions.count() == 2
