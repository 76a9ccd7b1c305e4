"""A course's competence areas are areas of the shared vocabulary (competences), no longer the
network's education-area tags. Every course keeps its areas, by name (competences 0002)."""

from django.db import migrations, models

from kompetensnav.competences.migrations._tags import area_ids_by_key, key_of


def point_courses_at_vocabulary(apps, schema_editor):
    Course = apps.get_model("campus", "Course")
    OldArea = apps.get_model("network", "EducationArea")
    new_ids = area_ids_by_key(apps)
    names = dict(OldArea.objects.values_list("pk", "name"))
    Old = Course.areas.through
    New = Course.competence_areas.through
    links = {
        (course_id, new_ids[key_of(names[area_id])])
        for course_id, area_id in Old.objects.values_list("course_id", "educationarea_id")
    }
    New.objects.bulk_create(
        New(course_id=course_id, competencearea_id=area_id) for course_id, area_id in sorted(links)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campus", "0002_history_and_zero_length_sessions"),
        ("competences", "0002_vocabulary_from_tags"),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="competence_areas",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="competences.competencearea"
            ),
        ),
        migrations.RunPython(point_courses_at_vocabulary, migrations.RunPython.noop),
        migrations.RemoveField(model_name="course", name="areas"),
        migrations.RenameField(
            model_name="course", old_name="competence_areas", new_name="areas"
        ),
        migrations.AlterField(
            model_name="course",
            name="areas",
            field=models.ManyToManyField(
                blank=True,
                related_name="courses",
                to="competences.competencearea",
                verbose_name="competence areas",
            ),
        ),
    ]
