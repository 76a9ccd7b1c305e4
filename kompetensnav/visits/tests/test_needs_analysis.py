"""The needs analysis on a hand-built data set with known answers: every breakdown, the new
filters, the trend by quarter and year with its changes, the focus score, and drill-down
from a row to the needs behind it.

The data: four companies visited in 2025 (and one visit in 2024, the period before).

| visit | company (municipality, SNI, employees, country) | date | project | needs |
| v1 | hotel (1427 Sotenäs, 55, 8, SE) | 2025-02-10 | Lyftet | Kundbemötande now 5 empl. SEQF 3; Sociala medier 1–3y 3 empl. |
| v2 | camping (1485 Uddevalla, I, 3, SE) | 2025-05-05 | – | Kundbemötande now 2 empl. |
| v3 | factory (1494 Lidköping, 31, 60, SE) | 2025-08-20 | – | CNC now 10 empl. SEQF 4; Svetsning 1–3y (not stated) |
| v4 | Danish hotel (–, 55, 20, DK) | 2025-08-21 | – | Kundbemötande 3y+ 4 empl. |
| old | hotel | 2024-11-01 | – | Sociala medier now 1 empl. |
"""

from datetime import date

import pytest
from django.urls import reverse

from kompetensnav.visits import selectors
from kompetensnav.visits.selectors import NeedFilters
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("visits:dashboard")
YEAR = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
FILTERS = NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))


@pytest.fixture
def data(own_org, foreign_org):
    hotel = CompanyFactory(name="Hotell", municipality_id="1427", sni_id="55", employees=8)
    camping = CompanyFactory(name="Camping", municipality_id="1485", sni_id="I", employees=3)
    factory = CompanyFactory(name="Fabrik", municipality_id="1494", sni_id="31", employees=60)
    danish = CompanyFactory(
        name="Hotel Danmark ApS",
        org_number="",
        municipality_id=None,
        country_id="DK",
        sni_id="55",
        employees=20,
    )
    project = ProjectFactory(name="Lyftet")
    v1 = VisitFactory(company=hotel, organisation=own_org, date=date(2025, 2, 10), project=project)
    v2 = VisitFactory(company=camping, organisation=foreign_org, date=date(2025, 5, 5))
    v3 = VisitFactory(company=factory, organisation=own_org, date=date(2025, 8, 20))
    v4 = VisitFactory(company=danish, organisation=own_org, date=date(2025, 8, 21))
    old = VisitFactory(company=hotel, organisation=own_org, date=date(2024, 11, 1))
    need = NeedFactory
    need(visit=v1, area__name="Kundbemötande", horizon="now", employees_affected=5, seqf_level_id=3)
    need(visit=v1, area__name="Sociala medier", horizon="1-3y", employees_affected=3)
    need(visit=v2, area__name="Kundbemötande", horizon="now", employees_affected=2)
    need(visit=v3, area__name="CNC", horizon="now", employees_affected=10, seqf_level_id=4)
    need(visit=v3, area__name="Svetsning", horizon="1-3y", employees_affected=None)
    need(visit=v4, area__name="Kundbemötande", horizon="3y+", employees_affected=4)
    need(visit=old, area__name="Sociala medier", horizon="now", employees_affected=1)
    return {"project": project}


def _rows(by: str, filters: NeedFilters = FILTERS) -> dict:
    rows = selectors.needs_breakdown(actor=None, filters=filters, by=by)
    return {r["label"]: (r["needs"], r["companies"], r["employees"], r["now"]) for r in rows}


def test_breakdown_by_area(data):
    assert _rows("area") == {
        "Kundbemötande": (3, 3, 11, 2),
        "CNC": (1, 1, 10, 1),
        "Sociala medier": (1, 1, 3, 0),
        "Svetsning": (1, 1, None, 0),
    }


