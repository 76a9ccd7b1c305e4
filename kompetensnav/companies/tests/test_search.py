"""Company search: every match, ranked (the name itself, prefix, a word's beginning, inside
the name, then near matches: a typo still finds the company), the same on SQLite (the
measure in Python) and PostgreSQL (pg_trgm)."""

import pytest
from django.urls import reverse

from kompetensnav.common.similarity import word_similarity
from kompetensnav.companies.selectors import company_list, company_search
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies():
    names = [
        "Vänerns Möbelsnickeri AB",
        "Hotell Kustbris AB",
        "Kustbris Fastigheter AB",
        "Svetsarna i Lidköping AB",
        "Skaraborgs Svets AB",
        "Bergsvetsen AB",
        "Svets",
        "Bageri Lund AB",
    ]
    return {name: CompanyFactory(name=name) for name in names}


def _names(query: str) -> list[str]:
    return [c.name for c in company_search(query=query)]


def test_a_typo_still_finds_the_company(companies):
    assert _names("möbelsnikeri") == ["Vänerns Möbelsnickeri AB"]
    assert set(_names("kustbirs")) == {"Hotell Kustbris AB", "Kustbris Fastigheter AB"}
    assert _names("vänrens möbel") == ["Vänerns Möbelsnickeri AB"]


def test_matches_are_ranked_exact_prefix_word_inside_then_near(companies):
    assert _names("svets") == [
        "Svets",  # the name itself
        "Svetsarna i Lidköping AB",  # begins with it
        "Skaraborgs Svets AB",  # a word begins with it
        "Bergsvetsen AB",  # inside a word
    ]


def test_short_queries_and_org_numbers_are_not_fuzzy(companies):
    assert _names("xq") == []
    wanted = CompanyFactory(name="Zeta Verkstad AB", org_number="556036-0793")
    assert _names("556036") == [wanted.name]


def test_the_company_list_pages_through_fuzzy_matches_too(companies, client_for, broker):
    qs = company_list(actor=broker, search="kustbirs")
    assert qs.count() == 2
    page = client_for(broker).get(reverse("companies:company_list"), {"q": "Möbelsnikeri"})
    assert [c.name for c in page.context["object_list"]] == ["Vänerns Möbelsnickeri AB"]


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        # pg_trgm's own examples and values read from PostgreSQL 15
        ("word", "two words", 0.8),
        ("möbelsnikeri", "Vänerns Möbelsnickeri AB", 0.6875),
        ("kustbirs", "Hotell Kustbris AB", 0.5555556),
        ("hotel", "Hotell Kustbris AB", 0.8333333),
        ("", "x", 0.0),
    ],
)
def test_the_python_measure_is_pg_trgms(query, name, expected):
    assert word_similarity(query, name) == pytest.approx(expected, abs=1e-6)


def test_on_postgresql_both_halves_of_a_search_can_use_a_trigram_index():
    """The near-match condition is the `<%` operator and the name's trigram indexes exist:
    the plan that reads 100,000 names in milliseconds (docs/performance.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's catalogue")
    assert "<%" in str(company_search(query="möbelsnikeri").query)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'companies_company'"
        )
        definitions = dict(cursor.fetchall())
    assert "gin_trgm_ops" in definitions["company_name_trgm"]
    assert "upper" in definitions["company_name_upper_trgm"].lower()
    cursor = connection.cursor()
    cursor.execute("SHOW pg_trgm.word_similarity_threshold")
    assert cursor.fetchone()[0] == "0.5"
