"""The needs analysis' filter bar (hundreds of options: industries, municipalities and
countries of the companies in the register, organisations and projects that logged visits,
areas that needs name) is kept while its options stay the same: a visit recorded has the
analysis computed afresh, not the bar built and drawn again. A new option, a renamed one or
another choice gives a bar drawn anew (common/datacache.py)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.visits.tests.factories import CompetenceAreaFactory, NeedFactory, VisitFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = reverse("visits:dashboard")
PERIOD = {"date_from": "2025-01-01", "date_to": "2025-12-31"}


def _drawn(queries) -> bool:
    """Whether the bar's options were built: the municipalities read, for their names."""
    return any(
        # (on PostgreSQL through a cursor: DECLARE … FOR SELECT)
        'SELECT "reference_municipality"."code", "reference_municipality"."name"' in q["sql"]
        for q in queries
    )


def test_the_filter_bar_is_kept_while_its_options_stay(
    client_for, make_user, django_capture_on_commit_callbacks
):
    """(A plain test: everything it writes is written inside django_capture_on_commit_callbacks,
    or the test's transaction counts as one that has written, which keeps nothing.)"""
    with django_capture_on_commit_callbacks(execute=True):
        first = VisitFactory(organisation__name="Lärcentrum Första", date=date(2025, 3, 1))
        NeedFactory(visit=first, area__name="Svetsning")
        # an organisation and an area without visits or needs yet: not offered
        waiting = OrganisationFactory(name="Vuxenskolan Andra")
        CompetenceAreaFactory(name="Kundbemötande")
        client = client_for(make_user(Role.COORDINATOR))
    with CaptureQueriesContext(connection) as made:
        page = client.get(URL, PERIOD).text
    assert f'<option value="{first.organisation_id}">Lärcentrum Första</option>' in page
    assert _drawn(made)
    assert "Vuxenskolan Andra" not in page and ">Kundbemötande</option>" not in page

    # another visit by the same organisation, of the same company, naming the same area: the
    # needs are counted afresh, the bar is the one kept
    with django_capture_on_commit_callbacks(execute=True):
        again = VisitFactory(
            organisation=first.organisation, company=first.company, date=date(2025, 4, 1)
        )
        NeedFactory(visit=again, area__name="Svetsning")
    with CaptureQueriesContext(connection) as kept:
        page = client.get(URL, PERIOD).text
    assert not _drawn(kept)
    assert "Lärcentrum Första" in page
    assert '<span class="figure">2</span> registrerade behov' in page  # counted afresh

    # an organisation that logs its first visit, and an area a need names for the first time,
    # are offered at once (a write to visits alone)
    with django_capture_on_commit_callbacks(execute=True):
        second = VisitFactory(organisation=waiting, company=first.company, date=date(2025, 5, 1))
        NeedFactory(visit=second, area__name="Kundbemötande")
    page = client.get(URL, PERIOD).text
    assert f'<option value="{second.organisation_id}">Vuxenskolan Andra</option>' in page
    assert ">Kundbemötande</option>" in page

    # a renamed organisation is offered by its new name
    with django_capture_on_commit_callbacks(execute=True):
        second.organisation.name = "Vuxenskolan Nya"
        second.organisation.save()
    page = client.get(URL, PERIOD).text
    assert ">Vuxenskolan Nya</option>" in page and "Vuxenskolan Andra" not in page

    # what is chosen stays chosen, in a bar kept for those values
    chosen = client.get(URL, {**PERIOD, "organisation": second.organisation_id}).text
    assert f'<option value="{second.organisation_id}" selected>' in chosen
    # and a refused value keeps its message
    refused = client.get(URL, {**PERIOD, "date_from": "inte ett datum"}).text
    assert 'aria-invalid="true"' in refused or "errorlist" in refused
