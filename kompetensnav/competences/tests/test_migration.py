"""The migration to one vocabulary keeps every tag: each need, course and member keeps its
areas, and names that differ only in letter case (Å, Ä, Ö too), spaces or hyphens become one
area. Run on the real migrations: back to the three word lists, data in, forward again."""

from datetime import date

import pytest
from django.db.migrations.executor import MigrationExecutor

from kompetensnav.campus.models import Course
from kompetensnav.common.demodata import luhn_complete
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Organisation
from kompetensnav.visits.models import Need
from tests.postgres import only_on_postgres, scratch_database

BEFORE = [
    ("competences", "0001_initial"),
    ("visits", "0003_visit_project"),
    ("network", "0002_profile_memberships_contacts_events"),
    ("campus", "0002_history_and_zero_length_sessions"),
]

# On a database of its own, migrated from nothing to the three word lists and then forward:
# undoing the migrations on the test database took a minute and a half, and its restore after.
pytestmark = [
    *only_on_postgres("migrations back and forth are tested on PostgreSQL"),
    pytest.mark.slow,
]


def test_vocabulary_migration_keeps_every_tag(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), scratch_database("vocabulary") as scratch:
        executor = MigrationExecutor(scratch)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        _old_tags(old)
        executor = MigrationExecutor(scratch)
        executor.migrate(executor.loader.graph.leaf_nodes())
        _tags_kept()


def _old_tags(old) -> None:
    """Tags in the three word lists, with names that differ only in case and spaces."""
    org = old.get_model("network", "Organisation").objects.create(
        name="Lärcentrum Test", kind="learning_centre"
    )
    company = old.get_model("companies", "Company").objects.create(
        name="Verkstad AB", org_number=luhn_complete("559912399")
    )
    visit = old.get_model("visits", "Visit").objects.create(
        company=company, organisation=org, date=date(2026, 3, 2)
    )
    need_areas = old.get_model("visits", "CompetenceArea").objects
    education_areas = old.get_model("network", "EducationArea").objects
    cnc_need = need_areas.create(name="CNC-operatörer")
    other_need = need_areas.create(name="Övrigt")
    needs = old.get_model("visits", "Need").objects
    needs.create(visit=visit, area=cnc_need, description="a")
    needs.create(visit=visit, area=other_need, description="b")
    other_course = education_areas.create(name="övrigt")
    cnc_course = education_areas.create(name="CNC teknik")
    welding = education_areas.create(name="Svetsning")
    course = old.get_model("campus", "Course").objects.create(provider=org, title_sv="K")
    course.areas.set([other_course, cnc_course])
    org.education_areas.set([welding, other_course])


def _tags_kept() -> None:
    names = set(CompetenceArea.objects.values_list("name", flat=True))
    # "Övrigt" and "övrigt" are one area (Python's case folding, on SQLite too)
    assert names == {"CNC-operatörer", "Övrigt", "CNC teknik", "Svetsning"}
    needs = {n.description: n.area.name for n in Need.objects.select_related("area")}
    assert needs == {"a": "CNC-operatörer", "b": "Övrigt"}
    course = Course.objects.get(title_sv="K")
    assert sorted(a.name for a in course.areas.all()) == ["CNC teknik", "Övrigt"]
    member = Organisation.objects.get(name="Lärcentrum Test")
    assert sorted(a.name for a in member.education_areas.all()) == ["Svetsning", "Övrigt"]