def test_breakdown_by_industry_section(data):
    rows = _rows("industry")
    # 55 (hotels) belongs to section I with the camping's own section code
    assert {label.split(" ")[0]: value for label, value in rows.items()} == {
        "I": (4, 3, 14, 2),
        "C": (2, 1, 10, 1),
    }


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("country", {"Sverige": (5, 3, 20, 3), "Danmark": (1, 1, 4, 0)}),
        ("size", {"1–9 anställda": (3, 2, 10, 2), "50–249 anställda": (2, 1, 10, 1),
                  "10–49 anställda": (1, 1, 4, 0)}),
        ("project", {"Ej angivet": (4, 3, 16, 2), "Lyftet": (2, 1, 8, 1)}),
        ("seqf_level", {"Ej angivet": (4, 4, 9, 1), "SEQF 3": (1, 1, 5, 1),
                        "SEQF 4": (1, 1, 10, 1)}),
        ("horizon", {"Nu": (3, 3, 17, 3), "Inom 1–3 år": (2, 2, 3, 0),
                     "Om mer än 3 år": (1, 1, 4, 0)}),
        ("municipality", {"Sotenäs": (2, 1, 8, 1), "Uddevalla": (1, 1, 2, 1),
                          "Lidköping": (2, 1, 10, 1), "Ej angivet": (1, 1, 4, 0)}),
    ],
)  # fmt: skip
def test_breakdown_by(data, by, expected):
    rows = selectors.needs_breakdown(actor=None, filters=FILTERS, by=by)
    found = {r["label"]: (r["needs"], r["companies"], r["employees"], r["now"]) for r in rows}
    assert {k: v for k, v in found.items() if k in expected} == expected
    assert len(found) == len(expected)
    assert "" not in [r["key"] for r in rows[:-1]]  # "not stated" comes last


def test_new_filters_combine(data):
    def needs(**kw):
        filters = NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), **kw)
        return selectors.needs_matching(filters=filters).count()

    assert needs(country="DK") == 1
    assert needs(seqf_level=3) == 1
    assert needs(project=data["project"].pk) == 2
    assert needs(country="SE", horizon="now") == 3
    assert needs(sni="I", size="1-9") == 3
    assert needs(sni="I", country="DK") == 1


def test_trend_per_quarter_with_the_change_against_the_quarter_before(data):
    trend = selectors.needs_trend(actor=None, filters=FILTERS, step="quarter")
    rows = [
        (r["label"], r["needs"], r["companies"], r["visits"], r["change"], r["change_pct"])
        for r in trend["rows"]
    ]
    assert rows == [
        ("2025K1", 2, 1, 1, 1, 100.0),  # against 2024 Q4: 1 need
        ("2025K2", 1, 1, 1, -1, -50.0),
        ("2025K3", 3, 2, 2, 2, 200.0),
        ("2025K4", 0, 0, 0, -3, -100.0),
    ]
    assert trend["totals"]["needs"] == {"now": 6, "before": 1, "change": 5, "change_pct": 500.0}
    assert trend["totals"]["companies"]["before"] == 1


def test_trend_per_year_and_a_partial_quarter(data):
    trend = selectors.needs_trend(actor=None, filters=FILTERS, step="year")
    assert [(r["label"], r["needs"], r["change"]) for r in trend["rows"]] == [("2025", 6, 5)]
    # from 15 February: Q1 counts only its days inside the period (v1 on 10 February is out)
    partial = NeedFilters(date_from=date(2025, 2, 15), date_to=date(2025, 9, 30))
    rows = selectors.needs_trend(actor=None, filters=partial)["rows"]
    assert [(r["label"], r["needs"]) for r in rows] == [
        ("2025K1", 0),
        ("2025K2", 1),
        ("2025K3", 3),
    ]
    assert rows[0]["change"] == -1  # against the whole of 2024 Q4


def test_focus_areas_score_and_rank(data):
    focus = selectors.focus_areas(actor=None, filters=FILTERS)
    assert [(r["rank"], r["area__name"], r["score"]) for r in focus] == [
        (1, "Kundbemötande", 93.3),  # 50 + 30 × 11/11 + 20 × 2/3
        (2, "CNC", 63.9),  # 50/3 + 30 × 10/11 + 20
        (3, "Sociala medier", 24.8),  # 50/3 + 30 × 3/11
        (4, "Svetsning", 16.7),  # 50/3
    ]
    assert focus[0]["parts"] == {"companies": 50.0, "employees": 30.0, "urgency": 13.3}
    assert focus[1]["urgency_pct"] == 100
    assert selectors.focus_areas(actor=None, filters=FILTERS, limit=2)[-1]["area__name"] == "CNC"


