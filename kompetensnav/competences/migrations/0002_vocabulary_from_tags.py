"""One vocabulary from the two word lists that came before it: the needs' competence areas
(visits) and the members' and courses' education areas (network). Names that are one key
(see area_key: letter case, spaces and hyphens) become one area, the first spelling kept.
The apps' own migrations then point their needs, courses and members here, so no tag is lost
(visits 0004, campus 0003, network 0003)."""

from django.db import migrations

from kompetensnav.competences.migrations._tags import NAME_MAX, UNNAMED, key_of


def vocabulary_from_tags(apps, schema_editor):
    Area = apps.get_model("competences", "CompetenceArea")
    names = list(
        apps.get_model("visits", "CompetenceArea").objects.order_by("pk").values_list("name", flat=True)
    ) + list(
        apps.get_model("network", "EducationArea").objects.order_by("pk").values_list("name", flat=True)
    )
    known = set(Area.objects.values_list("key", flat=True))
    for raw in names:
        name = " ".join((raw or "").split())[:NAME_MAX] or UNNAMED
        key = key_of(name)
        if key not in known:
            Area.objects.create(name=name, key=key)
            known.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("competences", "0001_initial"),
        ("visits", "0003_visit_project"),
        ("network", "0002_profile_memberships_contacts_events"),
    ]

    operations = [migrations.RunPython(vocabulary_from_tags, migrations.RunPython.noop)]
