"""The demo network looks alive, checked on one demo: `manage.py seed_demo` runs once for this
module (inside a transaction rolled back at its end) and each test reads it in a savepoint of
its own. Seeding is the slowest thing a test can do, so every check of the seeded demo lives
here, and it runs once per `make test`: in the SQLite half, the database of `make run` (the
marker `demo`; the PostgreSQL half leaves it out).
"""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from kompetensnav.campus import selectors as campus_selectors
from kompetensnav.campus.models import Course, CourseLogEntry, CourseReview, Session, SessionSite
from kompetensnav.common.demodata import DEMO_PASSWORD
from kompetensnav.figures.registry import Period
from kompetensnav.network import selectors as network_selectors
from kompetensnav.network.models import (
    Collaboration,
    Contact,
    Event,
    Membership,
    Organisation,
)
from kompetensnav.participants import figures as participant_figures
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Participant, Registration
from kompetensnav.projects.cofinancing import cofinancing
from kompetensnav.projects.models import Project
from kompetensnav.projects.selectors import utilisation
from kompetensnav.questionnaires.enums import Channel
from kompetensnav.questionnaires.models import Invitation, Questionnaire, Response

pytestmark = [pytest.mark.django_db, pytest.mark.demo, pytest.mark.slow]

WEST_SWEDEN = {"fyrbodal", "skaraborg", "sjuharad", "goteborgsregionen", "halland"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The seeded demo, once for the module; rolled back after its last test."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


# common: the command


def test_seed_demo_builds_the_network_and_demo_logins(demo, client):
    members = Organisation.objects.exclude(kind="network").filter(country="SE")
    assert members.count() >= 40
    assert all(
        o.municipality.subregion_id in WEST_SWEDEN for o in members.select_related("municipality")
    )
    partners = Organisation.objects.exclude(country="SE")
    assert sorted(partners.values_list("country", flat=True)) == ["DK", "NO"]
    for o in members:
        o.full_clean()  # valid organisation numbers
    expected = {
        "samordnare": Role.COORDINATOR,
        "maklare": Role.BROKER,
        "anordnare": Role.COURSE_PROVIDER,
        "styrelse": Role.BOARD,
    }
    for login, role in expected.items():
        user = User.objects.get(email=f"{login}@demo.kompetensnav.se")
        assert user.check_password(DEMO_PASSWORD)
        assert Affiliation.objects.filter(user=user, role=role).exists()
    assert client.login(username="samordnare@demo.kompetensnav.se", password=DEMO_PASSWORD)


def test_seed_demo_if_empty_leaves_existing_data(demo, settings):
    settings.DEBUG = True
    count = Organisation.objects.count()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert Organisation.objects.count() == count
    with pytest.raises(CommandError, match="already has organisations"):  # network's present()
        call_command("seed_demo")


# network: The network's demo data looks alive: memberships over several years, contacts (some stale), profiles, events and collaborations.


def test_demo_fills_the_network(demo):
    assert set(Membership.objects.values_list("year", flat=True)) == set(range(2022, 2027))
    assert Membership.objects.filter(fee_paid=False).exists()
    assert Membership.objects.filter(municipalities__isnull=False).exists()
    assert 100 <= Contact.objects.count() <= 160
    assert Contact.objects.values("organisation").distinct().count() == 38
    assert all(c.email.endswith("@demo.kompetensnav.se") for c in Contact.objects.all())
    stale = [c for c in Contact.objects.all() if c.is_stale]
    assert 5 <= len(stale) < Contact.objects.count() / 2
    for year in range(2022, 2027):
        assert 15 <= Event.objects.filter(date__year=year).count() <= 25
        assert Collaboration.objects.filter(established__year=year).count() >= 2
    assert Event.objects.filter(transnational=True).exists()
    # journey 9: partners in Skaraborg with live-stream rooms
    found = network_selectors.organisation_list(
        actor=None, subregion="skaraborg", delivery_format="live_stream"
    )
    assert found.count() >= 5
    assert all(o.digital_systems.filter(category="video").exists() for o in found)


# campus: The campus demo: a year and more of courses around today, the workflow spread, upcoming published courses with receiving sites, and work waiting for the demo logins.


def test_demo_fills_the_catalogue(demo):
    statuses = dict.fromkeys(["draft", "submitted", "approved", "published", "archived"], 0)
    for status in Course.objects.values_list("status", flat=True):
        statuses[status] += 1
    assert all(statuses.values()), statuses
    assert statuses["published"] > sum(statuses.values()) / 2
    assert statuses["submitted"] >= 4
    per_provider = Course.objects.values("provider").distinct().count()
    assert per_provider >= 40
    assert Course.objects.filter(pilot=True).exists()
    assert CourseReview.objects.filter(decision="sent_back").exists()
    now = timezone.now()
    upcoming = campus_selectors.catalogue()
    assert sum(1 for c in upcoming if c.next_session and c.next_session > now) >= 20
    sites_per_session = [
        s.sites.count() for s in Session.objects.filter(course__format="live_stream")[:50]
    ]
    assert min(sites_per_session) >= 2 and max(sites_per_session) <= 4
    assert SessionSite.objects.filter(capacity__lt=8).count() == 0
    # journey 3/4: Uddevalla's published course, sent to Borås and Falköping and remotely
    kampanj = Course.objects.get(
        title_sv="Kampanjer på sociala medier", provider__name="Vuxenutbildningen Uddevalla"
    )
    assert kampanj.status == "published" and kampanj.sessions.count() == 3
    first = kampanj.sessions.first()
    assert first.start > now and first.remote_capacity > 0
    assert {s.organisation.name for s in first.sites.all()} == {
        "Vuxenutbildningen Borås",
        "Vuxenutbildningen Falköping",
    }
    # the demo provider has a draft of its own
    assert Course.objects.filter(
        provider__name="Vuxenutbildningen Uddevalla", status="draft"
    ).exists()
    # every course's history starts with its creation, weeks before now for published ones
    published_log = CourseLogEntry.objects.filter(course__status="published", action="published")
    assert published_log.filter(created__lt=now - timedelta(days=7)).exists()
    assert Course.objects.exclude(log__action="created").count() == 0


# participants: The demo's participants look like the domain: hundreds of registrations, waitlists, a bit over half attending, mean hours in the teens, one person with many hours; seat counters match the registrations.


def test_demo_registrations_waitlists_and_attendance(demo):
    today = timezone.localdate()
    year = Period(today - timedelta(days=365), today)
    registered = participant_figures.participants_registered(year)
    attended = participant_figures.participants_attended(year)
    assert registered >= 300
    assert 0.5 <= attended / registered <= 0.75
    assert 10 <= participant_figures.attendance_hours_mean(year) <= 20
    assert participant_figures.attendance_hours_max(year) >= 60
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() >= 20
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).exists()
    assert Registration.objects.filter(promoted_at__isnull=False).exists()
    gender = participant_figures.participants_by_gender(year)
    assert gender["F"] and gender["M"] and gender["unknown"]
    assert all(
        "@demo.kompetensnav.se" in e for e in Participant.objects.values_list("email", flat=True)
    )
    # every site's counter equals its registered people
    for site in SessionSite.objects.select_related("session").iterator():
        expected = Registration.objects.filter(
            course_id=site.session.course_id,
            site_id=site.organisation_id,
            status=RegistrationStatus.REGISTERED,
        ).count()
        assert site.seats_taken == expected <= site.capacity
    # journey 4: one place left at Borås
    boras = SessionSite.objects.filter(
        session__course__title_sv="Kampanjer på sociala medier",
        organisation__name="Vuxenutbildningen Borås",
    )
    assert min(s.capacity - s.seats_taken for s in boras) == 1
    assert not Registration.objects.filter(Q(site__isnull=False) & Q(remote=True)).exists()


