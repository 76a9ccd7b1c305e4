"""The visit list's filter bar (for a coordinator, a select of every organisation that has
logged visits: finding them scans every visit) and its page of visits are kept between
requests and made afresh when a visit or an organisation changes (common/datacache.py); the
page is kept per reader, who may read different visits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.visits.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_the_filter_bar_is_kept_until_a_visit_changes(
    client_for, make_user, django_capture_on_commit_callbacks
):
    """(A plain test: its commits are the callbacks run by django_capture_on_commit_callbacks;
    everything it writes is written inside them, or the test's transaction counts as one that
    has written, which keeps nothing.)"""
    with django_capture_on_commit_callbacks(execute=True):
        first = VisitFactory(organisation__name="Lärcentrum Första")
        client = client_for(make_user(Role.COORDINATOR))
    url = reverse("visits:visit_list")
    with CaptureQueriesContext(connection) as made:
        page = client.get(url).content.decode()
    assert f'<option value="{first.organisation_id}">Lärcentrum Första</option>' in page
    with CaptureQueriesContext(connection) as kept:
        again = client.get(url).content.decode()
    assert "Lärcentrum Första" in again

    def organisations_found(queries) -> list[str]:  # the visiting organisations looked up
        return [
            q["sql"]
            for q in queries
            if 'FROM "network_organisation"' in q["sql"] and '"visits_visit"' in q["sql"]
        ]

    assert organisations_found(made) and not organisations_found(kept)

    with django_capture_on_commit_callbacks(execute=True):
        second = VisitFactory(organisation__name="Vuxenskolan Andra")
    page = client.get(url).content.decode()
    assert f'<option value="{second.organisation_id}">Vuxenskolan Andra</option>' in page
    assert second.company.name in page.split("<table", 1)[1]  # the kept rows made afresh too
    # what was chosen stays chosen, in a bar kept for those values
    chosen = client.get(url, {"organisation": second.organisation_id}).content.decode()
    assert f'<option value="{second.organisation_id}" selected>' in chosen
    assert "Lärcentrum Första" not in chosen.split("<table", 1)[-1]  # the list is filtered


def test_another_role_gets_its_own_filter_bar_and_rows(client_for, coordinator, broker):
    visit = VisitFactory(organisation__name="Lärcentrum Första")
    page = client_for(coordinator).get(reverse("visits:visit_list")).text
    assert 'name="organisation"' in page and visit.company.name in page
    page = client_for(broker).get(reverse("visits:visit_list")).text
    assert 'name="organisation"' not in page and 'name="routed"' in page
    assert visit.company.name not in page  # another organisation's visit: not theirs to read
