"""Company pages: list with search, filters, sorting and pagination; detail with history;
create/edit with org. number normalisation and duplicates; search as you type."""

import pytest
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("companies:company_list")


def _names(response) -> list[str]:
    return [c.name for c in response.context["object_list"]]


@pytest.fixture
def companies(db):
    return {
        "mobel": CompanyFactory(
            name="Vänerns Möbelsnickeri AB",
            org_number="556036-0793",
            municipality_id="1494",
            sni_id="31",
            employees=35,
        ),
        "hotell": CompanyFactory(
            name="Hotell Kustbris AB", municipality_id="1427", sni_id="55", employees=8
        ),
        "svets": CompanyFactory(
            name="Borås Svets AB", municipality_id="1490", sni_id="C", employees=300
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "möbel"}, ["Vänerns Möbelsnickeri AB"]),
        ({"q": "556036"}, ["Vänerns Möbelsnickeri AB"]),
        ({"q": "5560360793"}, ["Vänerns Möbelsnickeri AB"]),
        ({"subregion": "fyrbodal"}, ["Hotell Kustbris AB"]),
        ({"municipality": "1490"}, ["Borås Svets AB"]),
        ({"sni": "C"}, ["Borås Svets AB", "Vänerns Möbelsnickeri AB"]),  # section and division
        ({"size": "1-9"}, ["Hotell Kustbris AB"]),
        (
            {"sort": "-employees"},
            ["Borås Svets AB", "Vänerns Möbelsnickeri AB", "Hotell Kustbris AB"],
        ),
    ],
)
def test_company_list_filters_and_sorts(companies, client_for, broker, params, expected):
    response = client_for(broker).get(LIST, params)
    assert _names(response) == expected


def test_company_list_paginates_in_few_queries(client_for, broker, django_assert_max_num_queries):
    for n in range(30):
        CompanyFactory(name=f"Företag {n:02d} AB", sni_id="31")
    client = client_for(broker)
    client.get(LIST)  # warm up the session and the user
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"page": 2})
    assert len(response.context["object_list"]) == 5
    assert "Sida 2 av 2" in response.content.decode()


def test_company_list_htmx_returns_the_partial(companies, client_for, broker):
    response = client_for(broker).get(LIST, {"q": "hotell"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Hotell Kustbris AB" in html


def test_company_search_as_you_type_lists_matches(companies, client_for, broker):
    url = reverse("companies:company_search")
    response = client_for(broker).get(url, {"q": "snick"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Vänerns Möbelsnickeri AB" in html and "Hotell" not in html
    assert 'role="status"' in html
    picked = client_for(broker).get(url, {"company_query": "snick", "pick": "company"})
    assert 'type="radio" name="company"' in picked.content.decode()


def test_company_create_normalises_the_12_digit_form(client_for, broker):
    response = client_for(broker).post(
        reverse("companies:company_create"),
        {"name": "Nya Möbler AB", "org_number": "165560360793", "country": "SE", "employees": 4},
    )
    company = Company.objects.get(name="Nya Möbler AB")
    assert response.status_code == 302 and company.org_number == "556036-0793"


def test_company_create_duplicate_links_to_the_existing(companies, client_for, broker):
    response = client_for(broker).post(
        reverse("companies:company_create"),
        {"name": "Kopia AB", "org_number": "5560360793", "country": "SE"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("companies:company_detail", args=[companies["mobel"].pk]) in html
    assert 'value="Kopia AB"' in html  # what was typed is kept
    assert not Company.objects.filter(name="Kopia AB").exists()


def test_company_create_wrong_check_digit_says_so(client_for, broker):
    response = client_for(broker).post(
        reverse("companies:company_create"),
        {"name": "Fel AB", "org_number": "556036-0794", "country": "SE"},
    )
    assert "kontrollsiffra" in response.content.decode()


def test_company_create_swedish_needs_org_number_foreign_does_not(client_for, broker):
    url = reverse("companies:company_create")
    response = client_for(broker).post(url, {"name": "Utan AB", "country": "SE"})
    assert response.status_code == 200 and not Company.objects.filter(name="Utan AB").exists()
    response = client_for(broker).post(url, {"name": "Fjord AS", "country": "NO"})
    assert response.status_code == 302
    assert Company.objects.get(name="Fjord AS").org_number == ""


def test_company_edit_forbidden_for_viewer(companies, make_user, own_org, client_for):
    viewer = make_user(Role.VIEWER, own_org)
    url = reverse("companies:company_edit", args=[companies["mobel"].pk])
    assert client_for(viewer).post(url, {"name": "X", "country": "SE"}).status_code == 403


def test_company_detail_renders_the_sections_of_the_apps_above(
    companies, client_for, broker, make_user, own_org
):
    """Visits, needs and employees on courses are panels of the apps above (their own tests
    check the content); the page renders what is registered for its two slots."""
    url = reverse("companies:company_detail", args=[companies["mobel"].pk])
    html = client_for(broker).get(url).content.decode()
    for section in ('id="visits"', 'id="needs"', 'id="course-participants"'):
        assert html.index('id="facts"') < html.index(section)
    log_visit = f'href="{reverse("visits:visit_create")}?company={companies["mobel"].pk}"'
    assert log_visit in html
    viewer = make_user(Role.VIEWER, own_org)
    assert log_visit not in client_for(viewer).get(url).content.decode()


def test_company_search_counts_every_match_ranks_the_best_first_and_leads_to_all(
    client_for, broker
):
    """Nineteen matches: the eight best are listed (the name itself, then names that begin
    with the query, then the rest), the count says nineteen, and a link shows them all."""
    for n in range(16):
        CompanyFactory(name=f"Bygg och Snickeri {n:02d} AB")
    CompanyFactory(name="Snickeri Nord AB")
    CompanyFactory(name="snickeri")
    CompanyFactory(name="Östra Snickeriet AB")
    url = reverse("companies:company_search")
    response = client_for(broker).get(url, {"q": "Snickeri"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    names = [c.name for c in response.context["results"]]
    assert len(names) == 8 and names[:2] == ["snickeri", "Snickeri Nord AB"]
    assert "19 företag hittades" in html and "de 8 bästa visas" in html
    all_link = f"{reverse('companies:company_list')}?q=Snickeri"
    assert f'href="{all_link}"' in html and "Visa alla 19 företag" in html
    # the list behind the link: every match, best first, paginated
    listed = client_for(broker).get(reverse("companies:company_list"), {"q": "Snickeri"})
    assert listed.context["page_obj"].paginator.count == 19
    assert [c.name for c in listed.context["object_list"]][:2] == names[:2]
    # in a form that picks a company: no link away, a hint to narrow the search
    picked = client_for(broker).get(url, {"company_query": "Snickeri", "pick": "company"})
    assert "Skriv mer av namnet" in picked.content.decode()


def test_company_search_by_the_beginning_of_an_org_number_ranks_it_first(client_for, broker):
    wanted = CompanyFactory(name="Zeta Verkstad AB", org_number="556036-0793")
    CompanyFactory(name="Alfa 556036 Holding AB", org_number="559000-0005")
    response = client_for(broker).get(
        reverse("companies:company_search"), {"q": "556036"}, headers={"HX-Request": "true"}
    )
    assert response.context["results"][0] == wanted
