"""The needs analysis reads the period's needs once per area and place
(`needs_by_area_and_place`) and adds the rows up for the dashboard's areas and subregions,
the focus areas, the breakdown by area and the countries side by side; the trend takes the
dashboard's totals and reads the quarter before and the period before in one scan. Each
figure must be what its own query over the needs gives: checked here on random data sets
(companies with needs in several areas and visits, in two countries, some without a
municipality or a subregion, employees stated or not) against those queries, written out."""

import random
from datetime import date, timedelta

import pytest
from django.db.models import Count, Q, Sum

from kompetensnav.visits import selectors
from kompetensnav.visits.selectors import NeedFilters
from kompetensnav.visits.selectors.needs import FOCUS_AREAS, needs_matching
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
PERIOD = NeedFilters(date_from=date(2025, 3, 15), date_to=date(2025, 11, 20))
PLACES = [  # (municipality, country): two subregions, none, and abroad
    ("1427", "SE"),
    ("1485", "SE"),
    ("1494", "SE"),
    (None, "SE"),
    (None, "DK"),
    (None, "NO"),
]
AREAS = ["Kundbemötande", "CNC", "Svetsning", "Sociala medier", "Ledarskap"]


def _data(seed: int, own_org, foreign_org) -> None:
    rng = random.Random(seed)
    companies = []
    for i in range(9):
        municipality, country = rng.choice(PLACES)
        foreign = {} if country == "SE" else {"org_number": ""}
        companies.append(
            CompanyFactory(
                name=f"Företag {seed}-{i}",
                **foreign,
                municipality_id=municipality,
                country_id=country,
                employees=rng.choice([3, 20, 80]),
            )
        )
    for _ in range(25):
        day = date(2024, 10, 1) + timedelta(days=rng.randrange(450))
        visit = VisitFactory(
            company=rng.choice(companies), organisation=rng.choice([own_org, foreign_org]), date=day
        )
        for area in rng.sample(AREAS, rng.randint(1, 3)):
            NeedFactory(
                visit=visit,
                area__name=area,
                horizon=rng.choice(["now", "1-3y", "3y+", ""]),
                employees_affected=rng.choice([None, 1, 4, 12]),
            )


def _per(filters: NeedFilters, *fields: str) -> dict:
    """Needs, companies, employees and needs now per `fields`, in one query of their own."""
    return {
        tuple(row[f] for f in fields): (
            row["needs"],
            row["companies"],
            row["employees"],
            row["now"],
        )
        for row in needs_matching(filters=filters)
        .values(*fields)
        .annotate(
            needs=Count("pk"),
            companies=Count("visit__company", distinct=True),
            employees=Sum("employees_affected"),
            now=Count("pk", filter=Q(horizon="now")),
        )
        .order_by()
    }


def _totals(filters: NeedFilters) -> dict:
    return needs_matching(filters=filters).aggregate(
        needs=Count("pk"), companies=Count("visit__company", distinct=True)
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "filters",
    [
        PERIOD,
        NeedFilters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, country="SE"),
        NeedFilters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, country="DK"),
        NeedFilters(date_from=PERIOD.date_from, date_to=PERIOD.date_to, horizon="now"),
        NeedFilters(date_from=date(2025, 11, 1), date_to=date(2025, 11, 20)),  # a short one
    ],
    ids=["period", "sweden", "denmark", "now", "short"],
)
def test_the_parts_add_up_to_what_their_own_queries_give(seed, filters, own_org, foreign_org):
    _data(seed, own_org, foreign_org)
    analysis = selectors.needs_analysis(
        actor=None, filters=filters, by="area", step="quarter", language="sv"
    )
    per_area = _per(filters, "area_id")

    breakdown = {(r["key"],): (r["needs"], r["companies"], r["employees"], r["now"])
                 for r in analysis["breakdown"]}  # fmt: skip
    assert breakdown == per_area
    assert [r["needs"] for r in analysis["breakdown"]] == sorted(
        (v[0] for v in per_area.values()), reverse=True
    )

    summary = analysis["summary"]
    assert {(r["area_id"],): r["count"] for r in summary["areas"]} == {
        k: v[0] for k, v in per_area.items()
    }
    subregion = "visit__company__municipality__subregion_id"
    assert {r["key"] or None: r["count"] for r in summary["subregions"]} == {
        k[0]: v[0] for k, v in _per(filters, subregion).items()
    }
    counts = [r["count"] for r in summary["subregions"]]
    assert counts == sorted(counts, reverse=True)

    focus = {(r["area_id"],): (r["needs"], r["companies"], r["employees"], r["now"])
             for r in analysis["focus"]}  # fmt: skip
    assert focus == {k: (n, c, e or 0, now) for k, (n, c, e, now) in per_area.items() if k in focus}
    assert len(focus) == min(len(per_area), FOCUS_AREAS)

    everywhere = NeedFilters(date_from=filters.date_from, date_to=filters.date_to,
                             horizon=filters.horizon)  # fmt: skip
    cells = _per(everywhere, "area_id", "visit__company__country_id")
    comparison = analysis["comparison"]
    codes = [c["code"] for c in comparison["area_countries"]]
    found = {
        (area["area_id"], code): (cell["needs"], cell["companies"])
        for area in comparison["areas"]
        for code, cell in zip(codes, area["row"], strict=True)
        if cell["needs"]
    }
    assert found == {k: (v[0], v[1]) for k, v in cells.items()}

    trend = analysis["trend"]
    now, before = (
        _totals(filters),
        _totals(
            filters.over(
                date_from=filters.date_from - (filters.date_to - filters.date_from) - timedelta(1),
                date_to=filters.date_from - timedelta(1),
            )
        ),
    )
    assert {k: v["now"] for k, v in trend["totals"].items()} == now
    assert {k: v["before"] for k, v in trend["totals"].items()} == before
    first = trend["rows"][0]
    quarter_before = _totals(
        filters.over(
            date_from=date(
                first["start"].year - (first["start"].month == 1),
                (first["start"].month - 4) % 12 + 1,
                1,
            ),  # fmt: skip
            date_to=first["start"] - timedelta(1),
        )
    )
    assert first["change"] == first["needs"] - quarter_before["needs"]
