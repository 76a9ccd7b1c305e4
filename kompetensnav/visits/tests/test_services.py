"""Writes of visits: logging with needs, competence areas, follow-ups, the visit plan."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import Company
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.visits import services
from kompetensnav.visits.models import Need
from kompetensnav.visits.services import NeedData, NewCompany
from kompetensnav.visits.tests.factories import PlanItemFactory, VisitFactory
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_visit_log_belongs_to_the_actors_organisation(broker, own_org):
    company = CompanyFactory()
    visit = services.visit_log(
        actor=broker,
        company=company,
        date=date(2026, 5, 4),
        needs=[
            NeedData(area="CNC-operatörer", horizon="1-3y", employees_affected=2),
            NeedData(area="Svenska för yrkeslivet", horizon="now", seqf_level=2),
        ],
    )
    assert visit.organisation == own_org and list(visit.visited_by.all()) == [broker]
    assert sorted(visit.needs.values_list("area__name", "horizon", "seqf_level")) == [
        ("CNC-operatörer", "1-3y", None),
        ("Svenska för yrkeslivet", "now", 2),
    ]


def test_visit_log_makes_a_new_company_with_the_visit(broker, own_org):
    visit = services.visit_log(
        actor=broker,
        company=NewCompany(name="Nya Snickeriet AB", org_number="5560360793"),
        date=date(2026, 5, 4),
    )
    assert visit.company.name == "Nya Snickeriet AB"
    assert visit.company.org_number == "556036-0793"


def test_visit_log_that_fails_makes_no_company(broker, own_org):
    with pytest.raises(ValidationError):
        services.visit_log(
            actor=broker,
            company=NewCompany(name="Kortlivade AB", org_number="5560360793"),
            date=date(2026, 5, 4),
            needs=[NeedData(area="---")],
        )
    assert not Company.objects.exists()


def test_visit_update_to_a_new_company_that_fails_makes_no_company(broker, own_org):
    visit = services.visit_log(actor=broker, company=CompanyFactory(), date=date(2026, 5, 4))
    before = Company.objects.count()
    with pytest.raises(ValidationError):
        services.visit_update(
            actor=broker,
            visit=visit,
            company=NewCompany(name="Kortlivade AB", org_number="5560360793"),
            date=date(2026, 5, 4),
            visited_by=[broker],
            needs=[NeedData(area="---")],
        )
    assert Company.objects.count() == before


def test_visit_log_not_allowed_for_a_viewer(make_user, own_org):
    viewer = make_user(Role.VIEWER, own_org)
    with pytest.raises(PermissionDenied):
        services.visit_log(actor=viewer, company=CompanyFactory(), date=date(2026, 5, 4))


def test_competence_areas_are_case_insensitive_and_trimmed():
    first = services.competence_area_for("Truckkort")
    assert services.competence_area_for("  truckKORT ") == first
    assert CompetenceArea.objects.count() == 1
    with pytest.raises(ValidationError):
        services.competence_area_for("  ")


def test_visit_update_syncs_needs(broker, own_org):
    visit = services.visit_log(
        actor=broker,
        company=CompanyFactory(),
        date=date(2026, 5, 4),
        needs=[NeedData(area="Svetsning"), NeedData(area="Ledarskap")],
    )
    keep = visit.needs.get(area__name="Svetsning")
    services.visit_update(
        actor=broker,
        visit=visit,
        company=visit.company,
        date=visit.date,
        visited_by=[broker],
        needs=[NeedData(pk=keep.pk, area="Svetsning", horizon="now"), NeedData(area="Truckkort")],
    )
    assert sorted(Need.objects.values_list("area__name", flat=True)) == ["Svetsning", "Truckkort"]
    keep.refresh_from_db()
    assert keep.horizon == "now"


def test_visit_of_another_organisation_cannot_be_edited(broker, foreign_org):
    visit = VisitFactory(organisation=foreign_org)
    with pytest.raises(PermissionDenied):
        services.followup_done(actor=broker, visit=visit)


def test_follow_up_before_the_visit_is_rejected(broker, own_org):
    visit = VisitFactory(organisation=own_org, date=date(2026, 5, 4))
    with pytest.raises(ValidationError):
        services.followup_reschedule(actor=broker, visit=visit, on=date(2026, 5, 1))


def test_logging_from_the_plan_marks_it_visited(broker, own_org):
    item = PlanItemFactory(organisation=own_org)
    visit = services.visit_log(
        actor=broker, company=item.company, date=date(2026, 5, 4), plan_item=item
    )
    item.refresh_from_db()
    assert (item.status, item.visit) == ("visited", visit)


def test_plan_of_another_organisation_cannot_be_changed(broker, foreign_org):
    item = PlanItemFactory(organisation=foreign_org)
    with pytest.raises(PermissionDenied):
        services.plan_item_save(actor=broker, item=item, company=item.company)


def test_a_visit_in_the_future_is_refused_it_belongs_in_the_plan(broker, own_org, tmp_path):
    """A visit dated 2031 was accepted and counted in the year's figures."""
    from datetime import timedelta

    from django.core.management import CommandError, call_command
    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.visit_log(actor=broker, company=CompanyFactory(), date=tomorrow)
    assert "plan" in refused.value.message_dict["date"][0]
    visit = services.visit_log(actor=broker, company=CompanyFactory(), date=timezone.localdate())
    with pytest.raises(ValidationError):
        services.visit_update(
            actor=broker, visit=visit, company=visit.company, date=tomorrow, visited_by=[broker]
        )
    # a follow-up can still be moved on a visit that took place
    services.followup_reschedule(actor=broker, visit=visit, on=tomorrow)
    # the import refuses the row, by row and column
    own_org.external_id = "o1"
    own_org.save()
    CompanyFactory(external_id="c1")
    path = tmp_path / "visits.csv"
    path.write_text(f"id,date,company,organisation\nv1,{tomorrow.isoformat()},c1,o1\n")
    with pytest.raises(CommandError):
        call_command("import", "visits", str(path))
    assert not Company.objects.get(external_id="c1").visits.exists()
