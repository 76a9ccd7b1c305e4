"""Priorities and initiatives: who manages them, what an initiative starts from, linking what
it produced, the refusals with their messages, the year's report as a page and a PDF, and
the pages' query counts."""

from datetime import date, timedelta

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.analysis.models import NeedVector
from kompetensnav.collaboration.enums import InitiativeKind, InitiativeStatus, Level, Origin
from kompetensnav.collaboration.models import Actor, Initiative, Priority
from kompetensnav.network.models import Event
from kompetensnav.participants.tests.factories import CourseFactory
from kompetensnav.visits.tests.factories import CompetenceAreaFactory, NeedFactory, VisitFactory
from tests.documents import pdf_text
from tests.factories import CompanyFactory, OrganisationFactory, ProjectFactory

from .council_world import build, user

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def world():
    return build()


@pytest.fixture
def coordinator(world):
    return user(Role.COORDINATOR, OrganisationFactory(kind="network"))


@pytest.fixture
def school_actor(world):
    return Actor.objects.create(organisation=world.school, level=Level.OPERATIVE)


@pytest.fixture
def school_admin(world, school_actor):
    return user(Role.ORG_ADMIN, world.school)


def initiative_for(owner: Actor, **fields) -> Initiative:
    return Initiative.objects.create(
        title=fields.pop("title", "Förarutbildning"),
        kind=fields.pop("kind", InitiativeKind.COURSE),
        owner=owner,
        **fields,
    )


# --- priorities ---------------------------------------------------------------------------------


def test_the_strategic_level_and_coordinators_manage_priorities(world, client_for, coordinator):
    create = reverse("collaboration:priority_create")
    strategic = user(Role.BOARD, world.federation)  # the federation is a strategic actor
    operative_admin = user(Role.ORG_ADMIN, world.school)
    Actor.objects.create(organisation=world.school, level=Level.OPERATIVE)
    assert client_for(coordinator).get(create).status_code == 200
    assert client_for(strategic).get(create).status_code == 200
    assert client_for(operative_admin).get(create).status_code == 403
    assert client_for(user(Role.BROKER, world.federation)).get(create).status_code == 403


def test_a_priority_is_saved_from_the_analysis_and_listed_by_region(world, client_for):
    strategic = client_for(user(Role.BOARD, world.federation))
    response = strategic.post(
        reverse("collaboration:priority_create"),
        {
            "year": YEAR,
            "subregion": "skaraborg",
            "rank": 1,
            "title": "Fler CNC-operatörer",
            "rationale": "Störst brist i analysen.",
            "decided_by": world.federation_actor.pk,
            "decided_on": f"{YEAR}-02-01",
        },
    )
    assert response.status_code == 302
    priority = Priority.objects.get(title="Fler CNC-operatörer")
    assert (priority.year, priority.subregion_id, priority.decided_by) == (
        YEAR,
        "skaraborg",
        world.federation_actor,
    )
    Priority.objects.create(year=YEAR, title="Hela nätverkets prioritering")
    page = strategic.get(reverse("collaboration:priority_list"), {"year": YEAR}).text
    assert page.index("Hela nätverket") < page.index("Skaraborg") < page.index("Fler CNC")
    assert "Starta en insats" in page


def test_a_priority_decided_by_an_operative_actor_is_refused_and_keeps_what_was_typed(
    world, client_for, coordinator
):
    response = client_for(coordinator).post(
        reverse("collaboration:priority_create"),
        {
            "year": YEAR,
            "rank": 1,
            "title": "Mitt förslag",
            "decided_by": world.company_actor.pk,
        },
    )
    assert response.status_code == 200
    assert "Mitt förslag" in response.text
    assert Priority.objects.count() == 0
    assert "decided_by" in response.context["form"].errors


