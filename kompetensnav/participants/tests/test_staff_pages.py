"""Staff pages: registrations per course, attendance, totals; who sees what."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Attendance, Registration
from kompetensnav.participants.services import Place
from tests.factories import CompanyFactory, OrganisationFactory, ProjectFactory

from .factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    course_with_sites,
    started,
)

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


@pytest.fixture
def boras(db):
    return OrganisationFactory(name="Lärcentrum Borås")


@pytest.fixture
def course(own_org, boras):
    return course_with_sites(
        provider=own_org, sites=[own_org, boras], capacity=1, sessions=2, title_sv="Excel"
    )


def _register(course, name, place):
    return services.registration_create(
        course=course,
        full_name=name,
        email=f"{name.lower()}@example.se",
        place=place,
        base_url=BASE,
    ).registration


@pytest.fixture
def people(course, boras, own_org):
    return {
        "ali": _register(course, "Ali", Place(site_id=boras.pk)),
        "bea": _register(course, "Bea", Place(site_id=boras.pk)),
        "cem": _register(course, "Cem", Place(site_id=own_org.pk)),
    }


@pytest.fixture
def provider(make_user, own_org):
    return make_user("course_provider", own_org)


@pytest.fixture
def site_staff(make_user, boras):
    return make_user("course_provider", boras)


def test_course_list_shows_counts_in_few_queries(
    client_for, provider, course, people, django_assert_max_num_queries
):
    client = client_for(provider)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("participants:course_list"))
    html = response.getvalue().decode()
    assert response.status_code == 200 and "Excel" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Excel", "Bokföring", "Anbud"]),
        ("first_start", ["Anbud", "Bokföring", "Excel"]),
        ("title", ["Anbud", "Bokföring", "Excel"]),
        ("-registered", ["Excel", "Bokföring", "Anbud"]),
        ("-waitlisted", ["Excel", "Anbud", "Bokföring"]),
        ("?", ["Excel", "Bokföring", "Anbud"]),
    ],
)
def test_course_list_sorts(client_for, provider, course, people, own_org, sort, expected):
    from datetime import timedelta

    for title, weeks_before, registrations in (("Bokföring", 1, 1), ("Anbud", 2, 0)):
        other = course_with_sites(provider=own_org, sites=[own_org], capacity=5, title_sv=title)
        first = course.sessions.order_by("start").first().start
        for index, session in enumerate(other.sessions.order_by("start")):
            session.start = first - timedelta(weeks=weeks_before, days=-index)
            session.end = session.start + timedelta(hours=3)
            session.save()
        for n in range(registrations):
            _register(other, f"Person{title}{n}", Place(site_id=own_org.pk))
    response = client_for(provider).get(reverse("participants:course_list"), {"sort": sort})
    html = response.getvalue().decode()
    assert response.status_code == 200 and 'name="sort"' in html
    assert sorted(expected, key=html.index) == expected


def test_registrations_page_lists_waitlist_with_position(
    client_for, provider, course, people, django_assert_max_num_queries
):
    client = client_for(provider)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("participants:course_registrations", args=[course.pk]))
    html = response.getvalue().decode()
    assert "Ali" in html and "Bea" in html and "Cem" in html
    assert "nummer 1" in html


def test_receiving_site_sees_only_its_own_participants(client_for, site_staff, course, people):
    html = (
        client_for(site_staff)
        .get(reverse("participants:course_registrations", args=[course.pk]))
        .getvalue()
        .decode()
    )
    assert "Ali" in html and "Cem" not in html
    # and may not cancel: the provider manages the course
    url = reverse("participants:registration_cancel", args=[people["ali"].pk])
    assert client_for(site_staff).post(url).status_code == 403


def test_foreign_staff_do_not_find_the_course(client_for, foreign_admin, course, people):
    client = client_for(foreign_admin)
    assert (
        client.get(reverse("participants:course_registrations", args=[course.pk])).status_code
        == 404
    )
    url = reverse("participants:participant_detail", args=[people["ali"].participant_id])
    assert client.get(url).status_code == 404


def test_export_is_formula_safe(client_for, provider, course, boras):
    _register(course, "=HYPERLINK(1)", Place(site_id=boras.pk))
    response = client_for(provider).get(
        reverse("participants:course_export", args=[course.pk, "csv"])
    )
    content = response.getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def test_staff_cancel_promotes(client_for, provider, course, people):
    url = reverse("participants:registration_cancel", args=[people["ali"].pk])
    client = client_for(provider)
    assert "Avboka anmälan" in client.get(url).getvalue().decode()
    response = client.post(url, follow=True)
    assert response.status_code == 200
    people["bea"].refresh_from_db()
    assert people["bea"].status == RegistrationStatus.REGISTERED


def test_staff_move(client_for, provider, course, people, own_org):
    url = reverse("participants:registration_move", args=[people["bea"].pk])
    client_for(provider).post(url, {"place": str(own_org.pk)})
    people["bea"].refresh_from_db()
    assert people["bea"].site_id == own_org.pk
    assert people["bea"].status == RegistrationStatus.WAITLISTED  # Cem has the only seat


def _attendance_url(session, site=""):
    url = reverse("participants:attendance", args=[session.pk])
    return f"{url}?site={site}" if site else url


def test_attendance_saves_a_whole_list_with_partial_hours(
    client_for, site_staff, course, people, boras, django_assert_max_num_queries
):
    session = started(course.sessions.order_by("start").first())
    client = client_for(site_staff)
    with django_assert_max_num_queries(14):
        page = client.get(_attendance_url(session))
    html = page.getvalue().decode()
    assert "Ali" in html and "Cem" not in html  # their own site only
    ali = people["ali"].participant_id
    response = client.post(
        _attendance_url(session, str(boras.pk)),
        {f"present-{ali}": "on", f"hours-{ali}": "1,5"},
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get(participant_id=ali)
    assert attendance.hours == Decimal("1.5") and attendance.marked_by == site_staff


def test_attendance_more_than_the_session_is_a_clear_error(
    client_for, provider, course, people, boras
):
    session = started(course.sessions.order_by("start").first())
    ali = people["ali"].participant_id
    response = client_for(provider).post(
        _attendance_url(session, str(boras.pk)), {f"present-{ali}": "on", f"hours-{ali}": "4"}
    )
    html = response.getvalue().decode()
    assert response.status_code == 200
    assert "Högst 3,0 timmar" in html and 'aria-invalid="true"' in html and 'value="4"' in html
    assert not Attendance.objects.exists()


def test_attendance_typed_hours_that_are_no_number_keep_what_was_typed(
    client_for, provider, course, people
):
    session = started(course.sessions.order_by("start").first())
    ali, cem = people["ali"].participant_id, people["cem"].participant_id
    response = client_for(provider).post(
        _attendance_url(session),
        {f"present-{ali}": "on", f"hours-{ali}": "en och en halv", f"hours-{cem}": "2"},
    )
    html = response.getvalue().decode()
    assert response.status_code == 200 and not Attendance.objects.exists()
    assert "Skriv timmarna som ett tal" in html and f'id="hours-{ali}_error"' in html
    assert 'value="en och en halv"' in html and 'value="2"' in html
    # Cem's box was left unticked: it stays so
    assert f'name="present-{cem}" id="present-{cem}">' in html
    assert f'name="present-{ali}" id="present-{ali}" checked>' in html


def test_attendance_list_shows_what_is_recorded(client_for, provider, course, people):
    session = started(course.sessions.order_by("start").first())
    ali, cem = people["ali"].participant, people["cem"].participant
    AttendanceFactory(session=session, participant=ali, present=False, hours=Decimal("0"))
    html = client_for(provider).get(_attendance_url(session)).getvalue().decode()
    assert f'name="present-{ali.pk}" id="present-{ali.pk}">' in html
    assert f'name="hours-{ali.pk}" inputmode="decimal"' in html  # absent: no hours shown
    assert f'name="present-{cem.pk}" id="present-{cem.pk}" checked>' in html
    assert f'name="hours-{cem.pk}" value="3"' in html  # nothing recorded: the whole session


def test_absent_gets_no_hours_and_mark_all_present(client_for, provider, course, people):
    session = started(course.sessions.order_by("start").first())
    client = client_for(provider)
    ali, cem = people["ali"].participant_id, people["cem"].participant_id
    client.post(
        _attendance_url(session), {f"present-{ali}": "on", f"hours-{ali}": "3", f"hours-{cem}": "3"}
    )
    assert Attendance.objects.get(participant_id=cem).hours == 0
    client.post(_attendance_url(session), {"all_present": "1"})
    assert set(Attendance.objects.values_list("hours", flat=True)) == {Decimal("3")}
    assert Attendance.objects.count() == 2  # Bea is on the waitlist


def test_attendance_for_another_site_is_not_found(client_for, site_staff, course, own_org):
    session = course.sessions.first()
    assert client_for(site_staff).get(_attendance_url(session, str(own_org.pk))).status_code == 404


def test_attendance_service_refuses_too_many_hours(course, people, provider):
    session = started(course.sessions.first())
    with pytest.raises(services.AttendanceErrors):
        services.attendance_save(
            actor=provider,
            session=session,
            marks=[services.AttendanceMark(people["ali"].participant_id, True, Decimal("3.5"))],
        )


def test_participant_totals(client_for, provider, course, people, django_assert_max_num_queries):
    first, second = course.sessions.order_by("start")
    ali = people["ali"].participant
    AttendanceFactory(session=first, participant=ali, hours=Decimal("3"))
    AttendanceFactory(session=second, participant=ali, hours=Decimal("1.25"))
    client = client_for(provider)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("participants:participant_detail", args=[ali.pk]))
    totals = response.context["totals"]
    assert totals["hours"] == Decimal("4.25") and totals["sessions"] == 2
    assert totals["first"] == first.start and totals["last"] == second.start


def test_employer_and_project_totals(
    client_for, coordinator, own_org, django_assert_max_num_queries
):
    project = ProjectFactory(name="ESF Kompetens")
    course = course_with_sites(provider=own_org, sites=[own_org], sessions=2, capacity=9)
    course.project = project
    course.save()
    hotel = CompanyFactory(name="Hotellet AB")
    sessions = list(course.sessions.order_by("start"))
    for hours in [("3", "3"), ("3", "1"), (None, None)]:
        person = ParticipantFactory(employer=hotel)
        RegistrationFactory(participant=person, course=course, site=own_org)
        for session, h in zip(sessions, hours, strict=True):
            if h:
                AttendanceFactory(session=session, participant=person, hours=Decimal(h))
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("participants:employer_totals"))
    (row,) = response.context["object_list"]
    assert row["participants"] == 2 and row["hours"] == Decimal("10")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("participants:project_totals"))
    (row,) = response.context["rows"]
    assert (row["registered"], row["attended"], row["hours"], row["mean"], row["max"]) == (
        3,
        2,
        Decimal("10"),
        Decimal("5.0"),
        Decimal("6"),
    )
    assert "ESF Kompetens" in response.getvalue().decode()


def test_registration_counts_after_cancellation(course, people):
    services.registration_cancel(registration=people["ali"], base_url=BASE)
    assert Registration.objects.active().count() == 2


def test_attendance_of_a_session_that_has_not_begun_cannot_be_taken(
    client_for, site_staff, course, people, provider
):
    """A 2027 session marked today would give a certificate for hours nobody has attended."""
    session = course.sessions.order_by("start").first()  # in a fortnight
    client = client_for(site_staff)
    page = client.get(_attendance_url(session))
    assert 'id="attendance-not-started"' in page.text and '<form method="post"' not in page.text
    rows = page.context["rows"]
    assert rows and "Närvaro kan registreras när det har börjat" in page.text
    response = client.post(_attendance_url(session), {})
    assert response.status_code == 200 and not Attendance.objects.filter(session=session).exists()
    with pytest.raises(ValidationError, match="not started yet"), override("en"):
        services.attendance_save(
            actor=provider,
            session=session,
            marks=[services.AttendanceMark(people["ali"].participant_id, True, None)],
        )