def test_focus_areas_of_nothing(db):
    assert selectors.focus_areas(actor=None, filters=FILTERS) == []


def test_page_shows_the_sections_and_drills_down(data, client_for, broker):
    client = client_for(broker)
    response = client.get(DASHBOARD, {**YEAR, "by": "industry"})
    html = response.content.decode()
    assert 'id="focus-areas"' in html and 'id="breakdown"' in html and 'id="trend"' in html
    assert "Uppdelning: Bransch (SNI-avdelning)" in html
    row = next(r for r in response.context["breakdown"] if r["key"] == "I")
    listed = client.get(row["href"])
    assert listed.status_code == 200
    assert len(listed.context["object_list"]) == 4  # the needs behind the row
    focus = response.context["focus"][0]
    assert len(client.get(focus["href"]).context["object_list"]) == 3  # Kundbemötande
    assert "2025K3" in client.get(DASHBOARD, YEAR).content.decode()
    assert (
        '<th scope="row">2025</th>'
        in client.get(DASHBOARD, {**YEAR, "step": "year"}).content.decode()
    )


def test_unknown_breakdown_or_step_falls_back(data, client_for, broker):
    response = client_for(broker).get(DASHBOARD, {**YEAR, "by": "secret", "step": "decade"})
    assert response.status_code == 200
    assert response.context["by"] == "area" and response.context["step"] == "quarter"


def test_export_records_the_new_filters(data, client_for, broker):
    from tests import spreadsheets

    url = reverse("visits:dashboard_export", args=["xlsx"])
    response = client_for(broker).get(url, {**YEAR, "country": "DK"})
    sheet = spreadsheets.workbook(response.content).active
    assert spreadsheets.notes(sheet)["Land"] == "Danmark"
    rows = spreadsheets.table(sheet)[1]
    assert ("Totalt", "Behov", 1) in rows


def test_a_very_long_period_is_shown_by_year_and_its_last_years(data):
    long = NeedFilters(date_from=date(1990, 1, 1), date_to=date(2025, 12, 31))
    trend = selectors.needs_trend(actor=None, filters=long, step="quarter")
    assert trend["step"] == "year" and len(trend["rows"]) == 36
    assert trend["rows"][-1]["needs"] == 6 and trend["rows"][-2]["needs"] == 1
    longest = NeedFilters(date_from=date(1900, 1, 1), date_to=date(2999, 12, 31))
    rows = selectors.needs_trend(actor=None, filters=longest, step="quarter")["rows"]
    assert len(rows) == 40 and rows[0]["label"] == "2960"


# --- the gap analysis over time -------------------------------------------------------------


def _gap(company, day, mottagar, organisation=None):
    from kompetensnav.questionnaires import services as questionnaires
    from kompetensnav.questionnaires.selectors import current_version

    answers = {
        "mottagarkompetens_current": mottagar[0],
        "mottagarkompetens_wanted": mottagar[1],
        "matchning_current": 3,
        "matchning_wanted": 3,
        "utbildning_current": 2,
        "utbildning_wanted": 3,
    }
    questionnaires.response_submit(
        version=current_version("gap-analysis"),
        answers=answers,
        channel="visit",
        company=company,
        organisation=organisation,
        submitted_on=day,
    )


@pytest.fixture
def gaps(own_org):
    hotels = [CompanyFactory(name=f"Hotell {n}", sni_id="55") for n in range(5)]
    factory = CompanyFactory(name="Fabrik", sni_id="31")
    _gap(hotels[0], date(2024, 6, 1), (2, 4))
    for hotel in hotels:
        _gap(hotel, date(2025, 6, 1), (3, 4), organisation=own_org)
    _gap(factory, date(2025, 7, 1), (1, 5))