def test_deleting_a_priority_asks_first_and_keeps_its_initiatives(world, client_for, coordinator):
    priority = Priority.objects.create(year=YEAR, title="Tas bort")
    initiative = initiative_for(world.federation_actor, priority=priority)
    url = reverse("collaboration:priority_delete", args=[priority.pk])
    client = client_for(coordinator)
    assert "Insatser som genomför den finns kvar" in client.get(url).text
    assert Priority.objects.filter(pk=priority.pk).exists()
    assert client.post(url).status_code == 302
    initiative.refresh_from_db()
    assert initiative.priority is None


# --- initiatives --------------------------------------------------------------------------------


def test_an_org_admin_manages_its_own_organisations_initiative_not_anothers(
    world, client_for, school_actor, school_admin
):
    own = initiative_for(school_actor, title="Egen")
    other = initiative_for(world.federation_actor, title="Annans")
    client = client_for(school_admin)
    assert client.get(reverse("collaboration:initiative_edit", args=[own.pk])).status_code == 200
    # the other's initiative is open to read, but not to change
    assert (
        client.get(reverse("collaboration:initiative_detail", args=[other.pk])).status_code == 200
    )
    for name in ("initiative_edit", "initiative_delete", "initiative_links"):
        assert client.get(reverse(f"collaboration:{name}", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("collaboration:initiative_unlink", args=[other.pk]),
        {"kind": "event", "target": 1},
    )
    assert response.status_code == 403


def test_a_viewer_reads_initiatives_but_cannot_start_one(world, client_for, school_actor):
    viewer = client_for(user(Role.VIEWER, world.school))
    initiative_for(school_actor, title="Läsbar insats")
    assert "Läsbar insats" in viewer.get(reverse("collaboration:initiative_list")).text
    assert viewer.get(reverse("collaboration:initiative_create")).status_code == 403


def test_an_initiative_starts_from_a_council_decision_its_viewer_can_see(
    world, client_for, coordinator
):
    url = reverse("collaboration:initiative_create") + f"?decision={world.decision.pk}"
    client = client_for(coordinator)
    page = client.get(url)
    assert "Starta en kurs i CNC-teknik." in page.text
    assert page.context["form"].initial["origin"] == Origin.DECISION
    response = client.post(
        url,
        {
            "title": "CNC-kurs från branschrådet",
            "kind": InitiativeKind.COURSE,
            "status": InitiativeStatus.PLANNED,
            "owner": world.federation_actor.pk,
            "actors": [world.company_actor.pk, world.federation_actor.pk],
            "origin": Origin.DECISION,
        },
    )
    initiative = Initiative.objects.get(title="CNC-kurs från branschrådet")
    assert response.url == reverse("collaboration:initiative_detail", args=[initiative.pk])
    assert initiative.decision == world.decision
    # the owner is not also among the actors involved
    assert list(initiative.actors.all()) == [world.company_actor]
    detail = client.get(response.url).text
    assert "Starta en kurs i CNC-teknik." in detail


def test_a_decision_of_a_council_the_user_does_not_see_answers_404(world, client_for):
    outsider_admin = user(Role.ORG_ADMIN, world.outsider_org)
    url = reverse("collaboration:initiative_create") + f"?decision={world.decision.pk}"
    assert client_for(outsider_admin).get(url).status_code == 404
    # nor does an initiative from it show the decision to them
    initiative = initiative_for(
        world.federation_actor, decision=world.decision, origin=Origin.DECISION
    )
    coordinator = user(Role.COORDINATOR, OrganisationFactory(kind="network"))
    assert "Starta en kurs" in client_for(coordinator).get(initiative.get_absolute_url()).text
    page = client_for(outsider_admin).get(initiative.get_absolute_url())
    assert page.status_code == 200
    assert "Starta en kurs" not in page.text


def test_an_initiative_from_a_group_of_unmet_needs_links_the_groups_needs(
    world, client_for, coordinator
):
    area = CompetenceAreaFactory(name="Truckkörning")
    company = CompanyFactory(municipality_id="1472")
    needs = [NeedFactory(visit=VisitFactory(company=company), area=area) for _ in range(3)]
    other = NeedFactory(area=CompetenceAreaFactory(name="Lager"))
    blank = np.zeros(384, dtype="<f4").tobytes()
    for need in [*needs, other]:
        NeedVector.objects.create(need=need, vector=blank, text_hash="x", matched_at=timezone.now())
    url = (
        reverse("collaboration:initiative_create")
        + f"?area={area.pk}&subregion=skaraborg&horizon=now"
    )
    client = client_for(coordinator)
    page = client.get(url)
    key = f"{area.pk}:skaraborg:now"
    assert page.context["form"].initial["need_groups"] == [key]
    assert "Truckkörning" in page.text
    client.post(
        url,
        {
            "title": "Truckförarlyft",
            "kind": InitiativeKind.RECRUITMENT,
            "status": InitiativeStatus.IDEA,
            "owner": world.federation_actor.pk,
            "origin": Origin.NEEDS,
            "need_groups": [key],
        },
    )
    initiative = Initiative.objects.get(title="Truckförarlyft")
    assert set(initiative.needs.all()) == set(needs)
    detail = client.get(initiative.get_absolute_url()).text
    assert detail.count("Fortfarande ouppfyllt") == 3


def test_an_initiative_that_makes_no_sense_is_refused_with_what_was_typed_kept(
    world, client_for, coordinator
):
    response = client_for(coordinator).post(
        reverse("collaboration:initiative_create"),
        {
            "title": "Baklänges",
            "kind": InitiativeKind.COURSE,
            "status": InitiativeStatus.DONE,
            "owner": world.federation_actor.pk,
            "origin": Origin.PRIORITY,
            "start": f"{YEAR}-05-01",
            "end": f"{YEAR}-04-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"end", "priority"}
    assert 'value="Baklänges"' in response.text
    assert not Initiative.objects.exists()


def test_linking_what_an_initiative_produced(world, client_for, coordinator):
    initiative = initiative_for(world.federation_actor)
    course = CourseFactory(title_sv="CNC-fräsning grund")
    hidden = CourseFactory(title_sv="CNC-utkast annan", status="draft")
    project = ProjectFactory(name="Kompetenslyft Skaraborg")
    event = Event.objects.create(kind="workshop", date=date(YEAR, 3, 1), title="CNC-verkstad")
    client = client_for(user(Role.ORG_ADMIN, world.federation))
    links = reverse("collaboration:initiative_links", args=[initiative.pk])
    found = client.get(links, {"kind": "course", "q": "CNC"}).text
    assert "CNC-fräsning grund" in found
    assert "CNC-utkast annan" not in found  # another organisation's draft: not readable
    for kind, target in (("course", course), ("project", project), ("event", event)):
        response = client.post(f"{links}?kind={kind}", {"kind": kind, "target": target.pk})
        assert response.status_code == 302
    refused = client.post(links, {"kind": "course", "target": hidden.pk}, follow=True)
    assert "inte längre" in refused.text
    assert list(initiative.courses.all()) == [course]
    assert list(initiative.projects.all()) == [project]
    assert list(initiative.events.all()) == [event]
    detail = client.get(initiative.get_absolute_url()).text
    assert "Kompetenslyft Skaraborg" in detail and "CNC-verkstad" in detail
    client.post(
        reverse("collaboration:initiative_unlink", args=[initiative.pk]),
        {"kind": "project", "target": project.pk},
    )
    assert not initiative.projects.exists()
    assert coordinator  # the coordinators manage it too (the permission matrix)


def test_the_initiative_list_filters_and_counts_in_a_fixed_number_of_queries(
    world, client_for, coordinator, django_assert_max_num_queries
):
    for n in range(30):
        initiative = initiative_for(
            world.federation_actor,
            title=f"Insats {n:02}",
            status=InitiativeStatus.RUNNING if n % 2 else InitiativeStatus.IDEA,
            start=date(YEAR, 1, 1) + timedelta(days=n),
        )
        initiative.actors.add(world.company_actor)
        initiative.courses.add(CourseFactory())
    client = client_for(coordinator)
    url = reverse("collaboration:initiative_list")
    with django_assert_max_num_queries(14):
        page = client.get(url, {"status": "running", "sort": "title"})
    assert page.context["page_obj"].paginator.count == 15
    titles = [i.title for i, _f in page.context["rows"]]
    assert titles == sorted(titles)
    assert client.get(url, {"year": "not a year", "sort": "x", "status": "?"}).status_code == 200
    assert "Inga insatser matchar" in client.get(url, {"q": "finns inte"}).text


def test_the_years_report_is_a_page_and_a_pdf_with_the_same_content(
    world, client_for, coordinator, django_assert_max_num_queries
):
    for rank in range(1, 6):
        priority = Priority.objects.create(year=YEAR, rank=rank, title=f"Prioritering {rank}")
        for n in range(3):
            initiative_for(
                world.federation_actor, title=f"Insats {rank}.{n}", priority=priority
            ).courses.add(CourseFactory())
    initiative_for(world.federation_actor, title="Fristående insats", start=date(YEAR, 2, 1))
    client = client_for(coordinator)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("collaboration:cycle"), {"year": YEAR})
    assert "Prioritering 5" in page.text and "Fristående insats" in page.text
    pdf = client.get(reverse("collaboration:cycle_pdf"), {"year": YEAR})
    assert pdf["Content-Type"] == "application/pdf"
    assert f"strategisk-arscykel-{YEAR}.pdf" in pdf["Content-Disposition"]
    text = pdf_text(pdf.content)
    assert f"Strategisk årscykel {YEAR}" in text
    assert "Prioritering 1" in text and "Insats 5.2" in text and "Fristående insats" in text


# --- on other apps' pages -----------------------------------------------------------------------


def test_the_annual_report_page_shows_the_years_priorities_and_initiatives(
    world, client_for, coordinator
):
    priority = Priority.objects.create(year=2025, rank=1, title="Förare i Skaraborg")
    initiative_for(world.federation_actor, title="Förarsatsning", priority=priority)
    page = client_for(coordinator).get(reverse("reports:annual"), {"year": 2025}).text
    assert "Strategisk årscykel 2025" in page
    assert "Förare i Skaraborg" in page and "Förarsatsning" in page
    # a year without priorities or initiatives adds nothing
    assert "Strategisk årscykel" not in (
        client_for(coordinator).get(reverse("reports:annual"), {"year": 2019}).text
    )


def test_the_unmet_needs_page_leads_to_a_new_initiative_for_those_who_may_start_one(
    world, client_for
):
    url = reverse("analysis:unmet_needs")
    start = reverse("collaboration:initiative_create")
    admin = client_for(user(Role.ORG_ADMIN, world.federation))
    assert start in admin.get(url).text
    provider = client_for(user(Role.COURSE_PROVIDER, world.school))
    page = provider.get(url)
    assert page.status_code == 200 and start not in page.text


def test_a_meeting_page_starts_an_initiative_from_a_decision(world, client_for, coordinator):
    initiative_for(world.federation_actor, title="Redan startad", decision=world.decision)
    page = (
        client_for(coordinator)
        .get(reverse("collaboration:meeting_detail", args=[world.meeting.pk]))
        .text
    )
    assert f"?decision={world.decision.pk}" in page
    assert "Redan startad" in page


def test_the_annual_reports_pdf_has_the_years_cycle_unless_it_is_restricted(world):
    from django.utils.translation import override

    from kompetensnav.reports import exporters
    from kompetensnav.reports.annual import annual_report

    priority = Priority.objects.create(year=2025, rank=1, title="Förare i Skaraborg")
    initiative_for(world.federation_actor, title="Förarsatsning", priority=priority)
    with override("sv"):
        text = " ".join(pdf_text(exporters.annual_pdf(annual_report(2025))).split())
        project = ProjectFactory(name="Ett projekt")
        restricted = " ".join(
            pdf_text(exporters.annual_pdf(annual_report(2025, project=project))).split()
        )
    assert "Strategisk årscykel 2025" in text
    assert "Förare i Skaraborg" in text and "Förarsatsning" in text
    assert "Strategisk årscykel" not in restricted
