"""The member directory: filters, sorting, pagination, the htmx partial, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import DigitalSystem, Membership
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = reverse("network:organisation_list")


def _names(response) -> list[str]:
    return [o.name for o in response.context["object_list"]]


@pytest.fixture
def directory(db):
    zoom = DigitalSystem.objects.create(name="Zoom", category="video")
    moodle = DigitalSystem.objects.create(name="Moodle", category="lms")
    cnc = CompetenceArea.objects.create(name="CNC-teknik")
    skara = OrganisationFactory(name="Lärcentrum Skara", municipality_id="1495")
    skara.formats = ["live_stream", "on_site"]
    skara.save()
    skara.digital_systems.set([zoom])
    skara.education_areas.set([cnc])
    lidkoping = OrganisationFactory(name="Lärcentrum Lidköping", municipality_id="1494")
    lidkoping.formats = ["on_site"]
    lidkoping.save()
    lidkoping.digital_systems.set([moodle])
    tanum = OrganisationFactory(name="Lärcentrum Tanum", municipality_id="1435")
    tanum.formats = ["live_stream"]
    tanum.save()
    return {"skara": skara, "lidkoping": lidkoping, "tanum": tanum, "zoom": zoom, "cnc": cnc}


def test_directory_skaraborg_with_live_stream_finds_only_that_member(directory, client_for, broker):
    response = client_for(broker).get(URL, {"subregion": "skaraborg", "format": "live_stream"})
    assert _names(response) == ["Lärcentrum Skara"]
    assert "Lärcentrum Skara" in response.content.decode()
    assert "Lärcentrum Tanum" not in response.content.decode()  # live stream, wrong subregion


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"system": "zoom"}, ["Lärcentrum Skara"]),
        ({"area": "cnc"}, ["Lärcentrum Skara"]),
        ({"q": "cnc-tek"}, ["Lärcentrum Skara"]),  # education areas are searched too
        ({"municipality": "1494"}, ["Lärcentrum Lidköping"]),
        ({"format": "live_stream"}, ["Lärcentrum Skara", "Lärcentrum Tanum"]),
        ({"subregion": "skaraborg"}, ["Lärcentrum Lidköping", "Lärcentrum Skara"]),
    ],
)
def test_directory_filter_narrows_the_list(directory, client_for, broker, params, expected):
    params = {k: directory[v].pk if v in directory else v for k, v in params.items()}
    response = client_for(broker).get(URL, params)
    assert _names(response) == expected


def test_directory_municipality_filter_includes_represented_municipalities(
    directory, client_for, broker
):
    membership = Membership.objects.create(organisation=directory["tanum"], year=2025)
    membership.municipalities.set(["1494"])  # Tanum also represents Lidköping
    response = client_for(broker).get(URL, {"municipality": "1494"})
    assert _names(response) == ["Lärcentrum Lidköping", "Lärcentrum Tanum"]


def test_directory_shows_tags_and_is_sorted_by_name(directory, client_for, broker):
    response = client_for(broker).get(URL)
    names = _names(response)
    assert names == sorted(names)
    html = response.content.decode()
    assert "CNC-teknik" in html and "Zoom" in html


def test_directory_invalid_filter_value_is_ignored(directory, client_for, broker):
    response = client_for(broker).get(URL, {"system": "999999", "format": "carrier-pigeon"})
    assert response.status_code == 200
    assert len(_names(response)) == 4  # the three plus the broker's own organisation


def test_directory_htmx_answers_only_the_results(directory, client_for, broker):
    response = client_for(broker).get(URL, {"q": "Skara"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Lärcentrum Skara" in html


def test_directory_is_paginated_and_keeps_filters(client_for, broker):
    for n in range(30):
        OrganisationFactory(name=f"Medlem {n:02d}", municipality_id="1495")
    response = client_for(broker).get(URL, {"subregion": "skaraborg", "page": 2})
    assert _names(response) == [f"Medlem {n:02d}" for n in range(25, 30)]
    assert "subregion=skaraborg&amp;page=1" in response.content.decode()


def _query_count(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params or {}).status_code == 200
    return len(queries)


def test_directory_query_count_does_not_grow_with_rows(client_for, broker):
    zoom = DigitalSystem.objects.create(name="Zoom", category="video")
    area = CompetenceArea.objects.create(name="Vård")
    client = client_for(broker)

    def add(n):
        for i in range(n):
            org = OrganisationFactory(name=f"Org {i}-{n}")
            org.digital_systems.set([zoom])
            org.education_areas.set([area])

    add(2)
    client.get(URL)  # the first request of a session has its own set-up queries
    few = _query_count(client)
    add(20)
    many = _query_count(client)
    assert few == many