def test_gap_per_year_with_the_change_of_the_gap(gaps):
    filters = NeedFilters(date_from=date(2024, 1, 1), date_to=date(2025, 12, 31))
    found = selectors.gap_over_time(actor=None, filters=filters)
    rows = {
        (r["area"], r["year"]): (
            r["companies"],
            r["current"],
            r["wanted"],
            r["gap"],
            r["gap_change"],
        )
        for r in found["years"]
    }
    assert rows[("mottagarkompetens", 2024)] == (1, 2.0, 4.0, 2.0, None)
    # 2025: five hotels at 3 → 4 and the factory at 1 → 5
    assert rows[("mottagarkompetens", 2025)] == (6, 2.67, 4.17, 1.5, -0.5)
    assert rows[("utbildning", 2025)][3] == 1.0 and rows[("matchning", 2025)][3] == 0.0
    assert [r["area"] for r in found["years"]][:2] == ["mottagarkompetens"] * 2


def test_gap_per_industry_hides_fewer_than_five_companies(gaps):
    filters = NeedFilters(date_from=date(2024, 1, 1), date_to=date(2025, 12, 31))
    industries = {
        (r["area"], r["industry"].split(" ")[0]): r
        for r in selectors.gap_over_time(actor=None, filters=filters)["industries"]
    }
    hotels = industries[("mottagarkompetens", "I")]
    assert hotels["shown"] and hotels["companies"] == 5
    assert (hotels["current"], hotels["wanted"], hotels["gap"]) == (2.83, 4.0, 1.17)
    factory = industries[("mottagarkompetens", "C")]
    assert not factory["shown"] and factory["current"] is None and factory["gap"] is None


def test_gap_filters(gaps, own_org):
    only_c = NeedFilters(date_from=date(2024, 1, 1), date_to=date(2025, 12, 31), sni="C")
    years = selectors.gap_over_time(actor=None, filters=only_c)["years"]
    assert {
        (r["area"], r["year"], r["gap"]) for r in years if r["area"] == "mottagarkompetens"
    } == {("mottagarkompetens", 2025, 4.0)}
    one_area = NeedFilters(
        date_from=date(2024, 1, 1), date_to=date(2025, 12, 31), gap_area="matchning"
    )
    assert {r["area"] for r in selectors.gap_over_time(actor=None, filters=one_area)["years"]} == {
        "matchning"
    }
    by_broker = NeedFilters(
        date_from=date(2024, 1, 1), date_to=date(2025, 12, 31), organisation=own_org.pk
    )
    years = selectors.gap_over_time(actor=None, filters=by_broker)["years"]
    assert {r["year"] for r in years} == {2025}


def test_gap_section_on_the_page(gaps, client_for, broker):
    response = client_for(broker).get(
        DASHBOARD, {"date_from": "2024-01-01", "date_to": "2025-12-31"}
    )
    html = response.content.decode()
    assert 'id="gap-analysis"' in html and "GAP-analys över tid" in html
    assert "visas ej: för få företag" in html


# --- countries side by side -----------------------------------------------------------------


def _visit_answer(company, situation, education_match, day=date(2025, 4, 1)):
    from kompetensnav.questionnaires import services as questionnaires
    from kompetensnav.questionnaires.selectors import current_version

    questionnaires.response_submit(
        version=current_version("visit"),
        answers={
            "industry_situation": situation,
            "recruitment_difficulties": "yes",
            "education_match": education_match,
        },
        channel="visit",
        company=company,
        submitted_on=day,
        check_required=False,
    )


