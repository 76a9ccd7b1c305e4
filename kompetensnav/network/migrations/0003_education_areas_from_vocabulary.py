"""A member's education areas are areas of the shared vocabulary (competences), and the
network's own tag list goes. Every member keeps its areas, by name (competences 0002); the
courses moved theirs first (campus 0003)."""

from django.db import migrations, models

from kompetensnav.competences.migrations._tags import area_ids_by_key, key_of


def point_members_at_vocabulary(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    OldArea = apps.get_model("network", "EducationArea")
    new_ids = area_ids_by_key(apps)
    names = dict(OldArea.objects.values_list("pk", "name"))
    Old = Organisation.education_areas.through
    New = Organisation.competence_areas.through
    links = {
        (org_id, new_ids[key_of(names[area_id])])
        for org_id, area_id in Old.objects.values_list("organisation_id", "educationarea_id")
    }
    New.objects.bulk_create(
        New(organisation_id=org_id, competencearea_id=area_id) for org_id, area_id in sorted(links)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_profile_memberships_contacts_events"),
        ("competences", "0002_vocabulary_from_tags"),
        ("campus", "0003_course_areas_from_vocabulary"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="competence_areas",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="competences.competencearea"
            ),
        ),
        migrations.RunPython(point_members_at_vocabulary, migrations.RunPython.noop),
        migrations.RemoveField(model_name="organisation", name="education_areas"),
        migrations.RenameField(
            model_name="organisation", old_name="competence_areas", new_name="education_areas"
        ),
        migrations.AlterField(
            model_name="organisation",
            name="education_areas",
            field=models.ManyToManyField(
                blank=True,
                related_name="organisations",
                to="competences.competencearea",
                verbose_name="education areas",
            ),
        ),
        migrations.DeleteModel(name="EducationArea"),
    ]
