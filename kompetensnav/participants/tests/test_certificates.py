"""Certificates as PDF, read back: name, course, provider, dates and hours."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.participants.certificates import certificates
from tests.documents import pdf_text
from tests.factories import CompanyFactory, OrganisationFactory

from .factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    course_with_sites,
    started,
)

pytestmark = pytest.mark.django_db


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def setup(own_org):
    site = OrganisationFactory(name="Lärcentrum Borås")
    course = course_with_sites(
        provider=own_org, sites=[site], sessions=3, title_sv="Kampanjer på sociala medier"
    )
    hotel = CompanyFactory(name="Hotell Borås AB")
    # history: three weekly sessions, the last a week ago
    sessions = [
        started(session, days_ago=days)
        for session, days in zip(course.sessions.order_by("start"), (21, 14, 7), strict=True)
    ]
    people = []
    for name, hours in (("Ali Hassan", ["3", "1.5", "3"]), ("Bea Berg", ["3", "0", "3"])):
        person = ParticipantFactory(full_name=name, employer=hotel)
        RegistrationFactory(participant=person, course=course, site=site)
        for session, h in zip(sessions, hours, strict=True):
            AttendanceFactory(
                session=session, participant=person, hours=Decimal(h), present=h != "0"
            )
        people.append(person)
    return course, hotel, people, sessions


def test_certificate_sums_hours_and_dates_of_attended_sessions(setup):
    course, _hotel, (ali, bea), sessions = setup
    (ali_cert,) = certificates(participants=[ali], course=course)
    assert ali_cert.hours == Decimal("7.5") and ali_cert.sessions == 3
    (bea_cert,) = certificates(participants=[bea], course=course)
    assert bea_cert.hours == Decimal("6") and bea_cert.sessions == 2
    assert bea_cert.first == timezone.localtime(sessions[0].start).date()
    assert bea_cert.last == timezone.localtime(sessions[2].start).date()


def test_hours_marked_ahead_of_a_session_are_not_certified(setup):
    """A 2027 session marked today made the public certificate say the person took part."""
    course, _hotel, (ali, _bea), sessions = setup
    future = started(sessions[2], days_ago=-30)  # moved a month ahead, its hours kept
    assert future.attendances.filter(participant=ali, hours=3).exists()
    (ali_cert,) = certificates(participants=[ali], course=course)
    assert ali_cert.hours == Decimal("4.5") and ali_cert.sessions == 2


def test_staff_download_a_participants_certificate(setup, client_for, make_user, own_org):
    course, _hotel, (ali, _bea), sessions = setup
    user = make_user("course_provider", own_org)
    response = client_for(user).get(
        reverse("participants:certificate", kwargs={"course_pk": course.pk, "pk": ali.pk})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Ali Hassan" in text
    assert "Kampanjer på sociala medier" in text
    assert "7,5" in text
    first, last = (timezone.localtime(sessions[i].start) for i in (0, 2))
    assert f"{first:%Y-%m-%d}" in text and f"{last:%Y-%m-%d}" in text


def test_all_certificates_of_an_employer_as_one_pdf(
    setup, client_for, make_user, own_org, django_assert_max_num_queries
):
    course, hotel, _people, _sessions = setup
    user = make_user("org_admin", own_org)
    client = client_for(user)
    url = reverse("participants:employer_certificates", kwargs={"pk": hotel.pk})
    response = client.get(f"{url}?course={course.pk}")
    assert response.status_code == 200
    assert pdf_pages(response.content) == 2
    text = pdf_text(response.content)
    assert "Ali Hassan" in text and "Bea Berg" in text


def test_another_organisations_staff_get_no_certificates(setup, client_for, make_user):
    course, hotel, (ali, _bea), _sessions = setup
    stranger = make_user("org_admin", OrganisationFactory())
    client = client_for(stranger)
    url = reverse("participants:certificate", kwargs={"course_pk": course.pk, "pk": ali.pk})
    assert client.get(url).status_code == 404
    url = reverse("participants:employer_certificates", kwargs={"pk": hotel.pk})
    assert client.get(url).status_code == 404


def test_period_restricts_the_employer_download(setup, client_for, coordinator):
    _course, hotel, _people, sessions = setup
    url = reverse("participants:employer_certificates", kwargs={"pk": hotel.pk})
    after = timezone.localtime(sessions[2].start + timedelta(days=1)).date()
    response = client_for(coordinator).get(f"{url}?from={after:%Y-%m-%d}")
    assert response.status_code == 404


def test_a_certificate_carries_a_code_that_anyone_can_check(
    setup, client, client_for, make_user, own_org
):
    """The code on the PDF confirms the person, course and hours on the public page; a code
    whose hours were corrected since no longer matches; a made-up one is unknown."""
    import re

    from kompetensnav.participants.models import Attendance

    course, _hotel, (ali, _bea), sessions = setup
    staff = make_user("course_provider", own_org)
    pdf = client_for(staff).get(
        reverse("participants:certificate", kwargs={"course_pk": course.pk, "pk": ali.pk})
    )
    text = " ".join(pdf_text(pdf.content).split())
    code = re.search(r"Kontrollkod (\d+-\d+-[A-Z2-7]{8})", text).group(1)
    # the site's own address (SITE_URL), which a line may break after a slash
    assert "http://testserver" + reverse("registration:verify") in text.replace("/ ", "/")
    url = reverse("registration:verify")
    page = client.get(url, {"code": code}).content.decode()
    assert "Intyget är giltigt" in page
    assert "Ali Hassan" in page and "Kampanjer på sociala medier" in page and "7,5" in page
    # typed with spaces and in small letters: the same
    assert "Intyget är giltigt" in client.get(url, {"code": f" {code.lower()} "}).content.decode()
    # attendance corrected after the certificate was issued
    Attendance.objects.filter(participant=ali, session=sessions[1]).update(hours=Decimal("3"))
    changed = client.get(url, {"code": code}).content.decode()
    assert "Inget intyg har den här koden" in changed and "Ali Hassan" not in changed
    for made_up in (f"{ali.pk}-{course.pk}-AAAAAAAA", "1-2", "x" * 60, "99999999-1-ABCDEFGH"):
        answer = client.get(url, {"code": made_up})
        assert answer.status_code == 200, made_up
        assert "Inget intyg har den här koden" in answer.content.decode(), made_up


def test_an_employer_opens_its_peoples_certificates_by_a_signed_link(
    setup, client, client_for, make_user, own_org
):
    """The link on the employer totals page opens the same PDF without an account, shows no
    more than its maker may see, and stops working when forged, old or its maker leaves."""
    import re

    from django.core import signing

    from kompetensnav.participants.services import links

    course, hotel, _people, _sessions = setup
    staff = make_user("course_provider", own_org)
    totals = client_for(staff).get(reverse("participants:employer_totals")).content.decode()
    link = re.search(r'href="http://testserver(/register/certificates/employer/[^"]+)"', totals)
    assert link, "no link for the employer"
    pdf = client.get(link.group(1))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Ali Hassan" in text and "Bea Berg" in text and pdf_pages(pdf.content) == 2
    # forged, expired, or its maker no longer active: a page that says so, no PDF
    assert client.get(link.group(1)[:-3] + "xyz/").status_code == 404
    token = link.group(1).rstrip("/").rsplit("/", 1)[1]
    old = signing.loads(token, salt=links.EMPLOYER_SALT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "EMPLOYER_LINK_DAYS", -1)
        expired = client.get(link.group(1))
    assert expired.status_code == 404 and "fungerar inte längre" in expired.content.decode()
    staff.affiliations.update(is_active=False)
    assert client.get(link.group(1)).status_code == 404
    assert old[1] == hotel.pk
