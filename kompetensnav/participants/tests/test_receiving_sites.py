"""A course sent live by one organisation and received at another's site: the receiving site
sees and handles its own participants only (the registrations at its site); the course's
provider and the coordinators see everyone. Another site's participant is not found (404)."""

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from kompetensnav.participants import selectors, services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Registration
from tests.factories import CompanyFactory, OrganisationFactory

from .factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    course_with_sites,
    started,
)
from .test_certificates import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def boras(db):
    return OrganisationFactory(name="Lärcentrum Borås")


@pytest.fixture
def course(own_org, boras):
    """Sent by own_org, received at own_org's site and at Borås."""
    return course_with_sites(
        provider=own_org, sites=[own_org, boras], capacity=5, title_sv="Svetsning grund"
    )


@pytest.fixture
def hotel(db):
    return CompanyFactory(name="Hotell Mitt AB")


@pytest.fixture
def people(course, own_org, boras, hotel):
    """Elis at the sending site, Dana at Borås; both attended the first session. Elis also
    takes a course that Borås provides, so Borås knows Elis as a person."""
    first = started(course.sessions.order_by("start").first())
    elis = ParticipantFactory(full_name="Elis Sändare", employer=hotel)
    dana = ParticipantFactory(full_name="Dana Mottagen", employer=hotel)
    registrations = {
        "elis": RegistrationFactory(participant=elis, course=course, site=own_org),
        "dana": RegistrationFactory(participant=dana, course=course, site=boras),
    }
    AttendanceFactory(session=first, participant=elis, hours=Decimal("1.5"), site=own_org)
    AttendanceFactory(session=first, participant=dana, hours=Decimal("3"), site=boras)
    boras_course = course_with_sites(provider=boras, sites=[boras], title_sv="Truckkort")
    RegistrationFactory(participant=elis, course=boras_course, site=boras)
    return {
        "elis": elis,
        "dana": dana,
        "registrations": registrations,
        "boras_course": boras_course,
    }


@pytest.fixture
def site_staff(make_user, boras):
    return make_user("course_provider", boras)


@pytest.fixture
def provider(make_user, own_org):
    return make_user("course_provider", own_org)


def _certificate_url(course, person):
    return reverse("participants:certificate", kwargs={"course_pk": course.pk, "pk": person.pk})


def test_certificate_of_another_sites_participant_is_not_found(
    client_for, site_staff, make_user, boras, course, people
):
    for user in (site_staff, make_user("org_admin", boras)):
        client = client_for(user)
        assert client.get(_certificate_url(course, people["elis"])).status_code == 404
        response = client.get(_certificate_url(course, people["dana"]))
        assert response.status_code == 200
        assert "Dana Mottagen" in pdf_text(response.getvalue())


def test_certificate_of_every_site_for_provider_and_coordinator(
    client_for, provider, coordinator, course, people
):
    for user in (provider, coordinator):
        response = client_for(user).get(_certificate_url(course, people["elis"]))
        assert response.status_code == 200
        text = pdf_text(response.getvalue())
        assert "Elis Sändare" in text and "Svetsning grund" in text and "1,5" in text


def test_employer_certificates_of_a_received_course_hold_the_sites_own_people(
    client_for, site_staff, provider, course, people, hotel
):
    url = reverse("participants:employer_certificates", kwargs={"pk": hotel.pk})
    for query in ({"course": course.pk}, {}):
        response = client_for(site_staff).get(url, query)
        assert response.status_code == 200, query
        text = pdf_text(response.getvalue())
        assert pdf_pages(response.getvalue()) == 1
        assert "Dana Mottagen" in text and "Elis Sändare" not in text
    response = client_for(provider).get(url, {"course": course.pk})
    assert pdf_pages(response.getvalue()) == 2
    assert "Elis Sändare" in pdf_text(response.getvalue())


def test_employer_certificates_with_only_another_sites_people_are_not_found(
    client_for, site_staff, course, people, own_org
):
    other_employer = CompanyFactory(name="Verkstad Annan AB")
    person = ParticipantFactory(full_name="Fia Sändare", employer=other_employer)
    RegistrationFactory(participant=person, course=course, site=own_org)
    AttendanceFactory(session=course.sessions.first(), participant=person, site=own_org)
    # Fia is known to Borås through another course, as Elis is
    RegistrationFactory(participant=person, course=people["boras_course"])
    url = reverse("participants:employer_certificates", kwargs={"pk": other_employer.pk})
    assert client_for(site_staff).get(url, {"course": course.pk}).status_code == 404


@pytest.mark.parametrize(
    "name", ["participants:registration_cancel", "participants:registration_move"]
)
def test_registration_of_another_site_is_not_found(client_for, site_staff, people, name):
    client = client_for(site_staff)
    elis = people["registrations"]["elis"]
    assert client.get(reverse(name, args=[elis.pk])).status_code == 404
    assert client.post(reverse(name, args=[elis.pk]), {"place": "remote"}).status_code == 404
    elis.refresh_from_db()
    assert elis.status == RegistrationStatus.REGISTERED
    # the site's own participant exists for it: the action is the provider's (403)
    dana = people["registrations"]["dana"]
    assert client.get(reverse(name, args=[dana.pk])).status_code == 403


