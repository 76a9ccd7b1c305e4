"""Visit pages through the test client: the visit form with and without JavaScript, access
to another organisation's visits (404), follow-ups, the visit plan and query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import Company
from kompetensnav.visits.models import PlanItem, Visit
from kompetensnav.visits.tests.factories import NeedFactory, PlanItemFactory, VisitFactory
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
NEW = reverse("visits:visit_create")


def _form(**overrides) -> dict:
    data = {
        "date": "2026-05-04",
        "needs-TOTAL_FORMS": "1",
        "needs-INITIAL_FORMS": "0",
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "30",
        "needs-0-area": "",
        "follow_up": "",
        # the shared visit questionnaire's required questions
        "q-industry_situation": "stable",
        "q-recruitment_difficulties": "no",
    }
    data.update(overrides)
    return data


def test_visit_form_saves_a_visit_with_needs_and_follow_up(client_for, broker, own_org):
    company = CompanyFactory(name="Vänerns Möbelsnickeri AB")
    data = _form(
        company=company.pk,
        advice="Tipsade om Svenska för yrkeslivet",
        follow_up="3w",
        save="1",
        **{
            "needs-TOTAL_FORMS": "2",
            "needs-0-area": "CNC-operatörer",
            "needs-0-horizon": "1-3y",
            "needs-0-employees_affected": "2",
            "needs-0-gap_area": "utbildning",
            "needs-1-area": "Svenska för yrkeslivet",
            "needs-1-horizon": "now",
            "needs-1-seqf_level": "2",
        },
    )
    response = client_for(broker).post(NEW, data)
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:visit_detail", args=[visit.pk]) + "?saved=1"
    assert visit.organisation == own_org and list(visit.visited_by.all()) == [broker]
    assert visit.follow_up_date == timezone.localdate() + timedelta(weeks=3)
    assert visit.needs.count() == 2


def test_visit_form_add_need_without_javascript_keeps_what_was_typed(client_for, broker):
    company = CompanyFactory()
    data = _form(company=company.pk, notes="Bra möte", add_need="1", **{"needs-0-area": "CNC"})
    response = client_for(broker).post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 200 and not Visit.objects.exists()
    assert 'name="needs-1-area"' in html and 'value="CNC"' in html and "Bra möte" in html
    assert 'name="needs-TOTAL_FORMS" value="2"' in html


def test_visit_form_search_without_javascript_lists_matches(client_for, broker):
    CompanyFactory(name="Vänerns Möbelsnickeri AB")
    CompanyFactory(name="Hotell Kustbris AB")
    response = client_for(broker).post(
        NEW, _form(company_query="möbel", search_company="1", advice="Råd")
    )
    html = response.content.decode()
    assert "Vänerns Möbelsnickeri AB" in html and "Hotell Kustbris" not in html
    assert 'type="radio" name="company"' in html and "Råd" in html


def test_visit_form_creates_a_new_company_inline(client_for, broker):
    data = _form(
        new_name="Nya Snickeriet AB",
        new_org_number="5560360793",
        new_municipality="1494",
        save="1",
        **{"needs-0-area": "Truckkort"},
    )
    assert client_for(broker).post(NEW, data).status_code == 302
    company = Company.objects.get(name="Nya Snickeriet AB")
    assert company.org_number == "556036-0793" and company.visits.count() == 1


def test_visit_the_service_refuses_leaves_no_new_company_behind(client_for, broker):
    """The new company is made in the visit's transaction: a visit that the service refuses
    after the form accepted it (a need named by dashes only names no competence area) leaves
    no company behind, and the form shows why with what was typed."""
    data = _form(
        new_name="Kortlivade AB",
        new_org_number="5560360793",
        save="1",
        **{"needs-0-area": "---"},
    )
    response = client_for(broker).post(NEW, data)
    assert response.status_code == 200 and not Visit.objects.exists()
    assert not Company.objects.filter(org_number="556036-0793").exists()
    content = response.content.decode()
    assert "Ge kompetensområdet ett namn." in content and "Kortlivade AB" in content


def test_visit_form_without_company_says_what_to_do(client_for, broker):
    response = client_for(broker).post(NEW, _form(save="1"))
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "Sök fram företaget" in response.content.decode()


def test_visit_form_need_row_needs_an_area(client_for, broker):
    company = CompanyFactory()
    data = _form(company=company.pk, save="1", **{"needs-0-description": "Något"})
    response = client_for(broker).post(NEW, data)
    assert response.status_code == 200 and not Visit.objects.exists()


def test_visit_of_another_organisation_answers_404(client_for, broker, foreign_org):
    visit = VisitFactory(organisation=foreign_org, notes="Deras anteckning")
    client = client_for(broker)
    for name in ("visits:visit_detail", "visits:visit_edit"):
        assert client.get(reverse(name, args=[visit.pk])).status_code == 404
    assert client.post(reverse("visits:followup_done", args=[visit.pk])).status_code == 404
    listing = client.get(reverse("visits:visit_list")).content.decode()
    assert "Deras anteckning" not in listing and visit.company.name not in listing


def test_coordinator_reads_every_visit(client_for, coordinator, foreign_org):
    visit = VisitFactory(organisation=foreign_org, notes="Deras anteckning")
    response = client_for(coordinator).get(reverse("visits:visit_detail", args=[visit.pk]))
    assert response.status_code == 200 and "Deras anteckning" in response.content.decode()


def test_viewer_of_the_organisation_reads_but_cannot_edit(make_user, own_org, client_for):
    viewer = make_user(Role.VIEWER, own_org)
    visit = VisitFactory(organisation=own_org, notes="Vår anteckning")
    client = client_for(viewer)
    assert (
        "Vår anteckning"
        in client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    )
    assert client.get(reverse("visits:visit_edit", args=[visit.pk])).status_code == 403


def test_visit_edit_keeps_and_changes_needs(client_for, broker, own_org):
    visit = VisitFactory(organisation=own_org, visited_by=[broker])
    need = NeedFactory(visit=visit, area__name="Svetsning")
    url = reverse("visits:visit_edit", args=[visit.pk])
    page = client_for(broker).get(url).content.decode()
    assert 'value="Svetsning"' in page
    data = _form(
        company=visit.company_id,
        visited_by=[broker.pk],
        save="1",
        **{
            "needs-TOTAL_FORMS": "1",
            "needs-INITIAL_FORMS": "1",
            "needs-0-id": str(need.pk),
            "needs-0-area": "Svetsning MIG",
        },
    )
    assert client_for(broker).post(url, data).status_code == 302
    need.refresh_from_db()
    assert need.area.name == "Svetsning MIG"


def test_followups_show_overdue_due_and_later(client_for, broker, own_org, foreign_org):
    today = timezone.localdate()
    overdue = VisitFactory(
        organisation=own_org, visited_by=[broker], follow_up_date=today - timedelta(days=3)
    )
    due = VisitFactory(
        organisation=own_org, visited_by=[broker], follow_up_date=today + timedelta(days=10)
    )
    later = VisitFactory(
        organisation=own_org, visited_by=[broker], follow_up_date=today + timedelta(days=21)
    )
    VisitFactory(
        organisation=own_org,
        visited_by=[broker],
        follow_up_date=today - timedelta(days=1),
        follow_up_done=True,
    )
    VisitFactory(organisation=own_org, follow_up_date=today)  # a colleague's
    response = client_for(broker).get(reverse("visits:followups"))
    assert response.context["overdue"] == [overdue]
    assert response.context["due"] == [due]
    assert response.context["later"] == [later]


def test_followup_done_and_reschedule(client_for, broker, own_org):
    today = timezone.localdate()
    visit = VisitFactory(
        organisation=own_org, visited_by=[broker], date=today, follow_up_date=today
    )
    client = client_for(broker)
    new_date = today + timedelta(days=7)
    client.post(reverse("visits:followup_reschedule", args=[visit.pk]), {"on": new_date})
    visit.refresh_from_db()
    assert visit.follow_up_date == new_date
    client.post(reverse("visits:followup_done", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.follow_up_done


def test_plan_row_prefills_the_visit_form_and_is_marked_visited(client_for, broker, own_org):
    item = PlanItemFactory(organisation=own_org, company__name="Planerade AB")
    client = client_for(broker)
    page = client.get(NEW, {"plan": item.pk}).content.decode()
    assert "Planerade AB" in page and f'name="plan" value="{item.pk}"' in page
    response = client.post(NEW, _form(company=item.company_id, plan=item.pk, save="1"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "visited" and item.visit is not None


def test_plan_is_private_to_the_organisation(client_for, broker, own_org, foreign_org):
    PlanItemFactory(organisation=own_org, company__name="Vårt Mål AB")
    theirs = PlanItemFactory(organisation=foreign_org, company__name="Deras Mål AB")
    client = client_for(broker)
    html = client.get(reverse("visits:plan_list")).content.decode()
    assert "Vårt Mål AB" in html and "Deras Mål AB" not in html
    assert client.get(reverse("visits:plan_edit", args=[theirs.pk])).status_code == 404
    assert client.get(NEW, {"plan": theirs.pk}).status_code == 404


def test_plan_create_with_a_company(client_for, broker, own_org):
    company = CompanyFactory()
    response = client_for(broker).post(
        reverse("visits:plan_create"),
        {"company": company.pk, "status": "booked", "target_date": "2026-12-01", "save": "1"},
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.organisation, item.status, item.target_date) == (
        own_org,
        "booked",
        date(2026, 12, 1),
    )


@pytest.mark.parametrize("name", ["visits:visit_list", "visits:followups", "visits:plan_list"])
def test_lists_use_a_fixed_number_of_queries(
    name, client_for, broker, own_org, django_assert_max_num_queries
):
    today = timezone.localdate()
    for n in range(20):
        visit = VisitFactory(
            organisation=own_org,
            visited_by=[broker],
            company__name=f"Företag {n} AB",
            follow_up_date=today + timedelta(days=n - 5),
        )
        NeedFactory.create_batch(2, visit=visit)
        PlanItemFactory(organisation=own_org, company=visit.company, owner=broker)
    client = client_for(broker)
    client.get(reverse(name))
    with django_assert_max_num_queries(14):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_visit_form_enter_refreshes_instead_of_saving(client_for, broker):
    CompanyFactory(name="Vänerns Möbelsnickeri AB")
    response = client_for(broker).post(NEW, _form(company_query="vänern", refresh="1"))
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "Vänerns Möbelsnickeri AB" in response.content.decode()
    assert "errorlist" not in response.content.decode().split('id="company-step"')[0]


def test_coordinator_filters_visits_by_organisation(client_for, coordinator, own_org, foreign_org):
    VisitFactory(organisation=own_org, company__name="Egna Besöket AB")
    VisitFactory(organisation=foreign_org, company__name="Andra Besöket AB")
    client = client_for(coordinator)
    everything = client.get(reverse("visits:visit_list")).content.decode()
    assert "Egna Besöket AB" in everything and "Andra Besöket AB" in everything
    narrowed = client.get(reverse("visits:visit_list"), {"organisation": foreign_org.pk})
    assert [v.company.name for v in narrowed.context["object_list"]] == ["Andra Besöket AB"]


def test_visit_form_stores_the_shared_questionnaire(client_for, broker, own_org):
    from kompetensnav.questionnaires.selectors import current_version

    company = CompanyFactory(name="Hotell Kusten AB", sni_id="55")
    data = _form(
        company=company.pk,
        save="1",
        **{
            "q-industry_situation": "growing",
            "q-recruitment_difficulties": "yes",
            "q-recruitment_roles": "Kockar",
        },
    )
    assert client_for(broker).post(NEW, data).status_code == 302
    visit = Visit.objects.get()
    response = visit.response
    assert response.version == current_version("visit")
    assert (response.company, response.organisation) == (company, own_org)
    assert response.submitted_on == visit.date
    assert response.answer_values()["recruitment_roles"] == "Kockar"
    # editing the visit changes the same response
    edit = reverse("visits:visit_edit", args=[visit.pk])
    page = client_for(broker).get(edit).content.decode()
    assert "Kockar" in page
    data["q-recruitment_roles"] = "Kockar och servitörer"
    assert client_for(broker).post(edit, data).status_code == 302
    visit.refresh_from_db()
    assert visit.response_id == response.pk
    assert visit.response.answer_values()["recruitment_roles"] == "Kockar och servitörer"


def test_visit_form_requires_the_questionnaire_s_required_answers(client_for, broker):
    company = CompanyFactory()
    data = _form(company=company.pk, save="1")
    del data["q-industry_situation"]
    response = client_for(broker).post(NEW, data)
    assert response.status_code == 200
    assert not Visit.objects.exists()
    assert 'id="id_q-industry_situation' in response.content.decode()


def test_visit_page_shows_answers_by_their_labels(client_for, broker):
    company = CompanyFactory()
    data = _form(
        company=company.pk,
        save="1",
        **{"needs-0-area": "Svenska för yrkeslivet", "needs-0-horizon": "now"},
    )
    assert client_for(broker).post(NEW, data).status_code == 302
    visit = Visit.objects.get()
    page = client_for(broker).get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "Stabilt" in page  # the questionnaire's answer, by its label
    assert "Svenska för yrkeslivet" in page


def test_visit_can_belong_to_a_project_shown_on_the_project(client_for, broker, coordinator):
    from kompetensnav.projects.models import Project

    project = Project.objects.create(name="Kompetenslyftet", funder="esf")
    Project.objects.create(name="Avslutat", funder="esf", start="2020-01-01", end="2021-12-31")
    page = client_for(broker).get(NEW).content.decode()
    assert "Kompetenslyftet" in page and "Avslutat" not in page
    company = CompanyFactory(name="Projektföretaget AB")
    data = _form(company=company.pk, save="1", project=project.pk)
    assert client_for(broker).post(NEW, data).status_code == 302
    assert Visit.objects.get().project == project
    detail = client_for(coordinator).get(reverse("projects:project_detail", args=[project.pk]))
    assert "Projektföretaget AB" in detail.content.decode()


def test_visit_delete_asks_first_then_removes_needs_answers_and_replans(
    client_for, broker, own_org
):
    from kompetensnav.questionnaires.models import Response
    from kompetensnav.visits.models import Need

    item = PlanItemFactory(organisation=own_org, company__name="Felregistrerade AB")
    client = client_for(broker)
    client.post(NEW, _form(company=item.company_id, plan=item.pk, save="1"))
    visit = Visit.objects.get(company=item.company)
    NeedFactory(visit=visit)
    assert visit.response_id is not None
    url = reverse("visits:visit_delete", args=[visit.pk])
    detail = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert f'href="{url}"' in detail
    page = client.get(url).content.decode()
    assert "Ta bort besöket hos Felregistrerade AB?" in page
    assert "1 behov" in page and "enkätsvar" in page
    assert Visit.objects.filter(pk=visit.pk).exists()  # asking deletes nothing
    response = client.post(url, {"delete": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("visits:visit_list")
    assert "har tagits bort" in response.content.decode()
    assert not Visit.objects.filter(pk=visit.pk).exists()
    assert not Need.objects.filter(visit_id=visit.pk).exists()
    assert not Response.objects.filter(pk=visit.response_id).exists()
    item.refresh_from_db()
    assert item.status == "planned" and item.visit is None


def test_visit_delete_by_another_organisation_answers_404_and_keeps_it(
    client_for, make_user, foreign_org, own_org
):
    visit = VisitFactory(organisation=own_org)
    other = make_user(Role.BROKER.value, foreign_org)
    url = reverse("visits:visit_delete", args=[visit.pk])
    assert client_for(other).post(url, {"delete": "1"}).status_code == 404
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_viewer_cannot_delete_a_visit(make_user, own_org, client_for):
    visit = VisitFactory(organisation=own_org)
    viewer = make_user(Role.VIEWER.value, own_org)
    url = reverse("visits:visit_delete", args=[visit.pk])
    assert client_for(viewer).post(url, {"delete": "1"}).status_code == 403
    assert Visit.objects.filter(pk=visit.pk).exists()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["cirkel AB", "Bygg AB", "Alfa AB"]),
        ("date", ["Alfa AB", "Bygg AB", "cirkel AB"]),
        ("company", ["Alfa AB", "Bygg AB", "cirkel AB"]),
        ("-needs", ["Bygg AB", "Alfa AB", "cirkel AB"]),
        ("follow_up", ["cirkel AB", "Alfa AB", "Bygg AB"]),
        ("nonsense", ["cirkel AB", "Bygg AB", "Alfa AB"]),
    ],
)
def test_visit_list_sorts(client_for, broker, own_org, sort, expected):
    today = timezone.localdate()
    alfa = VisitFactory(
        organisation=own_org,
        company__name="Alfa AB",
        date=today - timedelta(days=30),
        follow_up_date=today + timedelta(days=9),
    )
    bygg = VisitFactory(
        organisation=own_org, company__name="Bygg AB", date=today - timedelta(days=20)
    )
    VisitFactory(
        organisation=own_org,
        company__name="cirkel AB",  # sorted regardless of case
        date=today - timedelta(days=10),
        follow_up_date=today + timedelta(days=2),
    )
    NeedFactory(visit=alfa)
    NeedFactory.create_batch(2, visit=bygg)
    page = client_for(broker).get(reverse("visits:visit_list"), {"sort": sort})
    assert page.status_code == 200
    html = page.content.decode()
    assert sorted(expected, key=html.index) == expected
    assert 'name="sort"' in html
