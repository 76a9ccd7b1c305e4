"""The follow-up of initiatives, with known answers: courses delivered, participants and
hours of sessions held, and the needs behind an initiative that are still unmet."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompetensnav.analysis.models import NeedMatch
from kompetensnav.campus.models import Session
from kompetensnav.collaboration.enums import InitiativeKind, InitiativeStatus, Level
from kompetensnav.collaboration.followup import FollowUp, followup, followups, need_states
from kompetensnav.collaboration.models import Actor, Initiative, Priority
from kompetensnav.collaboration.selectors.initiatives import cycle
from kompetensnav.participants.models import Attendance
from kompetensnav.participants.tests.factories import CourseFactory, ParticipantFactory
from kompetensnav.visits.tests.factories import CompetenceAreaFactory, NeedFactory, VisitFactory
from tests.factories import AffiliationFactory, CompanyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 6, 15, 12, 0))


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def session(course, day: date, hours: str = "3.00") -> Session:
    return Session.objects.create(
        course=course, start=at(day, 9), end=at(day, 12), hours=Decimal(hours)
    )


def attend(s: Session, person, hours: str, present: bool = True) -> None:
    Attendance.objects.create(session=s, participant=person, hours=Decimal(hours), present=present)


@pytest.fixture
def world():
    cnc, weld, truck = (CompetenceAreaFactory(name=n) for n in ("CNC", "Svets", "Truck"))
    owner = Actor.objects.create(organisation=OrganisationFactory(), level=Level.OPERATIVE)
    # a course held on 1 June (before NOW) and again on 1 July (after NOW)
    held = CourseFactory(title_sv="CNC grund")
    held.areas.add(cnc)
    held_june = session(held, date(2026, 6, 1))
    held_july = session(held, date(2026, 7, 1))
    # a course whose only session is after NOW
    coming = CourseFactory(title_sv="Svets fortsättning")
    coming.areas.add(weld)
    session(coming, date(2026, 7, 10))
    one, two, three = (ParticipantFactory() for _ in range(3))
    attend(held_june, one, "3.00")
    attend(held_june, two, "2.50")
    attend(held_june, three, "0", present=False)  # absent: no hours, not a participant
    attend(held_july, one, "3.00")  # marked ahead of a session not yet held: never counts
    x, y, z = (CompanyFactory() for _ in range(3))
    need_cnc = NeedFactory(visit=VisitFactory(company=x), area=cnc)  # answered: held course
    need_weld = NeedFactory(visit=VisitFactory(company=y), area=weld)  # answered: a match
    need_truck = NeedFactory(visit=VisitFactory(company=x), area=truck)  # unmet
    need_weld_draft = NeedFactory(visit=VisitFactory(company=z), area=weld)  # unmet: a draft
    NeedMatch.objects.create(
        need=need_weld, course=CourseFactory(status="published"), rank=1, score=0.9
    )
    NeedMatch.objects.create(
        need=need_weld_draft, course=CourseFactory(status="draft"), rank=1, score=0.9
    )
    main = Initiative.objects.create(title="CNC-satsning", kind=InitiativeKind.COURSE, owner=owner)
    main.courses.add(held, coming)
    main.needs.add(need_cnc, need_weld, need_truck, need_weld_draft)
    empty = Initiative.objects.create(title="Tom", kind=InitiativeKind.OTHER, owner=owner)
    sharing = Initiative.objects.create(title="Delar kurs", kind=InitiativeKind.COURSE, owner=owner)
    sharing.courses.add(held)
    sharing.needs.add(need_weld)  # weld: not its course's area, but matched in the catalogue
    return {
        "main": main,
        "empty": empty,
        "sharing": sharing,
        "owner": owner,
        "needs": (need_cnc, need_weld, need_truck, need_weld_draft),
    }


def test_followup_of_an_initiative_has_the_known_answers(world):
    assert followup(world["main"], now=NOW) == FollowUp(
        courses=2,
        delivered=1,
        participants=2,
        hours=Decimal("5.50"),
        needs=4,
        companies=3,
        answered=2,
    )
    assert followup(world["main"], now=NOW).unmet == 2


def test_an_initiative_without_links_follows_up_as_zeros(world):
    result = followup(world["empty"], now=NOW)
    assert result == FollowUp()
    assert result.unmet == 0


def test_initiatives_sharing_a_course_each_count_it(world):
    result = followups([world["main"].pk, world["sharing"].pk], now=NOW)
    assert result[world["sharing"].pk] == FollowUp(
        courses=1,
        delivered=1,
        participants=2,
        hours=Decimal("5.50"),
        needs=1,
        companies=1,
        answered=1,
    )


def test_a_later_moment_counts_the_later_sessions(world):
    later = timezone.make_aware(datetime(2026, 7, 20, 12, 0))
    result = followup(world["main"], now=later)
    # both courses held; the July attendance now counts; the weld course answers both weld
    # needs; truck stays unmet
    assert (result.delivered, result.participants, result.hours) == (2, 2, Decimal("8.50"))
    assert (result.answered, result.unmet) == (3, 1)


def test_before_anything_was_held_nothing_is_delivered(world):
    early = timezone.make_aware(datetime(2026, 5, 1, 12, 0))
    result = followup(world["main"], now=early)
    assert (result.delivered, result.participants, result.hours) == (0, 0, Decimal(0))
    assert result.answered == 1  # only the catalogue's match


def test_need_states_list_unmet_needs_first(world):
    states = list(need_states(world["main"], now=NOW))
    assert [s.is_answered for s in states] == [False, False, True, True]
    assert {s.need_id for s in states if not s.is_answered} == {
        world["needs"][2].pk,
        world["needs"][3].pk,
    }


def test_followups_take_three_queries_for_any_number_of_initiatives(world):
    ids = list(Initiative.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        followups(ids, now=NOW)
    assert len(queries) == 3


def test_the_years_cycle_sets_priorities_initiatives_and_outcomes_side_by_side(world):
    viewer = AffiliationFactory(role="viewer").user
    priority = Priority.objects.create(year=2026, rank=1, title="CNC i Skaraborg")
    Priority.objects.create(year=2026, rank=2, title="Utan insats")
    Priority.objects.create(year=2025, rank=1, title="Förra året")
    world["main"].priority = priority
    world["main"].start, world["main"].status = date(2026, 3, 1), InitiativeStatus.RUNNING
    world["main"].save()
    world["sharing"].priority = priority
    world["sharing"].save()
    world["empty"].start = date(2026, 2, 1)
    world["empty"].save()
    report = cycle(actor=viewer, year=2026, now=NOW)
    assert [r.priority.title for r in report.rows] == ["CNC i Skaraborg", "Utan insats"]
    first, second = report.rows
    assert [i.title for i, _f in first.initiatives] == ["CNC-satsning", "Delar kurs"]
    assert first.total == FollowUp(
        courses=3,
        delivered=2,
        participants=4,
        hours=Decimal("11.00"),
        needs=5,
        companies=4,
        answered=3,
    )
    assert second.initiatives == [] and second.total == FollowUp()
    assert [i.title for i, _f in report.others] == ["Tom"]
    assert report.status_counts[InitiativeStatus.RUNNING] == 1
    assert report.status_counts[InitiativeStatus.IDEA] == 2
