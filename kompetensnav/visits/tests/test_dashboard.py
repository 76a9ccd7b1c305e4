"""The needs dashboard on a data set with known answers: period, filters, breakdowns,
drill-down, downloads and query counts. Needs are shared: every affiliated user sees the
aggregates of every organisation, but never the visits' notes."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kompetensnav.accounts.enums import Role
from kompetensnav.visits.forms import add_months
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests import spreadsheets
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("visits:dashboard")
PERIOD = {"date_from": "2025-07-01", "date_to": "2025-12-31"}


@pytest.fixture
def data(db, own_org, foreign_org):
    hotel = CompanyFactory(
        name="Hotell Kustbris AB", municipality_id="1427", sni_id="55", employees=8
    )
    camping = CompanyFactory(
        name="Camping Väst AB", municipality_id="1485", sni_id="I", employees=3
    )
    furniture = CompanyFactory(
        name="Vänerns Möbelsnickeri AB", municipality_id="1494", sni_id="31", employees=60
    )
    v1 = VisitFactory(company=hotel, organisation=own_org, date=date(2025, 9, 1), notes="Hemligt 1")
    v2 = VisitFactory(company=camping, organisation=foreign_org, date=date(2025, 10, 5))
    v3 = VisitFactory(company=furniture, organisation=own_org, date=date(2025, 11, 20))
    old = VisitFactory(company=hotel, organisation=own_org, date=date(2025, 6, 30))
    NeedFactory(
        visit=v1, area__name="Kundbemötande", horizon="now", gap_area="utbildning", seqf_level_id=3
    )
    NeedFactory(visit=v1, area__name="Sociala medier", horizon="1-3y", gap_area="matchning")
    NeedFactory(visit=v2, area__name="Kundbemötande", horizon="now", gap_area="mottagarkompetens")
    NeedFactory(visit=v2, area__name="Sociala medier", horizon="now", gap_area="utbildning")
    NeedFactory(visit=v2, area__name="Kundbemötande", horizon="3y+", gap_area="utbildning")
    NeedFactory(
        visit=v3,
        area__name="CNC-operatörer",
        horizon="1-3y",
        gap_area="utbildning",
        seqf_level_id=4,
    )
    NeedFactory(visit=old, area__name="Truckkort", horizon="now")
    return {"v1": v1, "v2": v2, "v3": v3}


def _summary(client, **params):
    return client.get(DASHBOARD, {**PERIOD, **params}).context["summary"]


def _counts(rows) -> dict:
    return {str(r["key"]): r["count"] for r in rows if r["count"]}


def test_dashboard_counts_the_period(data, client_for, broker):
    summary = _summary(client_for(broker))
    assert summary["totals"]["visits"] == 3 and summary["totals"]["companies"] == 3
    assert summary["totals"]["needs"] == 6
    assert [(a["area__name"], a["count"]) for a in summary["top_areas"]] == [
        ("Kundbemötande", 3),
        ("Sociala medier", 2),
        ("CNC-operatörer", 1),
    ]
    assert _counts(summary["horizons"]) == {"now": 3, "1-3y": 2, "3y+": 1}
    assert _counts(summary["gap_areas"]) == {
        "utbildning": 4,
        "matchning": 1,
        "mottagarkompetens": 1,
    }
    assert _counts(summary["seqf_levels"]) == {"3": 1, "4": 1, "": 4}
    assert _counts(summary["subregions"]) == {"fyrbodal": 5, "skaraborg": 1}


@pytest.mark.parametrize(
    ("params", "needs", "top"),
    [
        ({"subregion": "fyrbodal", "sni": "I"}, 5, "Kundbemötande"),  # tourism in Fyrbodal
        ({"sni": "55"}, 2, "Kundbemötande"),  # a division
        ({"sni": "C"}, 1, "CNC-operatörer"),  # section C holds division 31
        ({"municipality": "1494"}, 1, "CNC-operatörer"),
        ({"size": "1-9"}, 5, "Kundbemötande"),
        ({"size": "50-249"}, 1, "CNC-operatörer"),
        ({"horizon": "1-3y"}, 2, "CNC-operatörer"),
        ({"gap_area": "matchning"}, 1, "Sociala medier"),
    ],
)
def test_dashboard_filters(data, client_for, broker, params, needs, top):
    summary = _summary(client_for(broker), **params)
    assert summary["totals"]["needs"] == needs
    assert summary["top_areas"][0]["area__name"] == top


def test_dashboard_filters_by_broker_organisation(data, client_for, broker, foreign_org):
    summary = _summary(client_for(broker), organisation=foreign_org.pk)
    assert (summary["totals"]["visits"], summary["totals"]["needs"]) == (1, 3)


def test_dashboard_default_period_is_the_last_half_year(client_for, broker, own_org):
    today = timezone.localdate()
    inside = VisitFactory(organisation=own_org, date=add_months(today, -6))
    outside = VisitFactory(organisation=own_org, date=add_months(today, -6) - timedelta(days=1))
    NeedFactory(visit=inside, area__name="Ledarskap")
    NeedFactory(visit=outside, area__name="Svetsning")
    response = client_for(broker).get(DASHBOARD)
    assert [a["area__name"] for a in response.context["summary"]["top_areas"]] == ["Ledarskap"]


def test_dashboard_is_shared_but_hides_notes(data, make_user, foreign_org, client_for):
    viewer = make_user(Role.VIEWER, foreign_org)
    client = client_for(viewer)
    assert _summary(client)["totals"]["needs"] == 6
    drill = client.get(
        reverse("visits:need_list"), {**PERIOD, "area": data["v1"].needs.first().area_id}
    )
    html = drill.getvalue().decode()
    assert "Hotell Kustbris AB" in html and "Hemligt 1" not in html
    # the viewer's own organisation's visit links to its page; the other's does not
    assert reverse("visits:visit_detail", args=[data["v2"].pk]) in html
    assert reverse("visits:visit_detail", args=[data["v1"].pk]) not in html


def test_drill_down_lists_the_needs_behind_a_bar(data, client_for, broker):
    client = client_for(broker)
    page = client.get(DASHBOARD, {**PERIOD, "subregion": "fyrbodal"}).getvalue().decode()
    kund = data["v1"].needs.get(area__name="Kundbemötande").area_id
    assert f"area={kund}" in page
    response = client.get(
        reverse("visits:need_list"), {**PERIOD, "subregion": "fyrbodal", "area": kund}
    )
    needs = list(response.context["object_list"])
    assert len(needs) == 3 and {n.area.name for n in needs} == {"Kundbemötande"}
    assert response.context["area"].name == "Kundbemötande"


def test_dashboard_download_xlsx_and_csv(data, client_for, broker):
    client = client_for(broker)
    response = client.get(reverse("visits:dashboard_export", args=["xlsx"]), PERIOD)
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header, rows = spreadsheets.table(sheet)
    assert header == ("Indelning", "Post", "Antal")
    assert sheet.parent.sheetnames == [
        "Sammanfattning", "Fokusområden", "Uppdelningar", "Över tid", "GAP-analys", "Länder",
        "Utbud mot efterfrågan", "Kvinnor och män",  # the page's panels (common/panels.py)
    ]  # fmt: skip
    offer_header, offer = spreadsheets.table(sheet.parent["Utbud mot efterfrågan"])
    assert offer_header[:4] == ("Kompetensområde", "Behov", "Företag", "Utan utbud")
    assert ("Kundbemötande", 3) in {row[:2] for row in offer}  # numbers as numbers
    assert spreadsheets.notes(sheet.parent["Kvinnor och män"])["Till"].date() == date(2025, 12, 31)
    focus = spreadsheets.table(sheet.parent["Fokusområden"])[1]
    assert focus[0][:3] == (1, "Kundbemötande", 2)
    assert spreadsheets.notes(sheet.parent["Över tid"])["Från"].date() == date(2025, 7, 1)
    assert ("Kompetensområde", "Kundbemötande", 3) in rows  # numbers as numbers
    assert ("Tidshorisont", "Nu", 3) in rows
    notes = spreadsheets.notes(sheet)
    assert notes["Från"].date() == date(2025, 7, 1) and notes["Till"].date() == date(2025, 12, 31)
    csv = client.get(reverse("visits:dashboard_export", args=["csv"]), PERIOD)
    assert csv["Content-Type"].startswith("text/csv")
    assert "Sociala medier,2" in csv.getvalue().decode("utf-8-sig")


def test_dashboard_export_is_formula_safe(client_for, broker, own_org):
    visit = VisitFactory(organisation=own_org, date=date(2025, 9, 1))
    NeedFactory(visit=visit, area__name='=HYPERLINK("http://x")')
    response = client_for(broker).get(reverse("visits:dashboard_export", args=["csv"]), PERIOD)
    assert "'=HYPERLINK" in response.getvalue().decode("utf-8-sig")


def test_dashboard_and_drill_down_use_few_queries(
    data, client_for, broker, own_org, django_assert_max_num_queries
):
    for n in range(30):
        visit = VisitFactory(
            organisation=own_org, date=date(2025, 8, 1), company__name=f"Företag {n}"
        )
        NeedFactory.create_batch(3, visit=visit, area__name=f"Område {n % 12}")
    client = client_for(broker)
    client.get(DASHBOARD, PERIOD)
    # session and user (3), the needs per area and place (1) that the totals and fixed
    # breakdowns (3), the breakdown by area (0), the focus areas (0) and the countries side by
    # side (6) add up, the trend (3), the filter form's places of companies (3), ids of its
    # other lists (3) and choices (8), offer against demand (5), women and men (6), the gap
    # analysis (2), the header's unread notifications (1): none per row
    with django_assert_max_num_queries(44):
        client.get(DASHBOARD, PERIOD)
    with django_assert_max_num_queries(46):  # the breakdown by industry, and its names
        client.get(DASHBOARD, {**PERIOD, "by": "industry", "step": "year"})
    with django_assert_max_num_queries(14):
        client.get(reverse("visits:need_list"), PERIOD)