def test_export_of_a_received_course_lists_the_sites_own_people(
    client_for, site_staff, provider, course, people
):
    url = reverse("participants:course_export", kwargs={"pk": course.pk, "fmt": "csv"})
    text = client_for(site_staff).get(url).getvalue().decode("utf-8-sig")
    assert "Dana Mottagen" in text and "Elis Sändare" not in text
    text = client_for(provider).get(url).getvalue().decode("utf-8-sig")
    assert "Dana Mottagen" in text and "Elis Sändare" in text


def test_attendance_sheet_of_a_receiving_site_holds_its_own_people(
    site_staff, provider, course, people, boras
):
    session = started(course.sessions.order_by("start").first())
    for site in ("", str(boras.pk)):
        rows = selectors.attendance_sheet(actor=site_staff, session=session, site=site)
        assert [r["participant"].full_name for r in rows] == ["Dana Mottagen"], site
    rows = selectors.attendance_sheet(actor=provider, session=session, site="")
    assert [r["participant"].full_name for r in rows] == ["Dana Mottagen", "Elis Sändare"]


def test_attendance_page_of_a_receiving_site_holds_its_own_people(
    client_for, site_staff, course, people
):
    session = started(course.sessions.order_by("start").first())
    url = reverse("participants:attendance", args=[session.pk])
    html = client_for(site_staff).get(url).getvalue().decode()
    assert "Dana Mottagen" in html and "Elis Sändare" not in html


def test_hours_follow_the_registration_to_its_site(
    client_for, site_staff, provider, course, people, own_org, boras, hotel
):
    """The provider moved Elis and Dana between the sites after the first session: each
    site now sees the hours of the people registered there, wherever the list was taken."""
    registrations = people["registrations"]
    Registration.objects.filter(pk=registrations["elis"].pk).update(site=boras)
    Registration.objects.filter(pk=registrations["dana"].pk).update(site=own_org)
    client = client_for(site_staff)

    response = client.get(reverse("participants:participant_detail", args=[people["elis"].pk]))
    assert response.context["totals"]["hours"] == Decimal("1.5")
    html = response.getvalue().decode()
    assert "Svetsning grund" in html and _certificate_url(course, people["elis"]) in html
    assert client.get(_certificate_url(course, people["elis"])).status_code == 200

    response = client.get(reverse("participants:employer_totals"))
    (row,) = response.context["object_list"]
    assert (row["participants"], row["hours"]) == (1, Decimal("1.5"))
    assert client.get(_certificate_url(course, people["dana"])).status_code == 404
    assert (
        client.get(reverse("participants:participant_detail", args=[people["dana"].pk])).status_code
        == 404
    )
    # the provider sees both, as before the move
    response = client_for(provider).get(reverse("participants:employer_totals"))
    (row,) = response.context["object_list"]
    assert (row["participants"], row["hours"]) == (2, Decimal("4.5"))


def test_a_cancelled_registration_at_the_site_does_not_show_the_new_sites_hours(
    client_for, site_staff, course, people, own_org
):
    """Dana cancelled at Borås and registered again at the sending site: Borås keeps its
    cancelled row in the list, but no longer sees Dana's hours or certificate."""
    dana = people["registrations"]["dana"]
    Registration.objects.filter(pk=dana.pk).update(status=RegistrationStatus.CANCELLED)
    RegistrationFactory(participant=people["dana"], course=course, site=own_org)
    client = client_for(site_staff)
    response = client.get(reverse("participants:participant_detail", args=[people["dana"].pk]))
    assert response.status_code == 200
    assert response.context["totals"]["hours"] == 0
    assert client.get(_certificate_url(course, people["dana"])).status_code == 404


def test_totals_of_a_receiving_site_count_its_own_people(
    client_for, site_staff, coordinator, people
):
    (row,) = (
        client_for(site_staff).get(reverse("participants:employer_totals")).context["object_list"]
    )
    assert (row["participants"], row["hours"]) == (1, Decimal("3"))
    (row,) = (
        client_for(coordinator).get(reverse("participants:employer_totals")).context["object_list"]
    )
    assert (row["participants"], row["hours"]) == (2, Decimal("4.5"))


def test_selectors_find_a_registration_only_where_it_is_visible(site_staff, provider, people):
    elis = people["registrations"]["elis"]
    with pytest.raises(Http404):
        selectors.registration_for(actor=site_staff, pk=elis.pk)
    assert selectors.registration_for(actor=provider, pk=elis.pk) == elis


@pytest.mark.parametrize("value", ["x", "-1", "99999999999999999999999"])
def test_employer_certificates_with_a_bad_course_is_not_found(
    client_for, site_staff, people, hotel, value
):
    url = reverse("participants:employer_certificates", kwargs={"pk": hotel.pk})
    assert client_for(site_staff).get(url, {"course": value}).status_code == 404


def test_attendance_service_refuses_another_sites_participant(site_staff, course, people, boras):
    session = started(course.sessions.order_by("start").first())
    elis = people["elis"]
    for site_id in (boras.pk, None):
        with contextlib.suppress(services.AttendanceErrors, PermissionDenied):
            services.attendance_save(
                actor=site_staff,
                session=session,
                marks=[services.AttendanceMark(elis.pk, False, None)],
                site_id=site_id,
            )
        attendance = elis.attendances.get(session=session)
        assert (attendance.present, attendance.hours) == (True, Decimal("1.5")), site_id
