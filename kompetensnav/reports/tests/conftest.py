"""A hand-built network for 2025 whose key figures are known (KNOWN below)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.network.enums import EventKind
from kompetensnav.network.models import Collaboration, Contact, Event, Membership
from kompetensnav.participants.tests.factories import ParticipantFactory, RegistrationFactory
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory, OrganisationFactory

PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}

KNOWN = {
    "network_meetings": 2,  # on the first and the last day of the period; one day before not
    "job_shadowings": 3,
    "job_shadowings_transnational": 1,  # another one abroad is in 2026
    "event_participants": 1231,  # 10 + 15 + 2 + 3 + 1 + 1200 (the conference)
    "collaborations": 1,  # another was established in 2024
    "members": 2,  # a third did not pay; a 2024 membership does not count
    "municipalities_represented": 3,  # 1485 and 1488, 1488 and 1480
    "contacts": 3,
    "contact_organisations": 2,
}


@pytest.fixture
def network_2025(db):
    paid_a, paid_b, unpaid = (
        OrganisationFactory(name="Lärcentrum Alfa"),
        OrganisationFactory(name="Lärcentrum Beta"),
        OrganisationFactory(name="=Lärcentrum Gamma"),  # a formula-looking name
    )
    for organisation, year, paid, municipalities in [
        (paid_a, 2025, True, ["1485", "1488"]),
        (paid_b, 2025, True, ["1488", "1480"]),
        (unpaid, 2025, False, ["1484"]),
        (paid_a, 2024, True, ["1486"]),
    ]:
        membership = Membership.objects.create(organisation=organisation, year=year, fee_paid=paid)
        membership.municipalities.set(municipalities)
    for kind, day, participants, abroad in [
        (EventKind.NETWORK_MEETING, date(2025, 1, 1), 10, False),
        (EventKind.NETWORK_MEETING, date(2025, 12, 31), 15, False),
        (EventKind.NETWORK_MEETING, date(2024, 12, 31), 50, False),
        (EventKind.JOB_SHADOWING, date(2025, 3, 3), 2, True),
        (EventKind.JOB_SHADOWING, date(2025, 4, 4), 3, False),
        (EventKind.JOB_SHADOWING, date(2025, 5, 5), 1, False),
        (EventKind.JOB_SHADOWING, date(2026, 1, 1), 7, True),
        (EventKind.CONFERENCE, date(2025, 9, 9), 1200, False),
    ]:
        Event.objects.create(kind=kind, date=day, participants=participants, transnational=abroad)
    Collaboration.objects.create(established=date(2025, 6, 1), title="Inom perioden")
    Collaboration.objects.create(established=date(2024, 6, 1), title="Före perioden")
    Contact.objects.create(organisation=paid_a, name="Anna Andersson")
    Contact.objects.create(organisation=paid_a, name="Bertil Berg")
    Contact.objects.create(organisation=paid_b, name="Cecilia Ek")
    return KNOWN


# The Erasmus+ part of the annual report's data set: one project (mid-2024 to mid-2026) with
# 5 places for learners and 2 for staff.
MOBILITY_KNOWN = {
    "mobilities_completed": {"student": 4, "staff": 1},
    "places_used_pct": {"student": 80, "staff": 50},  # 4 of 5 (the target exactly), 1 of 2
    "accreditation_target_met": {"student": True, "staff": False},
}
MOBILITY_KNOWN_2024 = {"mobilities_completed": {"student": 1, "staff": 0}}


@pytest.fixture
def annual_2025(network_2025):
    """network_2025 plus mobilities: completed ones in March (2), May (staff), October (2, one
    of them learners'), one in 2024, and a planned and a cancelled one that do not count."""
    from decimal import Decimal

    from kompetensnav.projects.enums import Funder, MobilityKind, MobilityStatus
    from kompetensnav.projects.models import Mobility, Project

    project = Project.objects.create(
        name="Erasmus+ Lärande i Europa",
        funder=Funder.ERASMUS_PLUS,
        start=date(2024, 6, 1),
        end=date(2026, 5, 31),
        granted_places_student=5,
        granted_places_staff=2,
        budget_student_sek=Decimal(100000),
        budget_staff_sek=Decimal(40000),
    )
    student, staff = MobilityKind.STUDENT, MobilityKind.STAFF
    for kind, status, day in [
        (student, MobilityStatus.COMPLETED, date(2025, 3, 10)),
        (student, MobilityStatus.COMPLETED, date(2025, 3, 20)),
        (staff, MobilityStatus.COMPLETED, date(2025, 5, 5)),
        (student, MobilityStatus.COMPLETED, date(2025, 10, 1)),
        (student, MobilityStatus.COMPLETED, date(2025, 10, 2)),
        (student, MobilityStatus.COMPLETED, date(2024, 9, 1)),
        (student, MobilityStatus.PLANNED, date(2025, 11, 1)),
        (staff, MobilityStatus.CANCELLED, date(2025, 4, 1)),
    ]:
        Mobility.objects.create(
            project=project, kind=kind, status=status, start=day, grant_sek=Decimal(10000)
        )
    return {**network_2025, **MOBILITY_KNOWN, "project": project}


@pytest.fixture
def competence_data(own_org):
    """In 2025, a hotel in Sotenäs (Fyrbodal) with needs in Sociala medier (now) and
    Kundbemötande, a workshop in Lidköping (Skaraborg) with CNC; a published course in Sociala
    medier with 12 places at a Fyrbodal site; six women and a man registered for it."""
    hotel = CompanyFactory(name="Hotell Kustbris AB", municipality_id="1427", sni_id="55")
    workshop = CompanyFactory(name="Verkstad AB", municipality_id="1494", sni_id="25")
    v1 = VisitFactory(company=hotel, organisation=own_org, date=date(2025, 3, 3))
    NeedFactory(visit=v1, area__name="Sociala medier", horizon="now", employees_affected=4)
    NeedFactory(visit=v1, area__name="Kundbemötande", horizon="1-3y")
    v2 = VisitFactory(company=workshop, organisation=own_org, date=date(2025, 9, 9))
    NeedFactory(visit=v2, area__name="CNC-operatörer", horizon="now")
    course = Course.objects.create(provider=own_org, title_sv="Sociala medier", status="published")
    course.areas.set([area_find_or_create(name="Sociala medier")])
    start = datetime(2025, 5, 5, 9, tzinfo=ZoneInfo("Europe/Stockholm"))
    session = Session.objects.create(course=course, start=start, end=start + timedelta(hours=3))
    site = OrganisationFactory(name="Lärcentrum Uddevalla", municipality_id="1485")
    SessionSite.objects.create(session=session, organisation=site, capacity=12)
    for gender in ["F"] * 6 + ["M"]:
        RegistrationFactory(
            participant=ParticipantFactory(gender=gender, employer=hotel),
            course=course,
            registered=date(2025, 4, 1),
        )