# projects: The demo shows the warnings: an ESF project heading for a co-financing shortfall and an Erasmus+ project under its utilisation target (journeys 6 and 7).


def test_demo_projects_show_the_warnings(demo, client):
    esf = Project.objects.get(external_id="demo-esf-kompetenslyftet")
    result = cofinancing(esf)
    assert result.target and result.shortfall
    erasmus = Project.objects.get(external_id="demo-erasmus-ackreditering")
    student, staff = utilisation(projects=[erasmus])[erasmus.pk]
    assert (student.places_used_pct, student.budget_used_pct) == (39, 21)
    assert student.force_majeure == 2 and student.below_target
    client.force_login(User.objects.get(email="samordnare@demo.kompetensnav.se"))
    page = client.get(reverse("projects:project_detail", args=[esf.pk]))
    assert "Varning: medfinansieringen kommer inte att räcka." in page.content.decode()
    page = client.get(reverse("projects:erasmus"))
    assert "Under målet:" in page.content.decode()


# questionnaires: The demo has answered questionnaires, so the results pages show real-looking figures.


def test_demo_answers_the_questionnaires(demo, client_for, make_user):
    visit = Questionnaire.objects.get(key="visit")
    assert visit.versions.filter(status="published").count() == 2
    assert visit.versions.get(number=1).frozen
    public = Response.objects.filter(version__questionnaire=visit, channel=Channel.PUBLIC)
    assert public.count() >= 150
    years = {d.year for d in public.values_list("submitted_on", flat=True)}
    assert len(years) >= 3
    assert public.filter(company__isnull=False).count() > public.count() / 2
    assert all(r.is_anonymous and r.submitted_at is None for r in public)
    gap = Response.objects.filter(version__questionnaire__key="gap-analysis")
    assert gap.count() == 36 and gap.filter(organisation__isnull=False).exists()
    invitations = Invitation.objects.filter(version__questionnaire__key="visit-follow-up")
    assert invitations.count() == 30
    assert invitations.filter(answered_at__isnull=False).count() == 18

    coordinator = make_user("coordinator")
    page = client_for(coordinator).get(reverse("questionnaires:results", args=[visit.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "data:image/svg+xml" in html
    assert page.context["total"] >= 150


# visits: the needs analysis tells the regions' story


def _top_areas(**filters):
    from datetime import date

    from kompetensnav.visits.selectors import NeedFilters, focus_areas, needs_breakdown

    period = NeedFilters(date_from=date(2022, 1, 1), date_to=timezone.localdate(), **filters)
    return (
        [r["label"] for r in needs_breakdown(actor=None, filters=period, by="area")],
        [r["area__name"] for r in focus_areas(actor=None, filters=period)],
    )


def test_demo_tourism_in_fyrbodal_needs_social_media_and_customer_care(demo):
    by_count, by_score = _top_areas(subregion="fyrbodal")
    assert set(by_count[:2]) == {"Sociala medier", "Kundbemötande"}
    assert set(by_score[:2]) == {"Sociala medier", "Kundbemötande"}


def test_demo_industry_in_skaraborg_needs_cnc_and_welding(demo):
    by_count, by_score = _top_areas(subregion="skaraborg", sni="C")
    assert set(by_count[:2]) == {"CNC-operatörer", "Svetsning"}
    assert set(by_score[:2]) == {"CNC-operatörer", "Svetsning"}


def test_demo_partners_abroad_answered_the_same_questionnaire(demo):
    from datetime import date

    from kompetensnav.visits.selectors import NeedFilters, country_comparison, needs_trend

    period = NeedFilters(date_from=date(2022, 1, 1), date_to=timezone.localdate())
    found = country_comparison(actor=None, filters=period, language="sv")
    assert [c["code"] for c in found["countries"]] == ["SE", "DK", "NO"]
    situation = next(q for q in found["questions"] if q["key"] == "industry_situation")
    assert all(situation["shown"])  # at least five answers in each country
    years = needs_trend(actor=None, filters=period, step="year")["rows"]
    assert len(years) >= 4 and all(row["needs"] for row in years)  # several years of needs


# visits: companies, visits over several years, the demo broker's follow-ups


def test_demo_companies_are_valid_and_unique(demo):
    from kompetensnav.companies.models import Company

    assert 140 <= Company.objects.filter(country_id="SE").count() <= 160
    assert Company.objects.filter(country_id="NO").count() == 10
    assert Company.objects.filter(country_id="DK").count() == 10
    for company in Company.objects.filter(country_id="SE"):
        company.full_clean()
    assert Company.objects.filter(name="Vänerns Möbelsnickeri AB", municipality_id="1494").exists()


def test_demo_visits_span_several_years_with_needs(demo):
    from kompetensnav.visits import selectors
    from kompetensnav.visits.forms import DashboardFilterForm
    from kompetensnav.visits.models import Need, Visit

    assert 300 <= Visit.objects.count() <= 420
    years = set(Visit.objects.dates("date", "year").values_list("date__year", flat=True))
    assert {2022, 2023, 2024, 2025, timezone.localdate().year} <= years
    assert Need.objects.count() >= Visit.objects.count()
    assert Need.objects.values("area").distinct().count() >= 15
    summary = selectors.needs_dashboard(actor=None, filters=DashboardFilterForm().filters())
    assert summary["totals"]["needs"] >= 20 and len(summary["top_areas"]) == 10


def test_demo_broker_has_due_and_overdue_follow_ups(demo):
    from kompetensnav.visits import demo as visits_demo
    from kompetensnav.visits import selectors
    from kompetensnav.visits.models import PlanItem

    broker = User.objects.get(email=visits_demo.DEMO_BROKER)
    followups = selectors.followups(actor=broker, today=timezone.localdate())
    assert len(followups["overdue"]) >= 3 and len(followups["due"]) >= 3
    plan = selectors.plan_list(actor=broker, status="open")
    assert plan.count() >= 5
    assert PlanItem.objects.values("organisation").distinct().count() >= 3
