"""The collaboration model's key figures with known answers, with dates on both sides of the
period's bounds, and where they show: the command's JSON and the key figures page."""

import json
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import CouncilKind, InitiativeStatus, Level
from kompetensnav.collaboration.models import Actor, Council, Initiative, Meeting
from kompetensnav.figures.registry import Period, compute
from tests.factories import AffiliationFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

P = Period(start=date(2026, 1, 1), end=date(2026, 6, 30))


def meeting(council: Council, day: date, hour: int = 9) -> Meeting:
    start = timezone.make_aware(datetime(day.year, day.month, day.day, hour))
    return Meeting.objects.create(
        council=council, starts_at=start, ends_at=start + timedelta(hours=2)
    )


@pytest.fixture
def world():
    owner = Actor.objects.create(organisation=OrganisationFactory(), level=Level.OPERATIVE)
    project = ProjectFactory()

    def initiative(title: str, status: str, start=None, end=None) -> Initiative:
        return Initiative.objects.create(
            title=title, kind="course", owner=owner, status=status, start=start, end=end
        )

    ended_before = initiative(
        "slut före", InitiativeStatus.DONE, date(2025, 3, 1), date(2025, 12, 31)
    )
    initiative("börjar sista dagen", InitiativeStatus.PLANNED, date(2026, 6, 30))
    initiative("börjar efter", InitiativeStatus.PLANNED, date(2026, 7, 1))
    running = initiative("pågår utan slut", InitiativeStatus.RUNNING, date(2025, 9, 1))
    initiative("odaterad pågående", InitiativeStatus.RUNNING)
    initiative("idé", InitiativeStatus.IDEA, date(2026, 2, 1))
    initiative("avbruten", InitiativeStatus.DROPPED, date(2026, 2, 1), date(2026, 3, 1))
    done_first = initiative(
        "klar första dagen", InitiativeStatus.DONE, date(2025, 10, 1), date(2026, 1, 1)
    )
    done_inside = initiative(
        "klar i perioden", InitiativeStatus.DONE, date(2026, 2, 1), date(2026, 5, 1)
    )
    initiative("klar efter", InitiativeStatus.DONE, date(2026, 2, 1), date(2026, 7, 1))
    running.projects.add(project)
    done_inside.projects.add(project)
    ended_before.projects.add(project)

    def council(name: str, started: date, ends=None) -> Council:
        return Council.objects.create(
            name=name,
            industry_id="31",
            subregion_id="skaraborg",
            started=started,
            ends=ends,
            kind=CouncilKind.TEMPORARY if ends else CouncilKind.STANDING,
        )

    standing = council("stående", date(2024, 1, 1))
    meeting(standing, date(2026, 1, 1), hour=0)  # just after midnight on the first day
    meeting(standing, date(2026, 3, 1))
    quiet = council("utan möte i perioden", date(2024, 1, 1))
    meeting(quiet, date(2025, 12, 31), hour=23)  # the evening before P
    meeting(quiet, date(2026, 7, 1), hour=8)  # the morning after P
    ended = council("avslutat tillfälligt", date(2025, 1, 1), date(2025, 12, 31))
    meeting(ended, date(2025, 6, 1))
    late = council("tillfälligt i perioden", date(2026, 6, 1), date(2026, 9, 1))
    meeting(late, date(2026, 6, 30), hour=22)
    return {"project": project, "done_first": done_first}


def test_the_collaboration_figures_have_the_known_answers(world):
    figures = compute(P)
    # active: börjar sista dagen, pågår utan slut, odaterad pågående, klar första dagen,
    # klar i perioden, klar efter (not: ended before, starts after, an idea, dropped)
    assert figures["initiatives_active"] == 6
    assert figures["initiatives_done"] == 2  # klar första dagen, klar i perioden
    assert figures["councils_active"] == 2  # stående, tillfälligt i perioden
    assert figures["council_meetings"] == 3


def test_a_project_restricts_the_initiatives_not_the_councils(world):
    figures = compute(Period(start=P.start, end=P.end, project=world["project"]))
    assert figures["initiatives_active"] == 2  # pågår utan slut, klar i perioden
    assert figures["initiatives_done"] == 1
    assert figures["councils_active"] == 2
    assert figures["council_meetings"] == 3


def test_the_figures_show_in_the_command_and_on_the_key_figures_page(world, client_for):
    out = StringIO()
    call_command("figures", "--from", "2026-01-01", "--to", "2026-06-30", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert [printed[k] for k in ("initiatives_active", "initiatives_done", "councils_active")] == [
        6,
        2,
        2,
    ]
    coordinator = AffiliationFactory(role=Role.COORDINATOR).user
    page = client_for(coordinator).get(
        reverse("reports:figures"), {"from": "2026-01-01", "to": "2026-06-30"}
    )
    assert "Aktiva branschråd" in page.text and "Pågående insatser" in page.text
