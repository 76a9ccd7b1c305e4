"""The shared vocabulary: one area per key whatever the letter case (Å, Ä, Ö included), found
by its name, a synonym or another language's label; curated by coordinators; merging moves
everything that used an area and loses nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kompetensnav.campus.models import Course
from kompetensnav.competences import selectors, services
from kompetensnav.competences.models import AreaSynonym, CompetenceArea, area_key
from kompetensnav.visits.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_area_key_folds_case_beyond_ascii_and_evens_out_separators():
    assert area_key("Övrigt") == area_key("övrigt") == "övrigt"
    assert area_key("CNC-teknik") == area_key("cnc  teknik") == area_key("CNC – Teknik")
    assert area_key("ÅTERVINNING") == "återvinning"


def test_find_or_create_matches_nordic_letters_in_any_case():
    first = services.area_find_or_create(name="Övrigt")
    assert services.area_find_or_create(name="ÖVRIGT") == first
    assert services.area_find_or_create(name=" övrigt ") == first
    assert CompetenceArea.objects.count() == 1


def test_find_or_create_resolves_synonyms_and_other_languages():
    area = CompetenceArea.objects.create(name="Sociala medier", name_en="Social media")
    AreaSynonym.objects.create(area=area, text="SoMe")
    assert services.area_find_or_create(name="some") == area
    assert services.area_find_or_create(name="social MEDIA") == area
    assert CompetenceArea.objects.count() == 1


def test_find_or_create_refuses_an_empty_name():
    with pytest.raises(ValidationError):
        services.area_find_or_create(name="   ")


def test_synonym_that_is_another_areas_name_is_refused_with_the_way_out(coordinator):
    cnc = CompetenceArea.objects.create(name="CNC-teknik")
    CompetenceArea.objects.create(name="CNC-operatör")
    with pytest.raises(ValidationError) as error:
        services.synonym_add(actor=coordinator, area=cnc, text="cnc operatör")
    assert "Slå ihop" in str(error.value) or "Merge" in str(error.value)
    services.synonym_add(actor=coordinator, area=cnc, text="Fleroperationsmaskiner")
    with pytest.raises(ValidationError):
        services.synonym_add(actor=coordinator, area=cnc, text="FLEROPERATIONSMASKINER")


def test_only_coordinators_curate(broker):
    area = CompetenceArea.objects.create(name="Svetsning")
    with pytest.raises(PermissionDenied):
        services.synonym_add(actor=broker, area=area, text="MIG/MAG")
    with pytest.raises(PermissionDenied):
        services.area_save(actor=broker, area=area, fields=services.AreaFields(name="Svets"))


def test_rename_to_another_areas_name_is_refused(coordinator):
    CompetenceArea.objects.create(name="Truckkort")
    area = CompetenceArea.objects.create(name="Truckförare")
    with pytest.raises(ValidationError) as error:
        services.area_save(
            actor=coordinator, area=area, fields=services.AreaFields(name="TRUCKKORT")
        )
    assert "name" in error.value.message_dict


def test_merge_moves_needs_courses_and_members_and_keeps_the_names(coordinator, own_org):
    target = CompetenceArea.objects.create(name="CNC-teknik")
    source = CompetenceArea.objects.create(name="CNC-operatörer", name_en="CNC operators")
    AreaSynonym.objects.create(area=source, text="Fleroperationsmaskin")
    need = NeedFactory(area=source, visit__date=date(2026, 3, 2))
    both = Course.objects.create(provider=own_org, title_sv="CNC grund")
    both.areas.set([source, target])
    only_source = Course.objects.create(provider=own_org, title_sv="CNC fortsättning")
    only_source.areas.set([source])
    own_org.education_areas.set([source])

    result = services.area_merge(actor=coordinator, source=source, target=target)

    assert not CompetenceArea.objects.filter(pk=source.pk).exists()
    need.refresh_from_db()
    assert need.area == target
    assert list(both.areas.all()) == [target]  # no duplicate link
    assert list(only_source.areas.all()) == [target]
    assert list(own_org.education_areas.all()) == [target]
    assert result.moved["needs"] == 1 and result.moved["courses"] == 1
    target.refresh_from_db()
    assert target.name_en == "CNC operators"
    assert {s.text for s in target.synonyms.all()} == {"CNC-operatörer", "Fleroperationsmaskin"}
    # the old name still finds the area, e.g. in next year's import
    assert services.area_find_or_create(name="cnc-operatörer") == target


def test_merge_into_itself_is_refused(coordinator):
    area = CompetenceArea.objects.create(name="Lean")
    with pytest.raises(ValidationError):
        services.area_merge(actor=coordinator, source=area, target=area)


def test_usage_counts_every_relation(own_org):
    area = CompetenceArea.objects.create(name="Hotellsvenska")
    NeedFactory(area=area)
    NeedFactory(area=area)
    Course.objects.create(provider=own_org, title_sv="Svenska i hotell").areas.add(area)
    usage = {u.name: u.count for u in selectors.area_usage(area=area)}
    assert usage["needs"] == 2 and usage["courses"] == 1 and usage["organisations"] == 0
