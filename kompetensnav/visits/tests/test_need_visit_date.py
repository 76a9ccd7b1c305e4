"""A need keeps its visit's date (Need.visit_date), kept by the database's triggers whatever
writes: a save, an update of a queryset, a bulk insert, the importer, a visit moved in time
or a need moved to another visit, and a write that names the column with another value."""

from datetime import date

import pytest

from kompetensnav.visits.models import Need, Visit

from .factories import CompetenceAreaFactory, NeedFactory, VisitFactory

pytestmark = pytest.mark.django_db


def dates() -> dict[int, date | None]:
    return dict(Need.objects.values_list("pk", "visit_date"))


def test_a_need_has_its_visits_date_whatever_writes_it():
    march, may = VisitFactory(date=date(2026, 3, 2)), VisitFactory(date=date(2026, 5, 4))
    saved = NeedFactory(visit=march)
    area = CompetenceAreaFactory()
    (bulk,) = Need.objects.bulk_create([Need(visit=may, area=area)])
    assert dates() == {saved.pk: date(2026, 3, 2), bulk.pk: date(2026, 5, 4)}

    # the visit moves in time: its needs follow (a save and an update of a queryset alike)
    march.date = date(2026, 3, 9)
    march.save()
    assert dates()[saved.pk] == date(2026, 3, 9)
    Visit.objects.filter(pk=may.pk).update(date=date(2026, 6, 1))
    assert dates()[bulk.pk] == date(2026, 6, 1)

    # a need moved to another visit takes that visit's date
    Need.objects.filter(pk=bulk.pk).update(visit=march)
    assert dates()[bulk.pk] == date(2026, 3, 9)
    saved.refresh_from_db()
    saved.visit = may
    saved.save()
    assert dates()[saved.pk] == date(2026, 6, 1)

    # a write that gives the column another value does not stick
    Need.objects.filter(pk=saved.pk).update(visit_date=date(2000, 1, 1))
    saved.refresh_from_db()
    saved.visit_date = None
    saved.description = "Ändrad"
    saved.save()
    assert dates() == {saved.pk: date(2026, 6, 1), bulk.pk: date(2026, 3, 9)}


def test_a_date_given_with_new_needs_is_put_right():
    """A write may give the date (a plain import joins it): one given wrong, in a statement
    of many rows, is its visit's date once the statement is done."""
    visit, area = VisitFactory(date=date(2026, 3, 2)), CompetenceAreaFactory()
    Need.objects.bulk_create(
        [
            Need(visit=visit, area=area, visit_date=date(2000, 1, 1)),
            Need(visit=visit, area=area, visit_date=date(2026, 3, 2)),
            Need(visit=visit, area=area),
            *(Need(visit=visit, area=area, visit_date=date(2026, 3, 3)) for _ in range(20)),
        ]
    )
    assert set(dates().values()) == {date(2026, 3, 2)} and len(dates()) == 23


def test_imported_needs_have_their_visits_dates():
    from kompetensnav.interchange.importer import run_import  # noqa: PLC0415
    from kompetensnav.interchange.registry import KINDS  # noqa: PLC0415
    from kompetensnav.interchange.tables import open_table  # noqa: PLC0415

    visit = VisitFactory(date=date(2025, 11, 20), external_id="v1")
    area = CompetenceAreaFactory(name="Svetsning")
    content = "id,visit,area\nn1,v1,Svetsning\nn2,v1,Svetsning\n"
    assert run_import(KINDS["needs"], open_table(content.encode(), "needs.csv")).ok
    assert set(Need.objects.filter(area=area).values_list("visit_date", flat=True)) == {visit.date}
    again = VisitFactory(date=date(2024, 1, 8), external_id="v2")
    moved = "id,visit,area\nn1,v2,Svetsning\n"
    assert run_import(KINDS["needs"], open_table(moved.encode(), "needs.csv")).ok
    assert Need.objects.get(external_id="n1").visit_date == again.date
    assert Need.objects.get(external_id="n2").visit_date == visit.date
