"""The migration to one vocabulary keeps every tag: each need, course and member keeps its
areas, and names that differ only in letter case (Å, Ä, Ö too), spaces or hyphens become one
area. Run on the real migrations: back to the three word lists, data in, forward again."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kompetensnav.campus.models import Course
from kompetensnav.common.demodata import luhn_complete
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Organisation
from kompetensnav.visits.models import Need
from tests.postgres import only_on_postgres

BEFORE = [
    ("competences", "0001_initial"),
    ("visits", "0003_visit_project"),
    ("network", "0002_profile_memberships_contacts_events"),
    ("campus", "0002_history_and_zero_length_sessions"),
]


# A serialized transactional test runs only with the other serialized ones, on PostgreSQL:
# on SQLite the browser suite's flushes and this test's restore would disagree about the
# content types (docs/testing.md, "How the database behaves").
pytestmark = [
    *only_on_postgres("migrations back and forth are tested on PostgreSQL"),
    pytest.mark.slow,
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_vocabulary_migration_keeps_every_tag():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    try:
        org = old.get_model("network", "Organisation").objects.create(
            name="Lärcentrum Test", kind="learning_centre"
        )
        company = old.get_model("companies", "Company").objects.create(
            name="Verkstad AB", org_number=luhn_complete("559912399")
        )
        visit = old.get_model("visits", "Visit").objects.create(
            company=company, organisation=org, date=date(2026, 3, 2)
        )
        NeedArea = old.get_model("visits", "CompetenceArea")
        EducationArea = old.get_model("network", "EducationArea")
        cnc_need = NeedArea.objects.create(name="CNC-operatörer")
        other_need = NeedArea.objects.create(name="Övrigt")
        OldNeed = old.get_model("visits", "Need")
        OldNeed.objects.create(visit=visit, area=cnc_need, description="a")
        OldNeed.objects.create(visit=visit, area=other_need, description="b")
        other_course = EducationArea.objects.create(name="övrigt")
        cnc_course = EducationArea.objects.create(name="CNC teknik")
        welding = EducationArea.objects.create(name="Svetsning")
        course = old.get_model("campus", "Course").objects.create(provider=org, title_sv="K")
        course.areas.set([other_course, cnc_course])
        org_model = old.get_model("network", "Organisation").objects.get(pk=org.pk)
        org_model.education_areas.set([welding, other_course])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    names = set(CompetenceArea.objects.values_list("name", flat=True))
    # "Övrigt" and "övrigt" are one area (Python's case folding, on SQLite too)
    assert names == {"CNC-operatörer", "Övrigt", "CNC teknik", "Svetsning"}
    needs = {n.description: n.area.name for n in Need.objects.select_related("area")}
    assert needs == {"a": "CNC-operatörer", "b": "Övrigt"}
    course = Course.objects.get(title_sv="K")
    assert sorted(a.name for a in course.areas.all()) == ["CNC teknik", "Övrigt"]
    member = Organisation.objects.get(name="Lärcentrum Test")
    assert sorted(a.name for a in member.education_areas.all()) == ["Svetsning", "Övrigt"]