def test_countries_side_by_side(data):
    """Needs: SE 5 (Kundbemötande 2, CNC 1, Sociala medier 1, Svetsning 1), DK 1
    (Kundbemötande). Visit questionnaire: 5 Swedish and 5 Norwegian answers, 2 Danish."""
    for n in range(5):
        _visit_answer(CompanyFactory(name=f"SE {n}"), "growing" if n < 4 else "stable", 4)
        _visit_answer(
            CompanyFactory(name=f"NO {n}", org_number="", country_id="NO"),
            "growing" if n < 1 else "declining",
            2,
        )
    for n in range(2):
        _visit_answer(CompanyFactory(name=f"DK {n}", org_number="", country_id="DK"), "growing", 5)
    found = selectors.country_comparison(actor=None, filters=FILTERS, language="sv")
    assert [c["code"] for c in found["area_countries"]] == ["SE", "DK"]
    assert [c["code"] for c in found["countries"]] == ["SE", "DK", "NO"]
    assert found["needs_totals"] == [5, 1]
    kund = next(a for a in found["areas"] if a["area"] == "Kundbemötande")
    assert [(c["needs"], c["share"]) for c in kund["row"]] == [(2, 40.0), (1, 100.0)]
    situation = next(q for q in found["questions"] if q["key"] == "industry_situation")
    assert situation["respondents"] == [5, 2, 5]
    shares = {o["label"]: o["shares"] for o in situation["options"]}
    assert shares["Växande"] == [80.0, None, 20.0]  # Denmark: 2 answers, not shown
    assert shares["Vikande"] == [0.0, None, 80.0]
    match = next(q for q in found["questions"] if q["key"] == "education_match")
    assert match["means"] == [4.0, None, 2.0]
    # the country filter is ignored here: the comparison is between countries
    only_dk = NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), country="DK")
    assert selectors.country_comparison(actor=None, filters=only_dk, language="sv")[
        "needs_totals"
    ] == [5, 1]


def test_countries_section_on_the_page(data, client_for, broker):
    html = client_for(broker).get(DASHBOARD, YEAR).content.decode()
    assert 'id="countries"' in html and "Länder sida vid sida" in html
    assert "Danmark" in html


def test_every_number_of_the_trend_and_the_countries_drills_down(data, client_for, broker):
    client = client_for(broker)
    response = client.get(DASHBOARD, YEAR)
    q3 = next(r for r in response.context["trend"]["rows"] if r["label"] == "2025K3")
    listed = client.get(q3["href"]).context["object_list"]
    assert len(listed) == 3 and {n.visit.date.month for n in listed} == {8}
    kund = next(a for a in response.context["comparison"]["areas"] if a["area"] == "Kundbemötande")
    denmark = kund["row"][1]
    listed = client.get(denmark["href"]).context["object_list"]
    assert [n.visit.company.country_id for n in listed] == ["DK"]


def test_a_refused_value_drops_only_itself(data, client_for, broker):
    client = client_for(broker)
    response = client.get(DASHBOARD, {**YEAR, "country": "XX", "area": "999999", "by": "country"})
    period = response.context["period"]
    assert (period.date_from, period.date_to) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period.country == "" and period.area is None
    assert response.context["focus"][0]["area__name"] == "Kundbemötande"
    assert all("XX" not in row["href"] for row in response.context["breakdown"])


def test_a_row_of_a_narrower_filter_does_not_widen_it(data, client_for, broker):
    client = client_for(broker)
    response = client.get(DASHBOARD, {**YEAR, "sni": "55", "by": "industry"})
    (row,) = response.context["breakdown"]  # the hotels (55) belong to section I
    assert row["key"] == "I" and row["needs"] == 3
    assert len(client.get(row["href"]).context["object_list"]) == 3  # not all of I (4)


def test_the_need_list_names_its_filters_and_leads_back_to_the_page_as_it_was(
    data, client_for, broker
):
    client = client_for(broker)
    response = client.get(DASHBOARD, {**YEAR, "country": "SE", "by": "size", "step": "year"})
    row = next(r for r in response.context["breakdown"] if r["key"] == "1-9")
    listed = client.get(row["href"])
    html = listed.content.decode()
    assert "Land: Sverige" in html and "Företagets storlek: 1–9 anställda" in html
    back = listed.context["dashboard_query"]
    assert "by=size" in back and "step=year" in back and "country=SE" in back
    assert "size=" not in back.replace("by=size", "")  # not the row's own filter


def test_the_menus_offer_what_visits_use_each_section_before_its_divisions(data):
    from kompetensnav.visits.forms import DashboardFilterForm

    form = DashboardFilterForm()
    codes = [code for code, _label in form.fields["sni"].choices if code != ""]
    # the hotels (55, in I), the camping (I), the factory (31, in C)
    assert [str(c) for c in codes] == ["C", "31", "I", "55"]
    municipalities = [str(c) for c, _label in form.fields["municipality"].choices if c != ""]
    assert sorted(municipalities) == ["1427", "1485", "1494"]
