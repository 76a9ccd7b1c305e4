"""`__any_of`: the same rows as `__in`, on SQLite and PostgreSQL; on PostgreSQL the values
are one array parameter."""

import pytest
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from kompetensnav.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds():
    orgs = [OrganisationFactory(external_id=f"o{n}", name=f"Org {n}") for n in range(5)]
    wanted = {"o1", "o3", "saknas", None}
    assert (
        set(Organisation.objects.filter(external_id__any_of=wanted))
        == set(Organisation.objects.filter(external_id__in=wanted))
        == {orgs[1], orgs[3]}
    )
    pks = [orgs[0].pk, orgs[4].pk]
    assert set(Organisation.objects.filter(pk__any_of=pks)) == {orgs[0], orgs[4]}
    lowered = Organisation.objects.annotate(low=Lower("name")).filter(low__any_of=["org 2"])
    assert list(lowered) == [orgs[2]]
    assert not Organisation.objects.filter(pk__any_of=[]).exists()


def test_on_postgresql_the_values_are_one_array_parameter():
    if connection.vendor != "postgresql":
        pytest.skip("the array parameter is PostgreSQL's (elsewhere any_of is in)")
    with CaptureQueriesContext(connection) as captured:
        list(Organisation.objects.filter(external_id__any_of=["a"]))
        list(Organisation.objects.filter(external_id__any_of=[f"id{n}" for n in range(3000)]))
    for query in captured.captured_queries:  # one array parameter, not a placeholder a value
        assert "= ANY(" in query["sql"] and " IN (" not in query["sql"]
