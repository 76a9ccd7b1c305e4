"""The vocabulary's pages: read by every member, curated by coordinators, merging only after
a confirmation that shows what moves; the list is paginated with a fixed number of queries."""

import pytest
from django.urls import reverse

from kompetensnav.competences.models import AreaSynonym, CompetenceArea
from kompetensnav.visits.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_list_shows_areas_synonyms_and_usage(client_for, broker):
    area = CompetenceArea.objects.create(name="Sociala medier", name_en="Social media")
    AreaSynonym.objects.create(area=area, text="SoMe")
    NeedFactory(area=area)
    html = client_for(broker).get(reverse("competences:area_list")).content.decode()
    assert "Sociala medier" in html and "SoMe" in html
    assert "Lägg till ett kompetensområde" not in html  # brokers do not curate


def test_list_searches_synonyms_and_other_languages(client_for, broker):
    area = CompetenceArea.objects.create(name="Yrkeskompetensbevis")
    AreaSynonym.objects.create(area=area, text="YKB")
    CompetenceArea.objects.create(name="Svetsning", name_en="Welding")
    client = client_for(broker)
    html = client.get(reverse("competences:area_list"), {"q": "ykb"}).content.decode()
    assert "Yrkeskompetensbevis" in html and "Svetsning" not in html
    html = client.get(reverse("competences:area_list"), {"q": "weld"}).content.decode()
    assert "Svetsning" in html and "Yrkeskompetensbevis" not in html


def test_list_queries_do_not_grow_with_areas(client_for, broker, django_assert_max_num_queries):
    client = client_for(broker)
    for n in range(3):
        area = CompetenceArea.objects.create(name=f"Område {n}")
        AreaSynonym.objects.create(area=area, text=f"Synonym {n}")
    client.get(reverse("competences:area_list"))
    for n in range(3, 30):
        area = CompetenceArea.objects.create(name=f"Område {n}")
        AreaSynonym.objects.create(area=area, text=f"Synonym {n}")
        NeedFactory(area=area)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("competences:area_list"))
    assert response.status_code == 200


def test_coordinator_adds_a_synonym_and_sees_a_clear_error(client_for, coordinator):
    area = CompetenceArea.objects.create(name="Hjärt-lungräddning")
    other = CompetenceArea.objects.create(name="Första hjälpen")
    client = client_for(coordinator)
    url = reverse("competences:synonym_add", args=[area.pk])
    assert client.post(url, {"text": "HLR"}).status_code == 302
    assert list(area.synonyms.values_list("text", flat=True)) == ["HLR"]
    response = client.post(url, {"text": "första HJÄLPEN"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Första hjälpen" in html and 'value="första HJÄLPEN"' in html
    assert other.synonyms.count() == 0


def test_merge_asks_for_confirmation_before_anything_changes(client_for, coordinator):
    source = CompetenceArea.objects.create(name="CNC-operatörer")
    target = CompetenceArea.objects.create(name="CNC-teknik")
    need = NeedFactory(area=source)
    client = client_for(coordinator)
    url = reverse("competences:area_merge", args=[source.pk])
    page = client.get(url, {"target": target.pk}).content.decode()
    assert "Det här kan inte ångras" in page and 'name="confirm"' in page
    need.refresh_from_db()
    assert need.area == source
    response = client.post(url, {"target": target.pk, "confirm": "1"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.area == target
    assert not CompetenceArea.objects.filter(pk=source.pk).exists()


def test_edit_links_classifications_by_code(client_for, coordinator):
    area = CompetenceArea.objects.create(name="Mjukvaruutveckling")
    response = client_for(coordinator).post(
        reverse("competences:area_edit", args=[area.pk]),
        {
            "name": "Mjukvaruutveckling",
            "name_en": "Software development",
            "occupations": "2512",
            "education_fields": "48, 99x",
            "industries": "J, 62",
        },
    )
    assert response.status_code == 200  # 99x is not a SUN code
    assert "99x" in response.content.decode()
    response = client_for(coordinator).post(
        reverse("competences:area_edit", args=[area.pk]),
        {
            "name": "Mjukvaruutveckling",
            "name_en": "Software development",
            "occupations": "2512",
            "education_fields": "48",
            "industries": "J, 62",
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert [o.code for o in area.occupations.all()] == ["2512"]
    assert [f.code for f in area.education_fields.all()] == ["48"]
    assert sorted(i.code for i in area.industries.all()) == ["62", "J"]
