"""`updated_since` on every list a system keeps in step (issue 18): a record changed before
the time is left out, one changed after is listed, and without the parameter both are."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from kompetensnav.campus.models import Course, Session
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Collaboration, Contact, Event, Organisation
from kompetensnav.participants.models import Registration
from kompetensnav.participants.tests.factories import RegistrationFactory, course_with_sites
from kompetensnav.projects.models import Project
from kompetensnav.questionnaires import services as questionnaires
from kompetensnav.questionnaires.models import Response
from kompetensnav.questionnaires.tests.factories import make_questionnaire
from kompetensnav.visits.models import Visit
from kompetensnav.visits.tests.factories import VisitFactory
from tests.factories import CompanyFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
SINCE = "2024-06-01T12:00:00"  # Swedish time, as a client without a time zone sends it


def _pair(make, model, field="updated"):
    """(old, new): two records, the first last changed long ago."""
    old, new = make(), make()
    model.objects.filter(pk=old.pk).update(**{field: LONG_AGO})
    return old, new


def _organisations(world):
    return "/api/organisations", _pair(OrganisationFactory, Organisation)


def _contacts(world):
    org = world.own_org
    made = iter(range(100))
    return "/api/contacts", _pair(
        lambda: Contact.objects.create(organisation=org, name=f"Kim {next(made)}"), Contact
    )


def _events(world):
    return "/api/events", _pair(
        lambda: Event.objects.create(kind="network_meeting", date=date(2026, 3, 1)), Event
    )


def _collaborations(world):
    return "/api/collaborations", _pair(
        lambda: Collaboration.objects.create(established=date(2026, 3, 1)), Collaboration
    )


def _courses(world):
    return "/api/courses", _pair(lambda: course_with_sites(sessions=1), Course)


def _sessions(world):
    course = course_with_sites(sessions=2)
    old, new = course.sessions.order_by("start")
    Session.objects.filter(pk=old.pk).update(updated=LONG_AGO)
    return f"/api/courses/{course.pk}/sessions", (old, new)


def _registrations(world):
    course = course_with_sites(provider=world.own_org, sites=[world.own_org], sessions=1)
    old, new = _pair(lambda: RegistrationFactory(course=course, site=world.own_org), Registration)
    return f"/api/courses/{course.pk}/registrations", (old, new)


def _projects(world):
    return "/api/projects", _pair(ProjectFactory, Project)


def _companies(world):
    return "/api/companies", _pair(CompanyFactory, Company)


def _visits(world):
    return "/api/visits", _pair(lambda: VisitFactory(organisation=world.own_org), Visit)


def _responses(world):
    questionnaire = make_questionnaire("synk")

    def answer():
        return questionnaires.response_submit(
            version=questionnaire.versions.get(), answers={"match": 3}, channel="api",
            check_required=False,
        )  # fmt: skip

    # an anonymous response keeps only its day: answered in 2020 and not changed since
    old, new = answer(), answer()
    Response.objects.filter(pk=old.pk).update(submitted_on=date(2020, 1, 1), updated_at=None)
    return f"/api/questionnaires/{questionnaire.pk}/responses", (old, new)


LISTS = [_organisations, _contacts, _events, _collaborations, _courses, _sessions,
         _registrations, _projects, _companies, _visits, _responses]  # fmt: skip


class World:
    def __init__(self, own_org):
        self.own_org = own_org


@pytest.mark.parametrize("make", LISTS, ids=lambda f: f.__name__.strip("_"))
def test_a_list_gives_only_what_changed_since(make, coordinator, own_org, token_for):
    path, (old, new) = make(World(own_org))
    client = Client(headers={"Authorization": f"Bearer {token_for(coordinator)}"})

    def ids(**params) -> set[int]:
        response = client.get(path, {"limit": 100, **params})
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    every = ids()
    assert {old.pk, new.pk} <= every
    changed = ids(updated_since=SINCE)
    assert new.pk in changed and old.pk not in changed
    assert ids(updated_since="2024-06-01T10:00:00Z") == changed  # the same moment in UTC


def test_a_change_after_the_time_lists_the_record_again(coordinator, token_for):
    old, _new = _pair(ProjectFactory, Project)
    client = Client(headers={"Authorization": f"Bearer {token_for(coordinator)}"})
    listed = client.get("/api/projects", {"updated_since": SINCE}).json()["items"]
    assert old.pk not in {p["id"] for p in listed}
    Project.objects.filter(pk=old.pk).update(name="Nytt namn")  # any write stamps it
    listed = client.get("/api/projects", {"updated_since": SINCE}).json()["items"]
    assert old.pk in {p["id"] for p in listed}


@pytest.mark.parametrize(
    "since",
    [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59-12:00",
    ],
)
def test_a_time_at_the_ends_of_the_calendar_is_answered(since, coordinator, token_for):
    client = Client(headers={"Authorization": f"Bearer {token_for(coordinator)}"})
    questionnaire = make_questionnaire("kalender")
    for path in (
        "/api/projects",
        "/api/companies",
        f"/api/questionnaires/{questionnaire.pk}/responses",
    ):
        response = client.get(path, {"updated_since": since})
        assert response.status_code == 200, (path, response.content)
